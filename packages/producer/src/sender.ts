import {
  type Broker,
  ClosedError,
  type Cluster,
  type Connection,
  ConnectionError,
  isRetriable,
  RequestTimeoutError,
} from '@tskafka/network';
import {
  apis,
  encodeRecordBatch,
  KafkaProtocolError,
  type ProduceResponse,
  protocolErrorFromCode,
} from '@tskafka/protocol';
import type { Accumulator } from './accumulator.js';
import type { Batch } from './batch.js';
import { BufferPool } from './buffer-pool.js';
import type { ResolvedProducerOptions } from './options.js';

/** DUPLICATE_SEQUENCE_NUMBER: an idempotent resend of a batch the broker already wrote. */
const DUPLICATE_SEQUENCE = 46;
/** Produce v13 addresses topics by id; this sender names them, so it stays at v12. */
const PRODUCE_MAX = 12;
/** Transactional Produce v12 needs transactions V2, which this producer does not speak yet. */
const TRANSACTIONAL_PRODUCE_MAX = 11;

/** What the producer does around each send. */
export interface SenderHooks {
  /** Before batches leave: obtain a producer id, stamp sequences, add partitions to the transaction. */
  prepare(batches: readonly Batch[]): Promise<void>;
  /** A batch is finished: acknowledged (`error` null) or failed for good. Its records settle after. */
  done(batch: Batch, error: Error | null): void;
  /** Finished batches' records were settled (resolved or rejected). */
  settled(): void;
  /**
   * An idempotent batch the broker refused for its sequence number (OUT_OF_ORDER_SEQUENCE_NUMBER
   * or UNKNOWN_PRODUCER_ID): whether to resend it (the producer may first move to a new epoch).
   */
  resequence(batch: Batch, error: KafkaProtocolError): boolean;
  /**
   * Batches of one partition allowed in flight at once. More than 1 only when sequence numbers
   * let the broker refuse a batch that would overtake an earlier one (idempotent producers).
   */
  inFlightPerPartition(): number;
}

let channels = 0;

/** Batch buffers smaller than this are not pooled (nor gathered: the frame copies them anyway). */
const POOLED_FROM = 16 * 1024;
/** Enough for the batches of a few requests in flight (5 per partition when idempotent), plus one. */
const POOLED_BUFFERS = 6;

/** OUT_OF_ORDER_SEQUENCE_NUMBER (an earlier batch is missing, or the broker lost the producer) or UNKNOWN_PRODUCER_ID. */
const isSequenceError = (error: Error): error is KafkaProtocolError =>
  error instanceof KafkaProtocolError && (error.code === 45 || error.code === 59);

/** MESSAGE_TOO_LARGE or RECORD_LIST_TOO_LARGE: the batch is over the broker's or topic's limit. */
const isTooLarge = (error: Error): boolean =>
  error instanceof KafkaProtocolError && (error.code === 10 || error.code === 18);

/**
 * Moves ready batches from the accumulator to partition leaders: one Produce request per broker
 * carrying every ready partition (up to `maxRequestSize`), at most `maxInFlight` requests per
 * broker. A partition has one batch in flight at a time, or up to 5 for an idempotent producer
 * (the broker refuses a batch that would overtake a missing earlier one, and it is resent after
 * it), so that records of a partition are written in the order they were produced. Retriable failures put the batch back at the head of its partition after a backoff and
 * refresh metadata, so the resend goes to the new leader.
 */
