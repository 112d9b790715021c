import type { Cluster } from '@tskafka/network';
import { apis, protocolErrorFromCode } from '@tskafka/protocol';

/** Sequence numbers wrap from 2^31-1 to 0 (KIP-98). */
const SEQUENCE_MODULO = 2 ** 31;

/**
 * The idempotent producer's identity: producer id and epoch from InitProducerId, and the next
 * sequence number of each partition. A new id or epoch restarts every sequence at 0.
 */
export class ProducerIdentity {
  producerId = -1n;
  producerEpoch = -1;
  readonly #sequences = new Map<number, number>();
  #initializing: Promise<void> | null = null;

  /** @param init fetches a producer id and epoch (InitProducerId) */
  constructor(private readonly init: () => Promise<{ producerId: bigint; producerEpoch: number }>) {}

  /** Whether a producer id is held. */
  get ready(): boolean {
    return this.producerId >= 0n;
  }

  /** Obtains a producer id once; concurrent callers share the request. */
  ensure(): Promise<void> {
    if (this.ready) return Promise.resolve();
    this.#initializing ??= this.init()
      .then(({ producerId, producerEpoch }) => this.assign(producerId, producerEpoch))
      .finally(() => {
        this.#initializing = null;
      });
    return this.#initializing;
  }

  /** Takes a new id and epoch; every partition's sequence restarts at 0. */
  assign(producerId: bigint, producerEpoch: number): void {
    this.producerId = producerId;
    this.producerEpoch = producerEpoch;
    this.#sequences.clear();
  }

  /** Drops the id (after a batch failed for good, its sequence is lost); the next send asks for a new one. */
  reset(): void {
    this.assign(-1n, -1);
  }

  /** Reserves `count` sequence numbers on a partition and returns the first. */
  nextSequence(partition: number, count: number): number {
    const base = this.#sequences.get(partition) ?? 0;
    this.#sequences.set(partition, (base + count) % SEQUENCE_MODULO);
    return base;
  }
}

/** InitProducerId without a transactional id (plain idempotence), from any broker, with the cluster's retries. */
export function initIdempotentProducer(
  cluster: Cluster,
  transactionTimeoutMs: number,
): Promise<{ producerId: bigint; producerEpoch: number }> {
  return cluster.withRetry(async () => {
    const broker = await cluster.anyBroker();
    const response = await broker.request(apis.InitProducerId, {
      transactionalId: null,
      transactionTimeoutMs,
    });
    if (response.errorCode !== 0) throw protocolErrorFromCode(response.errorCode, '/errorCode');
    return { producerId: response.producerId, producerEpoch: response.producerEpoch };
  });
}
