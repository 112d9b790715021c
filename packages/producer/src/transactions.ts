import { type Broker, type Cluster, ConnectionError } from '@tskafka/network';
import {
  type Api,
  apis,
  KafkaProtocolError,
  protocolErrorFromCode,
  type RequestOf,
  type ResponseOf,
} from '@tskafka/protocol';
import { TransactionStateError } from './errors.js';

/** One consumed position to commit with the transaction (the offset of the next record to read). */
export interface TransactionOffset {
  topic: string;
  partition: number;
  offset: bigint;
  metadata?: string | null;
}

/** Errors that mean a newer producer with our transactional id took over: fatal for this one. */
const FENCED = new Set(['PRODUCER_FENCED', 'INVALID_PRODUCER_EPOCH', 'INVALID_PRODUCER_ID_MAPPING']);
/** The coordinator moved: look it up again before the retry. */
const COORDINATOR_MOVED = new Set(['NOT_COORDINATOR', 'COORDINATOR_NOT_AVAILABLE']);
/** Transactions V2 (KIP-890) changes these APIs; this producer speaks V1, which every broker serves. */
const END_TXN_MAX = 4;
const TXN_OFFSET_COMMIT_MAX = 4;

type State = 'ready' | 'in-transaction' | 'ending';

/**
 * The transactional producer's protocol (transactions V1, KIP-98): producer id from the
 * transaction coordinator, partitions registered before their first batch, offsets added to the
 * transaction, EndTxn to commit or abort. A fencing error makes the producer unusable (every later
 * call rejects with {@link TransactionStateError} carrying it); a failed send makes the open
 * transaction abort-only.
 */
export class TransactionManager {
  #state: State = 'ready';
  #fatal: Error | null = null;
  #abortOnly: Error | null = null;
  #coordinator: Broker | null = null;
  readonly #partitions = new Set<number>();
  #hasOffsets = false;

  constructor(
    private readonly cluster: Cluster,
    private readonly topic: string,
    readonly transactionalId: string,
    private readonly timeoutMs: number,
  ) {}

  /** InitProducerId through the coordinator: a new epoch that fences older instances. */
  async initProducerId(): Promise<{ producerId: bigint; producerEpoch: number }> {
    const body = { transactionalId: this.transactionalId, transactionTimeoutMs: this.timeoutMs };
    const response = await this.#call(apis.InitProducerId, body, undefined, (r) => r.errorCode);
    return { producerId: response.producerId, producerEpoch: response.producerEpoch };
  }