export class Sender {
  readonly #cluster: Cluster;
  readonly #topic: string;
  readonly #options: ResolvedProducerOptions<unknown, unknown>;
  readonly #accumulator: Accumulator;
  readonly #hooks: SenderHooks;
  /** This producer's own connection to each broker (a channel of the broker's connections). */
  readonly #channel = `producer-${++channels}`;
  readonly #connections = new Set<Connection>();
  /** Batches in flight per partition. */
  readonly #partitionLoad = new Map<number, number>();
  /** Partitions at their in-flight limit: nothing more leaves for them until an answer comes. */
  readonly #muted = new Set<number>();
  /** Per leader: settles when the latest request to it was written (see {@link #inTurn}). */
  readonly #lanes = new Map<number, Promise<void>>();
  /** Numbers batches in the order they first leave, so resends go back in that order. */
  #sendOrder = 0;
  readonly #inFlight = new Map<number, number>();
  #timer: NodeJS.Timeout | null = null;
  #scheduled = false;
  #forcing = 0;
  #refreshing = false;
  #refreshTimer: NodeJS.Timeout | null = null;
  #lastRefresh = 0;
  #closed = false;
  readonly #pool = new BufferPool(POOLED_FROM, POOLED_BUFFERS);
  readonly #allocate = (size: number): Buffer => this.#pool.take(size);
  /** Settles finished batches' records (see {@link #settleLater}). */
  #settling: (() => void)[] = [];

  constructor(
    cluster: Cluster,
    topic: string,
    options: ResolvedProducerOptions<unknown, unknown>,
    accumulator: Accumulator,
    hooks: SenderHooks,
  ) {
    this.#cluster = cluster;
    this.#topic = topic;
    this.#options = options;
    this.#accumulator = accumulator;
    this.#hooks = hooks;
  }

