import {
  AbortedError,
  ClosedError,
  type Cluster,
  ConfigurationError,
  type TopicMetadata,
  UnknownTopicError,
} from '@tskafka/network';
import {
  apis,
  KafkaProtocolError,
  type ProduceRecord,
  protocolErrorFromCode,
  type RecordBytes,
} from '@tskafka/protocol';
import { Accumulator } from './accumulator.js';
import type { Batch, RecordMetadata, Reject, Resolve } from './batch.js';
import { type DeliveryReport, DeliveryReportQueue, reportingSettlers } from './delivery-reports.js';
import { ProducerQueueFullError, TransactionStateError } from './errors.js';
import {
  IDEMPOTENT_WINDOW,
  type ProducerOptions,
  type ResolvedProducerOptions,
  resolveProducerOptions,
} from './options.js';
import { initIdempotentProducer, ProducerIdentity } from './producer-identity.js';
import { Sender } from './sender.js';
import { keyBytes, type ProduceHeader, recordSize, serializeRecord } from './serialize.js';
import { TransactionManager, type TransactionOffset } from './transactions.js';

/** Per-record arguments of {@link Producer.produce}. */
export interface ProduceOptions<K = RecordBytes> {
  /** The record key; the partitioner hashes its serialized bytes. */
  partitionKey?: K;
  /** Send to this partition, bypassing the partitioner. */
  partition?: number;
  /** Create time in ms since the epoch. Default: now. */
  timestamp?: number;
  /** Record headers, in order. */
  headers?: ProduceHeader[];
}

const MESSAGE_TOO_LARGE = 10;
const OUT_OF_ORDER_SEQUENCE = 45;
const UNKNOWN_TOPIC = 3;

/** What `produce()` gets without options: shared, so a call without them allocates nothing for them. */
const NO_OPTIONS: ProduceOptions<never> = Object.freeze({});

// Every record's promise is built with this one executor, which hands its settle functions over
// through these two slots: an executor closure per produce() call would be garbage per record.
let capturedResolve: Resolve = () => {};
let capturedReject: Reject = () => {};
const capture = (resolve: Resolve, reject: Reject): void => {
  capturedResolve = resolve;
  capturedReject = reject;
};

/**
 * Produces records to one topic: PyKafka's `Producer` (and `SyncProducer` with `sync: true`).
 * Records are partitioned, accumulated per partition for `lingerMs` or until `batchSize` bytes,
 * and sent as one Produce request per leader broker. `produce()` resolves once the broker
 * acknowledged the record (immediately after sending with acks 0). Idempotent by default with
 * acks `'all'`; transactional with a `transactionalId`.
 *
 * Build it from a {@link Cluster} and a topic name; the cluster is borrowed (the producer closes
 * only its own connections). `topic.getProducer(options)` in the `tskafka` package does this for you.
 *
 * @example
 * ```ts
 * await using producer = new Producer(cluster, 'orders', { compression: 'lz4' });
 * const { partition, offset } = await producer.produce('hello', { partitionKey: 'user-1' });
 * ```
 */
export class Producer<V = RecordBytes, K = RecordBytes> {
  /** The topic this producer writes to. */
  readonly topic: string;
  readonly #cluster: Cluster;
  readonly #options: ResolvedProducerOptions<V, K>;
  readonly #accumulator: Accumulator;
  readonly #sender: Sender;
  readonly #reports: DeliveryReportQueue | null;
  readonly #transaction: TransactionManager | null;
  #identity: ProducerIdentity | null | undefined;
  /** Produce calls that had to wait (metadata, room); later calls queue behind them to keep order. */
  #slowTail: Promise<unknown> = Promise.resolve();
  #slowPending = 0;
  #roomWaiter: { size: number; resolve: () => void; reject: (error: Error) => void } | null = null;
  #drainWaiters: (() => void)[] = [];
  #syncTail: Promise<unknown> = Promise.resolve();
  #closing: Promise<void> | null = null;
  #partitionsOf: TopicMetadata | null = null;
  #partitionList: readonly number[] = [];

