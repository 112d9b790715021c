import type { Cluster } from '@tskafka/network';
import { apis, protocolErrorFromCode } from '@tskafka/protocol';

/** Sequence numbers wrap from 2^31-1 to 0 (KIP-98). */
const SEQUENCE_MODULO = 2 ** 31;
/** Largest producer epoch (INT16); past it the producer needs a new id. */
const MAX_EPOCH = 0x7fff;

/**
 * The idempotent producer's identity: producer id and epoch from InitProducerId, and the next
 * sequence number of each partition. A new id or epoch restarts every sequence at 0.
 */
export class ProducerIdentity {
  producerId = -1n;
  producerEpoch = -1;
  readonly #sequences = new Map<number, number>();
  /** Per partition, the sequence the next batch after the acknowledged ones starts at. */
  readonly #acknowledged = new Map<number, number>();
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
    this.#acknowledged.clear();
  }

  /** Drops the id; the next send asks for a new one. */
  reset(): void {
    this.assign(-1n, -1);
  }

  /**
   * Moves to the next epoch of the same producer id (KIP-360), after a batch failed for good or
   * the broker lost track of the sequence: every partition's sequence restarts at 0, which the
   * broker accepts for a higher epoch. Done by the client, as Java's idempotent producer does:
   * InitProducerId without a transactional id always hands out a new id instead. Past the
   * largest epoch, or without an id, the next send asks for a new id.
   */
  bump(): void {
    if (this.producerId < 0n || this.producerEpoch >= MAX_EPOCH) this.reset();
    else this.assign(this.producerId, this.producerEpoch + 1);
  }

  /** Records that the broker acknowledged `count` records from `baseSequence` on a partition. */
  acknowledge(partition: number, baseSequence: number, count: number): void {
    this.#acknowledged.set(partition, (baseSequence + count) % SEQUENCE_MODULO);
  }

  /**
   * Whether a batch starting at `baseSequence` is the first unacknowledged one of its partition:
   * when the broker refuses it as out of order, no earlier batch is missing, so the broker lost
   * the producer's state (KIP-360), rather than the batch overtaking a failed one.
   */
  isNext(partition: number, baseSequence: number): boolean {
    return (this.#acknowledged.get(partition) ?? 0) === baseSequence;
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
