import { type Cluster, type Connection, isRetriable, type Logger } from '@tskafka/network';
import { apis, KafkaProtocolError, protocolErrorFromCode } from '@tskafka/protocol';
import { readBatches } from './batch-reader.js';
import { FetchSession, SESSION_ERRORS, type SessionRequest } from './fetch-session.js';
import type { RawMessage } from './message.js';
import type { ResolvedConsumerOptions } from './options.js';
import type { OwnedPartition } from './owned-partition.js';
import { Wake } from './wake.js';

/** OFFSET_OUT_OF_RANGE. */
const OUT_OF_RANGE = 1;

/** What a {@link FetchLoop} needs from its consumer. */
export interface FetchContext {
  readonly cluster: Cluster;
  readonly topic: string;
  readonly options: ResolvedConsumerOptions<unknown, unknown>;
  readonly logger: Logger;
  /** Connection channel of this consumer's fetches (its own sockets, so long polls block nobody). */
  readonly channel: string;
  readonly signal: AbortSignal;
  /** Every owned partition by id. */
  readonly partitions: ReadonlyMap<number, OwnedPartition>;
  /** The owned partitions whose current leader is `brokerId`. */
  partitionsLedBy(brokerId: number): OwnedPartition[];
  /** A fetch connection was opened (the consumer closes it on close). */
  opened(connection: Connection): void;
  /** New messages are queued. */
  delivered(): void;
  /** The partition's fetch offset is out of range: move it by the reset policy. */
  outOfRange(partition: OwnedPartition): void;
  /** A fetch from this broker went through: its failure count starts over. */
  healthy(brokerId: number): void;
  /** Fetching from this broker failed (leader moved, broker lost, …): refresh metadata, back off, restart loops. */
  stale(brokerId: number, error: unknown): void;
  /** An error the consumer cannot get past by itself: handed to the application. */
  fatal(error: unknown): void;
}

/**
 * Fetches for every owned partition led by one broker: one Fetch request at a time carrying all
 * of them (in a KIP-227 session where the broker has them), the next one sent as soon as the
 * previous answer is queued. A partition whose queue holds `queuedMaxMessages` (or that is
 * paused or being reset) is left out; with none left the loop sleeps until {@link wake}.
 * The loop ends when the broker leads none of the partitions or on a connection/leadership
 * error, after telling the consumer to refresh metadata (which starts loops where needed).
 */
export class FetchLoop {
  readonly brokerId: number;
  readonly #ctx: FetchContext;
  readonly #room = new Wake();
  #session: FetchSession | null = null;
  /** Settles when the loop has ended. */
  done: Promise<void> = Promise.resolve();

  constructor(brokerId: number, ctx: FetchContext) {
    this.brokerId = brokerId;
    this.#ctx = ctx;
  }

  /** Re-checks the partitions: a queue has room again, or a partition was resumed or moved. */
  wake(): void {
    this.#room.notify();
  }