  /**
   * @param cluster the cluster client to send through (not closed by the producer)
   * @param topic the topic to write to
   * @throws {ConfigurationError} naming the first invalid option
   */
  constructor(cluster: Cluster, topic: string, options: ProducerOptions<V, K> = {}) {
    if (typeof topic !== 'string' || topic === '')
      throw new ConfigurationError('topic', 'expected a topic name');
    this.topic = topic;
    this.#cluster = cluster;
    this.#options = resolveProducerOptions(options);
    const o = this.#options;
    this.#accumulator = new Accumulator(o);
    this.#reports = o.deliveryReports ? new DeliveryReportQueue(o.maxDeliveryReports) : null;
    this.#transaction =
      o.transactionalId === undefined
        ? null
        : new TransactionManager(cluster, topic, o.transactionalId, o.transactionTimeoutMs);
    this.#identity = o.idempotent === false || o.acks !== -1 ? null : undefined;
    const hooks = {
      prepare: (b: readonly Batch[]) => this.#prepare(b),
      done: (b: Batch, e: Error | null) => this.#done(b, e),
      settled: () => this.#settled(),
      resequence: (b: Batch, e: KafkaProtocolError) => this.#resequence(b, e),
      inFlightPerPartition: () => this.#inFlightPerPartition(),
    };
    this.#sender = new Sender(
      cluster,
      topic,
      o as ResolvedProducerOptions<unknown, unknown>,
      this.#accumulator,
      hooks,
    );
  }

  /** Records queued or in flight, not yet acknowledged or failed. */
  get pendingMessages(): number {
    return this.#accumulator.messages;
  }

  /** Delivery reports discarded because nobody read them (see `maxDeliveryReports`). */
  get droppedDeliveryReports(): number {
    return this.#reports?.dropped ?? 0;
  }

  /**
   * Queues one record and resolves with its partition, offset and timestamp once acknowledged.
   * Rejects with `SerializationError`, `ProducerQueueFullError`, `ClosedError`,
   * `UnknownTopicError`, `ConfigurationError` (bad partition or timestamp), `KafkaProtocolError`
   * (MESSAGE_TOO_LARGE for a record over `maxRequestSize`, or the broker's error after retries),
   * `TransactionStateError`, or a connection/timeout error once retries are spent.
   */
  produce(value: V, options: ProduceOptions<K> = NO_OPTIONS): Promise<RecordMetadata> {
    if (!this.#options.sync) return this.#enqueue(value, options);
    const next = this.#syncTail.then(() => this.#enqueue(value, options));
    this.#syncTail = next.catch(() => {});
    return next;
  }

  /**
   * Sends everything queued now, without waiting for `lingerMs`, and resolves when all of it is
   * finished (acknowledged or failed: each record's own promise tells which). With `signal`, stops
   * waiting (the records still go out) and rejects with `AbortedError` when it fires.
   */
  async flush(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new AbortedError('flush was aborted', { cause: signal.reason });
    this.#sender.force(true);
    let onAbort = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new AbortedError('flush was aborted', { cause: signal?.reason }));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([this.#drained(), aborted]);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.#sender.force(false);
    }
  }

  async #drained(): Promise<void> {
    await this.#slowTail;
    while (this.#accumulator.messages > 0) await new Promise<void>((r) => this.#drainWaiters.push(r));
  }

  /**
   * The oldest delivery report, `[message, null]` or `[message, error]`; waits up to `timeoutMs`
   * (-1 = until one arrives or the producer closes) and resolves undefined when none came.
   * @throws {ConfigurationError} unless the producer was built with `deliveryReports: true`
   */
  getDeliveryReport(timeoutMs = -1): Promise<DeliveryReport | undefined> {
    if (this.#reports === null)
      return Promise.reject(new ConfigurationError('deliveryReports', 'delivery reporting is disabled'));
    return this.#reports.take(timeoutMs);
  }

  /** Opens a transaction (transactional producers only); fetches the producer id on first use. */
  async beginTransaction(): Promise<void> {
    const txn = this.#requireTransaction();
    await this.#ensureIdentity();
    txn.begin();
  }

  /** Adds consumed offsets to the open transaction, committed with it (consume-transform-produce). */
  async sendOffsetsToTransaction(offsets: readonly TransactionOffset[], groupId: string): Promise<void> {
    const txn = this.#requireTransaction();
    const id = await this.#ensureIdentity();
    await txn.sendOffsets(offsets, groupId, id.producerId, id.producerEpoch);
  }

  /** Delivers every record of the open transaction, then commits it. */
  async commitTransaction(): Promise<void> {
    await this.#endTransaction(true);
  }

  /** Delivers what was sent, then aborts the open transaction: read_committed readers never see it. */
  async abortTransaction(): Promise<void> {
    await this.#endTransaction(false);
  }

  /**
   * Sends what is queued (waiting up to `pendingTimeoutMs`), fails whatever is left with
   * `ClosedError`, and releases this producer's connections and timers. Later calls reject with
   * `ClosedError`. Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  /** Same as {@link close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #enqueue(value: V, options: ProduceOptions<K>): Promise<RecordMetadata> {
    try {
      if (this.#closing !== null) throw new ClosedError('the producer is closed');
      this.#transaction?.checkProduce();
      const record = this.#serialize(value, options);
      const size = this.#sizeOf(record);
      const partition = options.partition;
      if (partition !== undefined && !Number.isSafeInteger(partition))
        throw new ConfigurationError('partition', `expected a partition id, got ${String(partition)}`);
      const partitions = this.#partitionIds();
      if (partitions !== null && this.#slowPending === 0) {
        if (this.#accumulator.hasRoom(size)) {
          // A record stamped just now gives its time to a batch it opens: one clock read per record.
          const now = options.timestamp === undefined ? (record.timestamp as number) : Date.now();
          return this.#append(record, size, partition, partitions, now);
        }
        if (!this.#options.blockOnQueueFull) throw this.#fullError();
      }
      return this.#enqueueSlowly(record, size, partition);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Waits for metadata and room in order: calls made meanwhile queue behind, so none overtakes. */
  #enqueueSlowly(
    record: ProduceRecord,
    size: number,
    partition: number | undefined,
  ): Promise<RecordMetadata> {
    this.#slowPending++;
    const appended = this.#slowTail.then(async () => {
      try {
        const partitions = this.#partitionIds() ?? (await this.#loadPartitions());
        if (!this.#accumulator.hasRoom(size)) {
          if (!this.#options.blockOnQueueFull) throw this.#fullError();
          await new Promise<void>((resolve, reject) => {
            this.#roomWaiter = { size, resolve, reject };
          });
        }
        if (this.#closing !== null) throw new ClosedError('the producer is closed');
        return { delivered: this.#append(record, size, partition, partitions, Date.now()) };
      } finally {
        this.#slowPending--;
      }
    });
    this.#slowTail = appended.catch(() => {});
    return appended.then((a) => a.delivered);
  }

  #serialize(value: V, options: ProduceOptions<K>): ProduceRecord {
    const timestamp = options.timestamp ?? Date.now();
    if (!Number.isSafeInteger(timestamp) || timestamp < 0)
      throw new ConfigurationError('timestamp', `expected ms since the epoch, got ${String(timestamp)}`);
    const { serializer } = this.#options;
    return serializeRecord(serializer, value, options.partitionKey, options.headers, timestamp);
  }

  /** The record's size in a batch, bytes. @throws MESSAGE_TOO_LARGE over `maxRequestSize` */
  #sizeOf(record: ProduceRecord): number {
    const size = recordSize(record);
    if (size > this.#options.maxRequestSize)
      throw protocolErrorFromCode(
        MESSAGE_TOO_LARGE,
        undefined,
        `the record is about ${size} bytes, over maxRequestSize ${this.#options.maxRequestSize}`,
      );
    return size;
  }

  #append(
    record: ProduceRecord,
    size: number,
    partition: number | undefined,
    partitions: readonly number[],
    now: number,
  ): Promise<RecordMetadata> {
    if (partition === undefined) {
      partition = this.#options.partitioner(partitions, keyBytes(record.key ?? null), size);
      if (!partitions.includes(partition))
        throw new ConfigurationError(
          'partitioner',
          `returned ${String(partition)}, not a partition of ${this.topic}`,
        );
    } else if (!partitions.includes(partition)) {
      throw new ConfigurationError('partition', `${this.topic} has no partition ${partition}`);
    }
    const promise = new Promise<RecordMetadata>(capture);
    const resolve = capturedResolve;
    const reject = capturedReject;
    if (this.#reports === null) {
      this.#accumulator.append(partition, record, size, resolve, reject, now);
    } else {
      const [onAck, onFail] = reportingSettlers(this.#reports, record, partition, resolve, reject);
      this.#accumulator.append(partition, record, size, onAck, onFail, now);
    }
    this.#sender.wake();
    return promise;
  }

  /** Partition ids of the topic from cached metadata (sorted once per snapshot), or null when not cached. */
  #partitionIds(): readonly number[] | null {
    const topic = this.#cluster.metadata?.topics.get(this.topic);
    if (topic === undefined || topic.partitions.size === 0) return null;
    if (topic !== this.#partitionsOf) {
      this.#partitionsOf = topic;
      this.#partitionList = [...topic.partitions.keys()].sort((a, b) => a - b);
    }
    return this.#partitionList;
  }

  /** Fetches the topic's metadata, retrying while the broker does not know it yet (just created). */
  async #loadPartitions(): Promise<readonly number[]> {
    try {
      return await this.#cluster.withRetry(async () => {
        const meta = await this.#cluster.refresh([this.topic]);
        const ids = this.#partitionIds();
        if (ids !== null) return ids;
        throw protocolErrorFromCode(meta.topicErrors.get(this.topic) ?? 3, `/topics/${this.topic}`);
      });
    } catch (error) {
      if (error instanceof KafkaProtocolError && error.code === UNKNOWN_TOPIC)
        throw new UnknownTopicError(this.topic, undefined, { cause: error });
      throw error;
    }
  }

  #fullError(): ProducerQueueFullError {
    const a = this.#accumulator;
    return new ProducerQueueFullError(
      `the producer queue is full (${a.messages} records, ${a.bytes} bytes queued; limits ${this.#options.maxQueuedMessages} records, ${this.#options.maxQueuedBytes} bytes)`,
    );
  }

  #initIdempotent(): Promise<{ producerId: bigint; producerEpoch: number }> {
    return initIdempotentProducer(this.#cluster, this.#options.transactionTimeoutMs);
  }

  /** Decides idempotence on first use (broker support when not forced) and holds a producer id. */
  async #ensureIdentity(): Promise<ProducerIdentity> {
    if (this.#identity === undefined) {
      const txn = this.#transaction;
      if (txn !== null || this.#options.idempotent === true) {
        this.#identity = new ProducerIdentity(() => (txn ? txn.initProducerId() : this.#initIdempotent()));
      } else {
        const broker = await this.#cluster.anyBroker();
        const connection = await broker.connection();
        const supported = connection.versions.supports(apis.InitProducerId);
        this.#identity ??= supported ? new ProducerIdentity(() => this.#initIdempotent()) : null;
      }
    }
    const identity = this.#identity as ProducerIdentity;
    if (identity !== null) await identity.ensure();
    return identity;
  }

  async #prepare(batches: readonly Batch[]): Promise<void> {
    if (this.#identity === null) return;
    const identity = await this.#ensureIdentity();
    if (identity === null) return;
    for (const batch of batches) {
      if (batch.producerId === identity.producerId && batch.producerEpoch === identity.producerEpoch)
        continue;
      batch.producerId = identity.producerId;
      batch.producerEpoch = identity.producerEpoch;
      batch.baseSequence = identity.nextSequence(batch.partition, batch.records.length);
      batch.encoded = null;
    }
    await this.#transaction?.addPartitions(
      batches.map((b) => b.partition),
      identity.producerId,
      identity.producerEpoch,
    );
  }

  /**
   * Batches one partition may have in flight. Several only when sequence numbers keep them in
   * order (idempotent), or when the user accepted reordering on retries (`maxInFlightPerPartition`
   * without idempotence); never for transactions, whose partitions must be registered before their
   * first batch lands, nor while idempotence is still undecided.
   */
  #inFlightPerPartition(): number {
    const identity = this.#identity;
    if (this.#transaction !== null || identity === undefined) return 1;
    const o = this.#options;
    if (identity === null) return Math.min(o.maxInFlightPerPartition ?? 1, o.maxInFlight);
    return Math.min(o.maxInFlightPerPartition ?? IDEMPOTENT_WINDOW, IDEMPOTENT_WINDOW, o.maxInFlight);
  }

  /** Whether `batch` carries the producer id and epoch the producer holds now. */
  #current(batch: Batch): boolean {
    const identity = this.#identity;
    return (
      identity instanceof ProducerIdentity &&
      batch.producerId === identity.producerId &&
      batch.producerEpoch === identity.producerEpoch
    );
  }

  /**
   * A batch refused for its sequence. Transactional producers resend only batches that overtook
   * a failed one (as before KIP-360 their epoch belongs to the transaction coordinator). An
   * idempotent producer resends it; when it was its partition's first unacknowledged batch, no
   * earlier one is missing: the broker lost the producer's state (its records deleted by
   * retention, say), so the producer moves to the next epoch and sequences restart at 0 (KIP-360).
   */
  #resequence(batch: Batch, error: KafkaProtocolError): boolean {
    const identity = this.#identity;
    if (!(identity instanceof ProducerIdentity)) return false;
    if (this.#transaction !== null) return error.code === OUT_OF_ORDER_SEQUENCE;
    if (this.#current(batch) && identity.isNext(batch.partition, batch.baseSequence)) {
      this.#options.logger.warn(
        { topic: this.topic, partition: batch.partition, producerEpoch: identity.producerEpoch + 1, error },
        'producer sequence lost on the broker: bumping the epoch',
      );
      identity.bump();
    }
    return true;
  }

  #done(batch: Batch, error: Error | null): void {
    if (error === null) {
      if (batch.baseSequence >= 0 && this.#current(batch))
        (this.#identity as ProducerIdentity).acknowledge(
          batch.partition,
          batch.baseSequence,
          batch.records.length,
        );
    } else {
      this.#options.logger.error(
        { topic: this.topic, partition: batch.partition, error },
        'records not delivered',
      );
      this.#transaction?.recordFailed(error);
      // The failed batch's sequence numbers are gone: start over at the next epoch (KIP-360).
      if (this.#transaction === null && batch.baseSequence >= 0 && this.#current(batch))
        (this.#identity as ProducerIdentity).bump();
    }
  }

  /** Records were settled: wake a produce() waiting for room, and flush() once nothing is left. */
  #settled(): void {
    const waiter = this.#roomWaiter;
    if (waiter !== null && this.#accumulator.hasRoom(waiter.size)) {
      this.#roomWaiter = null;
      waiter.resolve();
    }
    if (this.#accumulator.messages === 0) for (const resolve of this.#drainWaiters.splice(0)) resolve();
  }

  #requireTransaction(): TransactionManager {
    if (this.#closing !== null) throw new ClosedError('the producer is closed');
    if (this.#transaction === null)
      throw new TransactionStateError('transactions need the transactionalId option');
    return this.#transaction;
  }

  async #endTransaction(commit: boolean): Promise<void> {
    const txn = this.#requireTransaction();
    await this.flush();
    const id = await this.#ensureIdentity();
    await txn.end(commit, id.producerId, id.producerEpoch);
  }

  async #close(): Promise<void> {
    const timeout = this.#options.pendingTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<void>((resolve) => {
      if (timeout >= 0) timer = setTimeout(resolve, timeout);
    });
    await Promise.race([this.flush(), expired]);
    clearTimeout(timer);
    const closed = new ClosedError('the producer closed before these records were acknowledged');
    this.#roomWaiter?.reject(closed);
    this.#roomWaiter = null;
    await this.#sender.close();
    for (const batch of this.#accumulator.drainAll()) {
      this.#accumulator.release(batch);
      batch.fail(closed);
    }
    this.#reports?.release();
    for (const resolve of this.#drainWaiters.splice(0)) resolve();
  }
}