  /** Opens a transaction. @throws {TransactionStateError} when one is open or the producer is fenced */
  begin(): void {
    this.#checkUsable();
    if (this.#state !== 'ready')
      throw new TransactionStateError(`cannot begin: a transaction is ${this.#state}`);
    this.#state = 'in-transaction';
  }

  /** @throws {TransactionStateError} unless a transaction is open (records must belong to one). */
  checkProduce(): void {
    this.#checkUsable();
    if (this.#state !== 'in-transaction')
      throw new TransactionStateError('a transactional producer produces only inside beginTransaction()');
  }

  /** Registers partitions with the open transaction before their first batch (AddPartitionsToTxn). */
  async addPartitions(
    partitions: readonly number[],
    producerId: bigint,
    producerEpoch: number,
  ): Promise<void> {
    const fresh = partitions.filter((p) => !this.#partitions.has(p));
    if (fresh.length === 0) return;
    const body = {
      v3AndBelowTransactionalId: this.transactionalId,
      v3AndBelowProducerId: producerId,
      v3AndBelowProducerEpoch: producerEpoch,
      v3AndBelowTopics: [{ name: this.topic, partitions: fresh }],
      transactions: [],
    };
    await this.#call(apis.AddPartitionsToTxn, body, 3, (r) => {
      for (const topic of r.resultsByTopicV3AndBelow)
        for (const p of topic.resultsByPartition) if (p.partitionErrorCode !== 0) return p.partitionErrorCode;
      return 0;
    });
    for (const p of fresh) this.#partitions.add(p);
  }

  /** Adds consumed offsets of `groupId` to the open transaction (AddOffsetsToTxn, TxnOffsetCommit). */
  async sendOffsets(
    offsets: readonly TransactionOffset[],
    groupId: string,
    producerId: bigint,
    producerEpoch: number,
  ): Promise<void> {
    this.checkProduce();
    const ids = { transactionalId: this.transactionalId, producerId, producerEpoch };
    await this.#call(apis.AddOffsetsToTxn, { ...ids, groupId }, undefined, (r) => r.errorCode);
    this.#hasOffsets = true;
    const topics = new Map<string, TransactionOffset[]>();
    for (const o of offsets) topics.set(o.topic, [...(topics.get(o.topic) ?? []), o]);
    const body = {
      ...ids,
      groupId,
      generationId: -1,
      memberId: '',
      groupInstanceId: null,
      topics: [...topics].map(([name, list]) => ({
        name,
        partitions: list.map((o) => ({
          partitionIndex: o.partition,
          committedOffset: o.offset,
          committedLeaderEpoch: -1,
          committedMetadata: o.metadata ?? null,
        })),
      })),
    };
    await this.#retrying(async () => {
      const coordinator = await this.cluster.findCoordinator(groupId, 'group');
      const r = await coordinator.request(apis.TxnOffsetCommit, body, { maxVersion: TXN_OFFSET_COMMIT_MAX });
      for (const [t, topic] of r.topics.entries())
        for (const [i, p] of topic.partitions.entries())
          if (p.errorCode !== 0) throw protocolErrorFromCode(p.errorCode, `/topics/${t}/partitions/${i}`);
    });
  }

  /** Marks the open transaction abort-only after one of its records failed for good. */
  recordFailed(error: Error): void {
    if (this.#state === 'in-transaction') this.#abortOnly ??= error;
    if (error instanceof KafkaProtocolError && FENCED.has(error.errorName)) this.#fatal ??= error;
  }

  /**
   * Ends the open transaction (EndTxn). `flush` must have delivered every record first.
   * @throws {TransactionStateError} when committing an abort-only transaction (abort it instead)
   */
  async end(commit: boolean, producerId: bigint, producerEpoch: number): Promise<void> {
    this.#checkUsable();
    if (this.#state !== 'in-transaction')
      throw new TransactionStateError(`cannot ${commit ? 'commit' : 'abort'}: no transaction is open`);
    if (commit && this.#abortOnly !== null)
      throw new TransactionStateError('a record of this transaction failed: abort it', {
        cause: this.#abortOnly,
      });
    this.#state = 'ending';
    try {
      if (this.#partitions.size > 0 || this.#hasOffsets) {
        const body = { transactionalId: this.transactionalId, producerId, producerEpoch, committed: commit };
        await this.#call(apis.EndTxn, body, END_TXN_MAX, (r) => r.errorCode);
      }
      this.#state = 'ready';
      this.#partitions.clear();
      this.#hasOffsets = false;
      this.#abortOnly = null;
    } catch (error) {
      this.#state = 'in-transaction';
      throw error;
    }
  }

  #checkUsable(): void {
    if (this.#fatal !== null)
      throw new TransactionStateError('the producer was fenced by a newer instance', { cause: this.#fatal });
  }

  /** Sends to the transaction coordinator with the cluster's retry policy; checks `errorOf` the response. */
  #call<A extends Api>(
    api: A,
    body: RequestOf<A>,
    maxVersion: number | undefined,
    errorOf: (response: ResponseOf<A>) => number,
  ): Promise<ResponseOf<A>> {
    return this.#retrying(async () => {
      this.#coordinator ??= await this.cluster.findCoordinator(this.transactionalId, 'transaction');
      const response = await this.#coordinator.request(api, body, { maxVersion });
      const code = errorOf(response);
      if (code !== 0) throw protocolErrorFromCode(code, `/${api.name}`);
      return response;
    });
  }

  #retrying<T>(operation: () => Promise<T>): Promise<T> {
    return this.cluster
      .withRetry(async () => {
        try {
          return await operation();
        } catch (error) {
          const moved = error instanceof KafkaProtocolError && COORDINATOR_MOVED.has(error.errorName);
          if (moved || error instanceof ConnectionError) this.#coordinator = null;
          throw error;
        }
      })
      .catch((error: unknown) => {
        if (error instanceof KafkaProtocolError && FENCED.has(error.errorName)) this.#fatal ??= error;
        throw error;
      });
  }
}