  /** Looks for ready batches on the next turn of the event loop (cheap to call often). */
  wake(): void {
    if (this.#scheduled || this.#closed) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#drain();
    });
  }

  /** While forcing, batches leave without waiting for `lingerMs` (flush and close). */
  force(on: boolean): void {
    this.#forcing += on ? 1 : -1;
    if (on) this.wake();
  }

  /** Stops sending and retrying and closes this producer's connections; in-flight requests fail. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    if (this.#refreshTimer !== null) clearTimeout(this.#refreshTimer);
    this.#timer = null;
    this.#refreshTimer = null;
    const connections = [...this.#connections];
    this.#connections.clear();
    await Promise.all(connections.map((c) => c.close()));
  }

  #drain(): void {
    if (this.#closed) return;
    const now = Date.now();
    const ready = this.#accumulator.ready(now, this.#forcing > 0, this.#muted);
    const byLeader = new Map<number, number[]>();
    // Partitions that are ready but wait on something that wakes the sender by itself (a
    // response, a metadata refresh): no timer for them, or the timer would spin.
    const held = new Set(this.#muted);
    const topic = this.#cluster.metadata?.topics.get(this.#topic);
    for (const partition of ready) {
      const leader = topic?.partitions.get(partition)?.leader ?? -1;
      if (leader < 0 || !this.#cluster.brokers.has(leader)) {
        held.add(partition);
        continue;
      }
      const list = byLeader.get(leader);
      if (list === undefined) byLeader.set(leader, [partition]);
      else list.push(partition);
    }
    const stale = held.size > this.#muted.size;
    for (const [leader, partitions] of byLeader) {
      while (partitions.length > 0 && (this.#inFlight.get(leader) ?? 0) < this.#options.maxInFlight) {
        void this.#send(leader, this.#takeRequest(partitions));
      }
      for (const partition of partitions) held.add(partition);
    }
    if (stale) this.#refreshMetadata();
    this.#schedule(now, held);
  }

  /** Takes batches from the front of `partitions` until the request would pass `maxRequestSize`. */
  #takeRequest(partitions: number[]): Batch[] {
    const batches: Batch[] = [];
    let bytes = 0;
    while (partitions.length > 0) {
      const batch = this.#accumulator.take(partitions[0]!, this.#options.maxRequestSize - bytes);
      if (batch === undefined) {
        partitions.shift();
        continue;
      }
      if (batches.length > 0 && bytes + batch.bytes > this.#options.maxRequestSize) {
        this.#accumulator.putBack(batch);
        break;
      }
      partitions.shift();
      batch.order ??= ++this.#sendOrder;
      const load = (this.#partitionLoad.get(batch.partition) ?? 0) + 1;
      this.#partitionLoad.set(batch.partition, load);
      if (load >= this.#hooks.inFlightPerPartition()) this.#muted.add(batch.partition);
      batches.push(batch);
      bytes += batch.bytes;
    }
    return batches;
  }

  #schedule(now: number, held: ReadonlySet<number>): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const next = this.#accumulator.nextDeadline(held);
    if (next === null) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        this.#drain();
      },
      Math.max(0, next - now),
    );
  }

  async #send(leader: number, batches: Batch[]): Promise<void> {
    this.#inFlight.set(leader, (this.#inFlight.get(leader) ?? 0) + 1);
    try {
      const response = await this.#inTurn(leader, async () => {
        await this.#hooks.prepare(batches);
        const connection = await this.#connection(this.#cluster.broker(leader));
        await this.#encode(batches);
        return { answer: this.#request(connection, batches) };
      }).then((sent) => sent.answer);
      if (response === null) for (const batch of batches) this.#finish(batch, null, -1n, -1);
      else this.#handle(response, batches);
    } catch (error) {
      for (const batch of batches) this.#retryOrFail(batch, error);
    } finally {
      this.#inFlight.set(leader, (this.#inFlight.get(leader) ?? 1) - 1);
      for (const { partition } of batches) {
        const load = (this.#partitionLoad.get(partition) ?? 1) - 1;
        if (load === 0) this.#partitionLoad.delete(partition);
        else this.#partitionLoad.set(partition, load);
        this.#muted.delete(partition);
      }
      this.wake();
      this.#settleLater();
    }
  }

  /**
   * Settles the records of the batches finished by an answer one turn later, after the sender
   * looked for what may leave now (the wake above is queued first). The application's reactions
   * to a thousand settled promises (often: producing more) would otherwise run before the next
   * request is written, while the partition has nothing in flight and the broker idles.
   */
  #settleLater(): void {
    if (this.#settling.length === 0) return;
    const settling = this.#settling;
    this.#settling = [];
    setImmediate(() => {
      for (const settle of settling) settle();
      this.#hooks.settled();
    });
  }

  /**
   * Runs `write` after the previous request to `leader` was written: sequence numbers are handed
   * out and requests reach the socket in the order batches left, whatever compression took.
   */
  async #inTurn<T>(leader: number, write: () => Promise<T>): Promise<T> {
    const previous = this.#lanes.get(leader);
    let release = () => {};
    this.#lanes.set(leader, new Promise<void>((resolve) => (release = resolve)));
    try {
      await previous;
      return await write();
    } finally {
      release();
    }
  }

  /** Encodes each batch once; resends reuse the bytes. */
  async #encode(batches: Batch[]): Promise<void> {
    const o = this.#options;
    const transactional = o.transactionalId !== undefined;
    await Promise.all(
      batches.map(async (batch) => {
        batch.encoded ??= await encodeRecordBatch(batch.records, {
          compression: o.compression,
          compressionLevel: o.compressionLevel,
          producerId: batch.producerId,
          producerEpoch: batch.producerEpoch,
          baseSequence: batch.baseSequence,
          transactional,
          allocate: this.#allocate,
        });
      }),
    );
  }

  /** Writes the Produce request now; resolves with the answer, or null when acks are 0 (none comes). */
  async #request(connection: Connection, batches: Batch[]): Promise<ProduceResponse | null> {
    const o = this.#options;
    const transactional = o.transactionalId !== undefined;
    const body = {
      transactionalId: o.transactionalId ?? null,
      acks: o.acks,
      timeoutMs: o.ackTimeoutMs,
      topicData: [
        {
          name: this.#topic,
          partitionData: batches.map((b) => ({ index: b.partition, records: b.encoded })),
        },
      ],
    };
    const maxVersion = transactional ? TRANSACTIONAL_PRODUCE_MAX : PRODUCE_MAX;
    if (o.acks === 0) {
      await connection.request(apis.Produce, body, { maxVersion, noResponse: true });
      return null;
    }
    return connection.request(apis.Produce, body, { maxVersion });
  }

  #handle(response: ProduceResponse, batches: Batch[]): void {
    const results = response.responses[0]?.partitionResponses ?? [];
    for (const batch of batches) {
      const at = results.findIndex((r) => r.index === batch.partition);
      const result = results[at];
      if (result === undefined) {
        this.#retryOrFail(batch, protocolErrorFromCode(-1, `/responses/0/partitions/${batch.partition}`));
      } else if (
        result.errorCode === 0 ||
        (result.errorCode === DUPLICATE_SEQUENCE && batch.baseSequence >= 0)
      ) {
        this.#finish(batch, null, result.baseOffset, Number(result.logAppendTimeMs));
      } else {
        const where = `/responses/0/partitionResponses/${at}`;
        const message = result.errorMessage ?? result.recordErrors[0]?.batchIndexErrorMessage;
        this.#retryOrFail(batch, protocolErrorFromCode(result.errorCode, where, message));
      }
    }
  }

  #retryOrFail(batch: Batch, error: unknown): void {
    const failure = error instanceof Error ? error : new Error(String(error));
    if (isTooLarge(failure) && batch.records.length > 1 && !this.#closed) {
      // Possibly a merged batch over the topic's max.message.bytes: resend it in halves.
      const [first, second] = batch.halve();
      this.#accumulator.putBack(first);
      this.#accumulator.putBack(second);
      return;
    }
    // With several batches of a partition in flight, those behind a failed one are refused as
    // out of order; they go back too and follow it. The producer handles a lost sequence (KIP-360).
    const resequenced =
      !this.#closed &&
      isSequenceError(failure) &&
      batch.baseSequence >= 0 &&
      this.#hooks.resequence(batch, failure);
    const retriable = isRetriable(failure) || resequenced;
    if (this.#closed || !retriable || batch.attempts >= this.#options.maxRetries) {
      this.#finish(batch, failure, -1n, -1);
      return;
    }
    const backoff = Math.min(
      this.#options.retryBackoffMs * 2 ** batch.attempts,
      this.#options.retryBackoffMs * 10,
    );
    batch.attempts++;
    batch.notBefore = Date.now() + backoff;
    this.#accumulator.putBack(batch);
    this.#options.logger.warn(
      { topic: this.#topic, partition: batch.partition, attempt: batch.attempts, error: failure },
      'resending batch',
    );
    const stale =
      (failure instanceof KafkaProtocolError && failure.refreshMetadata) ||
      failure instanceof ConnectionError ||
      failure instanceof RequestTimeoutError;
    if (stale) this.#refreshMetadata();
  }

  #finish(batch: Batch, error: Error | null, baseOffset: bigint, logAppendTime: number): void {
    this.#accumulator.release(batch);
    if (error === null) {
      // Acknowledged (or, with acks 0, written): the socket no longer reads these bytes.
      if (batch.encoded !== null) this.#pool.give(batch.encoded);
      batch.encoded = null;
      this.#settling.push(() => batch.succeed(this.#topic, baseOffset, logAppendTime));
    } else this.#settling.push(() => batch.fail(error));
    this.#hooks.done(batch, error);
  }

  /**
   * One metadata refresh at a time, at most one per `retryBackoffMs`; batches waiting for a
   * leader are looked at again after it.
   */
  #refreshMetadata(): void {
    if (this.#refreshing || this.#closed || this.#refreshTimer !== null) return;
    const wait = this.#lastRefresh + this.#options.retryBackoffMs - Date.now();
    if (wait > 0) {
      this.#refreshTimer = setTimeout(() => {
        this.#refreshTimer = null;
        this.#refreshMetadata();
      }, wait);
      return;
    }
    this.#refreshing = true;
    this.#lastRefresh = Date.now();
    this.#cluster
      .refresh([this.#topic])
      .catch((error: unknown) => this.#options.logger.debug({ error }, 'metadata refresh failed'))
      .finally(() => {
        this.#refreshing = false;
        this.wake();
      });
  }

  async #connection(broker: Broker): Promise<Connection> {
    if (this.#closed) throw new ClosedError('the producer is closed');
    const connection = await broker.connection(this.#channel);
    if (!this.#connections.has(connection) && !connection.closed) {
      this.#connections.add(connection);
      connection.onClose(() => this.#connections.delete(connection));
    }
    if (this.#closed) await connection.close();
    return connection;
  }
}