  /** Starts {@link run}; `onEnd` is called once it has ended. */
  start(onEnd: () => void): void {
    this.done = this.run()
      .catch((error: unknown) => this.#ctx.fatal(error))
      .finally(onEnd);
  }

  /** Runs until there is nothing to fetch from this broker, an error, or the consumer closes. */
  async run(): Promise<void> {
    const ctx = this.#ctx;
    const aborted = new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
    while (!ctx.signal.aborted) {
      const mine = ctx.partitionsLedBy(this.brokerId);
      if (mine.length === 0) return;
      const wanted = new Map<number, bigint>();
      const generations = new Map<number, number>();
      for (const p of mine) {
        if (!p.fetchable(ctx.options.queuedMaxMessages)) continue;
        wanted.set(p.id, p.fetchOffset);
        generations.set(p.id, p.generation);
      }
      if (wanted.size === 0) {
        // The session's partitions change while nothing is fetched; start afresh afterwards.
        this.#session?.reset();
        await Promise.race([this.#room.wait(), aborted]);
        continue;
      }
      try {
        await this.#fetch(wanted, generations);
      } catch (error) {
        if (ctx.signal.aborted) return;
        this.#session?.reset();
        const passing = isRetriable(error) || (error instanceof KafkaProtocolError && error.refreshMetadata);
        // The application hears of a lasting error; fetching still retries, after a growing backoff.
        if (!passing) ctx.fatal(error);
        ctx.stale(this.brokerId, error);
        return;
      }
      ctx.healthy(this.brokerId);
    }
  }

  async #fetch(wanted: Map<number, bigint>, generations: Map<number, number>): Promise<void> {
    const ctx = this.#ctx;
    const { options } = ctx;
    const connection = await ctx.cluster.broker(this.brokerId).connection(ctx.channel, ctx.signal);
    ctx.opened(connection);
    const version = connection.versions.pick(apis.Fetch);
    this.#session ??= new FetchSession(version >= 7);
    const session = this.#session;
    const request = session.next(wanted);
    const topicId = ctx.cluster.metadata?.topics.get(ctx.topic)?.topicId ?? '';
    const response = await connection.request(
      apis.Fetch,
      {
        replicaId: -1,
        maxWaitMs: options.fetchWaitMaxMs,
        minBytes: options.fetchMinBytes,
        maxBytes: options.fetchMaxBytes,
        isolationLevel: options.isolationLevel,
        sessionId: request.sessionId,
        sessionEpoch: request.sessionEpoch,
        topics: this.#topics(request, topicId),
        forgottenTopicsData:
          request.forget.length === 0 ? [] : [{ topic: ctx.topic, topicId, partitions: request.forget }],
        rackId: '',
      },
      { signal: ctx.signal, version },
    );
    if (response.errorCode !== 0) {
      if (!SESSION_ERRORS.has(response.errorCode))
        throw protocolErrorFromCode(response.errorCode, '/errorCode');
      ctx.logger.debug({ broker: this.brokerId, code: response.errorCode }, 'fetch session reset');
      session.reset();
      return;
    }
    session.answered(request, response.sessionId);
    let delivered = false;
    let failed: KafkaProtocolError | undefined;
    for (const topic of response.responses) {
      for (const answer of topic.partitions) {
        const id = answer.partitionIndex;
        const sent = wanted.get(id);
        const partition = ctx.partitions.get(id);
        if (sent === undefined || partition === undefined) continue;
        if (partition.generation !== generations.get(id) || partition.fetchOffset !== sent) continue;
        if (answer.errorCode !== 0) {
          failed ??= this.#partitionError(partition, answer.errorCode);
          continue;
        }
        partition.highWatermark = answer.highWatermark;
        const aborted = options.isolationLevel === 1 ? (answer.abortedTransactions ?? []) : null;
        const fetched: RawMessage[] = [];
        const next = await readBatches(answer.records, id, sent, aborted, fetched);
        // A seek or reset while decoding moved the partition: its queue must not get old data.
        if (partition.generation !== generations.get(id)) continue;
        partition.fetchOffset = next;
        for (const m of fetched) partition.push(m);
        if (fetched.length > 0) delivered = true;
      }
    }
    if (delivered) ctx.delivered();
    if (failed !== undefined) throw failed;
  }

  #topics(request: SessionRequest, topicId: string) {
    if (request.send.size === 0) return [];
    const partitions = [...request.send].map(([partition, fetchOffset]) => ({
      partition,
      currentLeaderEpoch: -1,
      fetchOffset,
      lastFetchedEpoch: -1,
      logStartOffset: -1n,
      partitionMaxBytes: this.#ctx.options.fetchMessageMaxBytes,
    }));
    return [{ topic: this.#ctx.topic, topicId, partitions }];
  }

  /** Handles one partition's error; returns the error that must end this loop, if any. */
  #partitionError(partition: OwnedPartition, code: number): KafkaProtocolError | undefined {
    const ctx = this.#ctx;
    if (code === OUT_OF_RANGE) {
      ctx.outOfRange(partition);
      return undefined;
    }
    return protocolErrorFromCode(code, `/topics/${ctx.topic}/partitions/${partition.id}`);
  }
}
