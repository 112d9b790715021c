import { type Cluster, type Connection, isRetriable, type Logger } from '@tskafka/network';
import { apis, KafkaProtocolError, protocolErrorFromCode, type ResponseOf } from '@tskafka/protocol';
import { type AbortedTransaction, type PeekedEnd, peekEnd, readBatches } from './batch-reader.js';
import { checkEpochs, type EpochCheck, type EpochVerdict } from './epoch-check.js';
import { FetchSession, SESSION_ERRORS, type SessionRequest } from './fetch-session.js';
import type { ResolvedConsumerOptions } from './options.js';
import type { OwnedPartition } from './owned-partition.js';
import { RecordChunk } from './record-chunk.js';
import { Wake } from './wake.js';

/** OFFSET_OUT_OF_RANGE. */
const OUT_OF_RANGE = 1;

/** What one Fetch asks for a partition, and the state it was asked in. */
interface Want {
  readonly offset: bigint;
  /** Leader epoch of the batch before `offset`. */
  readonly fetchEpoch: number;
  readonly generation: number;
  /** The partition's leader epoch from metadata, sent as `currentLeaderEpoch` (KIP-320). */
  readonly leaderEpoch: number;
}

type FetchResponse = ResponseOf<typeof apis.Fetch>;

/** The connection each Fetch answer came from, for {@link releaseAnswer}. */
const answeredBy = new WeakMap<FetchResponse, Connection>();

/**
 * Hands the memory of a decoded Fetch answer back to its connection when no record taken from it
 * lies there (every batch was compressed, so its records lie in decompressed memory): the next
 * answer is then read into that memory instead of into new memory. New memory is what makes V8
 * run full collections (one per ~64 MiB), so compressed topics get fewer of them (half as many
 * when the data hardly compresses).
 */
function releaseAnswer(
  response: FetchResponse,
  taken: readonly Taken[],
  chunks: readonly RecordChunk[],
): void {
  const connection = answeredBy.get(response);
  const memory = taken.find((t) => t.records !== null)?.records?.buffer;
  if (connection === undefined || memory === undefined) return;
  for (const chunk of chunks) if (chunk.uses(memory)) return;
  connection.recycleResponseMemory(memory);
}

/** A Fetch sent before the previous answer was decoded, and what it asked for. */
interface Ahead {
  readonly wanted: Map<number, Want>;
  readonly response: Promise<FetchResponse | null>;
}

/** One partition's part of a Fetch answer, checked and waiting to be decoded. */
interface Taken {
  readonly partition: OwnedPartition;
  readonly sent: Want;
  readonly records: Buffer | null;
  readonly aborted: readonly AbortedTransaction[] | null | undefined;
  /** Where the batch headers say it continues; null for legacy records. */
  readonly peek: PeekedEnd | null;
}

/** What a {@link FetchLoop} needs from its consumer. */
export interface FetchContext {
  readonly cluster: Cluster;
  readonly topic: string;
  /** The id of the topic incarnation consumed (pinned at start: a re-created topic gets another). */
  topicId(): string;
  readonly options: ResolvedConsumerOptions<unknown, unknown>;
  readonly logger: Logger;
  /** Connection channel of this consumer's fetches (its own sockets, so long polls block nobody). */
  readonly channel: string;
  readonly signal: AbortSignal;
  /** Every owned partition by id. */
  readonly partitions: ReadonlyMap<number, OwnedPartition>;
  /** The owned partitions whose current leader is `brokerId`. */
  partitionsLedBy(brokerId: number): OwnedPartition[];
  /** The partition's leader epoch in the current metadata; -1 when unknown. */
  leaderEpoch(partition: number): number;
  /** A fetch connection was opened (the consumer closes it on close). */
  opened(connection: Connection): void;
  /** New messages are queued. */
  delivered(): void;
  /** Only the reset policy can place the partition now (offset out of range, …): move it, logging `reason`. */
  reset(partition: OwnedPartition, reason: string): void;
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
 * previous answer arrives, before its records are decoded when their batch headers tell where
 * each partition continues. A partition whose queue (with records being decoded) holds
 * `queuedMaxMessages` or `queuedMaxBytes` (or that is paused or being reset) is left out; with
 * none left the loop sleeps until {@link wake}.
 * The loop ends when the broker leads none of the partitions or on a connection/leadership
 * error, after telling the consumer to refresh metadata (which starts loops where needed).
 *
 * KIP-320: every partition is fetched with the leader epoch metadata gives it, so a leader that
 * is behind or ahead answers FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH (and metadata is
 * refreshed); when metadata shows a newer leader epoch than the position was fetched under, the
 * position is first checked with OffsetForLeaderEpoch (see {@link checkEpochs}).
 */
export class FetchLoop {
  readonly brokerId: number;
  readonly #ctx: FetchContext;
  readonly #room = new Wake();
  #session: FetchSession | null = null;
  /** The `currentLeaderEpoch` the broker's fetch session holds per partition. */
  readonly #sessionEpochs = new Map<number, number>();
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

  /**
   * Starts {@link run}; `onEnd` is called once it has ended, with `handedOver` true when it ended
   * because metadata (refreshed by anyone) no longer makes this broker lead any partition.
   */
  start(onEnd: (handedOver: boolean) => void): void {
    this.done = this.run().then(
      (handedOver) => onEnd(handedOver),
      (error: unknown) => {
        this.#ctx.fatal(error);
        onEnd(false);
      },
    );
  }

  /**
   * Runs until there is nothing to fetch from this broker (resolves true), an error or the
   * consumer closing (false).
   */
  async run(): Promise<boolean> {
    const ctx = this.#ctx;
    const aborted = new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
    /** The next round's Fetch when it went out before the last answer was decoded. */
    let ahead: Ahead | null = null;
    while (!ctx.signal.aborted) {
      let due: OwnedPartition[] = [];
      let wanted: Map<number, Want> | null;
      if (ahead !== null) wanted = ahead.wanted;
      else {
        const mine = ctx.partitionsLedBy(this.brokerId);
        if (mine.length === 0) return true;
        due = this.#dueForCheck(mine);
        wanted = due.length > 0 ? null : this.#wanted(mine);
        if (wanted?.size === 0) {
          // The session's partitions change while nothing is fetched; start afresh afterwards.
          this.#session?.reset();
          await Promise.race([this.#room.wait(), aborted]);
          continue;
        }
      }
      try {
        const sent: Ahead | null = ahead;
        ahead = null;
        if (wanted === null) await this.#check(due);
        else ahead = await this.#fetch(wanted, sent?.response);
      } catch (error) {
        if (ctx.signal.aborted) return false;
        this.#session?.reset();
        const passing = isRetriable(error) || (error instanceof KafkaProtocolError && error.refreshMetadata);
        // The application hears of a lasting error; fetching still retries, after a growing backoff.
        if (!passing) ctx.fatal(error);
        ctx.stale(this.brokerId, error);
        return false;
      }
      ctx.healthy(this.brokerId);
    }
    return false;
  }

  /** Partitions to fetch now, with the state they are fetched in. */
  #wanted(mine: readonly OwnedPartition[]): Map<number, Want> {
    const wanted = new Map<number, Want>();
    for (const p of mine) {
      if (!p.fetchable(this.#ctx.options)) continue;
      const { fetchOffset: offset, fetchEpoch, generation } = p;
      wanted.set(p.id, { offset, fetchEpoch, generation, leaderEpoch: this.#ctx.leaderEpoch(p.id) });
    }
    return wanted;
  }

  /**
   * Partitions whose leader changed since their position was fetched (a higher leader epoch in
   * metadata) and whose position has a known epoch: their log may have been truncated.
   */
  #dueForCheck(mine: readonly OwnedPartition[]): OwnedPartition[] {
    return mine.filter(
      (p) =>
        !p.paused &&
        !p.resetting &&
        p.fetchOffset >= 0n &&
        p.fetchEpoch >= 0 &&
        p.leaderEpoch >= 0 &&
        this.#ctx.leaderEpoch(p.id) > p.leaderEpoch,
    );
  }

  async #connect(): Promise<Connection> {
    const ctx = this.#ctx;
    const connection = await ctx.cluster.broker(this.brokerId).connection(ctx.channel, ctx.signal);
    ctx.opened(connection);
    return connection;
  }

  /**
   * Checks positions on this (new) leader with OffsetForLeaderEpoch: a position past the end of
   * its epoch there was truncated away, so fetching continues from that end offset (Java's
   * consumer does the same when it has a reset policy); a leader that knows no end for the
   * epoch leaves only the reset policy.
   */
  async #check(due: readonly OwnedPartition[]): Promise<void> {
    const ctx = this.#ctx;
    const connection = await this.#connect();
    const checks: EpochCheck[] = due.map((p) => ({
      partition: p.id,
      currentLeaderEpoch: ctx.leaderEpoch(p.id),
      epoch: p.fetchEpoch,
      position: p.fetchOffset,
    }));
    const generations = new Map(due.map((p) => [p.id, p.generation]));
    for (const p of due) p.validating = true;
    let verdicts: Map<number, EpochVerdict>;
    try {
      verdicts = await checkEpochs(connection, ctx.topic, checks, ctx.signal);
    } finally {
      for (const p of due) if (p.generation === generations.get(p.id)) p.validating = false;
    }
    for (const check of checks) {
      const p = ctx.partitions.get(check.partition) as OwnedPartition;
      const verdict = verdicts.get(check.partition);
      if (verdict === undefined || p.generation !== generations.get(p.id)) continue;
      p.leaderEpoch = check.currentLeaderEpoch;
      const where = { topic: ctx.topic, partition: p.id, position: check.position, epoch: check.epoch };
      if (verdict.kind === 'truncated') {
        ctx.logger.warn(
          { ...where, endOffset: verdict.endOffset, leaderEpoch: verdict.epoch },
          'log truncated below the position on a leader change: fetching from the end offset of its epoch',
        );
        p.truncateTo(verdict.endOffset, verdict.epoch);
      } else if (verdict.kind === 'unknown') {
        ctx.reset(p, `leader ${this.brokerId} knows no end offset for epoch ${check.epoch}`);
      } else {
        ctx.logger.debug(where, 'position checked on the new leader');
      }
    }
  }

  /**
   * One Fetch round: sends `wanted` (unless `ahead` was already sent for it), then takes the
   * answer in. Returns the next round's request when it went out before this answer was decoded.
   */
  async #fetch(wanted: Map<number, Want>, ahead?: Promise<FetchResponse | null>): Promise<Ahead | null> {
    const response = await (ahead ?? this.#send(wanted));
    return response === null ? null : this.#take(response, wanted);
  }

  /** Sends a Fetch for `wanted`; resolves with the answer, or null when the broker dropped the session. */
  async #send(wanted: Map<number, Want>): Promise<FetchResponse | null> {
    const ctx = this.#ctx;
    const { options } = ctx;
    const connection = await this.#connect();
    const version = connection.versions.pick(apis.Fetch);
    this.#session ??= new FetchSession(version >= 7);
    const session = this.#session;
    // A broker's session keeps the epoch last sent for a partition: a new one needs a full request.
    for (const [id, want] of wanted) {
      const held = this.#sessionEpochs.get(id);
      if (held !== undefined && held !== want.leaderEpoch) session.reset();
    }
    const request = session.next(new Map([...wanted].map(([id, want]) => [id, want.offset])));
    if (request.full) this.#sessionEpochs.clear();
    for (const id of request.send.keys()) this.#sessionEpochs.set(id, (wanted.get(id) as Want).leaderEpoch);
    const topicId = ctx.topicId();
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
        topics: this.#topics(request, wanted, topicId),
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
      return null;
    }
    session.answered(request, response.sessionId);
    answeredBy.set(response, connection);
    return response;
  }

  /**
   * Takes a Fetch answer in. Where the batch headers alone tell where each partition continues
   * (v2 records), the positions move on and the next Fetch is sent before the records are
   * decoded, so the broker reads and sends while this decodes (returned as {@link Ahead}); the
   * undecoded records count against the queue bounds meanwhile.
   */
  async #take(response: FetchResponse, wanted: Map<number, Want>): Promise<Ahead | null> {
    const ctx = this.#ctx;
    const { options } = ctx;
    let failed: KafkaProtocolError | undefined;
    const erred = new Set<number>();
    const taken: Taken[] = [];
    let peekable = true;
    for (const topic of response.responses) {
      for (const answer of topic.partitions) {
        const id = answer.partitionIndex;
        const sent = wanted.get(id);
        const partition = ctx.partitions.get(id);
        if (sent === undefined || partition === undefined) continue;
        if (!this.#unmoved(partition, sent)) continue;
        if (answer.errorCode !== 0) {
          erred.add(id);
          failed ??= this.#partitionError(partition, answer.errorCode);
          continue;
        }
        partition.highWatermark = answer.highWatermark;
        const peek = peekEnd(answer.records, sent.offset, sent.fetchEpoch);
        if (peek === null) peekable = false;
        taken.push({ partition, sent, records: answer.records, aborted: answer.abortedTransactions, peek });
      }
    }
    // Every partition the broker did not fence was fetched under the epoch sent for it.
    for (const [id, sent] of wanted) {
      const partition = ctx.partitions.get(id);
      if (partition !== undefined && !erred.has(id) && partition.generation === sent.generation)
        partition.leaderEpoch = sent.leaderEpoch;
    }
    let ahead: Ahead | null = null;
    const expected = failed === undefined && peekable && taken.length > 0;
    if (expected) {
      for (const t of taken) t.partition.expect(t.peek as PeekedEnd);
      ahead = this.#sendAhead();
      // Let the request leave (the transport writes on the next tick) before decoding starts.
      if (ahead !== null) await new Promise((resolve) => setImmediate(resolve));
    }
    let delivered = false;
    let done = 0;
    const chunks: RecordChunk[] = [];
    try {
      for (const t of taken) {
        const { partition, sent } = t;
        const aborted = options.isolationLevel === 1 ? (t.aborted ?? []) : null;
        const fetched = new RecordChunk(partition.id, t.peek?.records);
        chunks.push(fetched);
        const position = { offset: sent.offset, epoch: sent.fetchEpoch };
        const end = await readBatches(t.records, position, aborted, fetched, options.checkCrcs);
        done++;
        // A seek or reset while decoding moved the partition: its queue must not get old data.
        if (partition.generation !== sent.generation) continue;
        if (expected) partition.settle(t.peek as PeekedEnd);
        partition.fetchOffset = end.next;
        partition.fetchEpoch = end.epoch;
        partition.pushChunk(fetched);
        if (fetched.length > 0) delivered = true;
      }
    } catch (error) {
      // The positions moved past records that could not be read: back to where they were asked from.
      for (const { partition, sent, peek } of taken.slice(done)) {
        if (!expected || partition.generation !== sent.generation) continue;
        partition.settle(peek as PeekedEnd);
        partition.fetchOffset = sent.offset;
        partition.fetchEpoch = sent.fetchEpoch;
      }
      ahead?.response.catch(() => {}); // dropped with this loop
      throw error;
    } finally {
      if (delivered) ctx.delivered();
    }
    releaseAnswer(response, taken, chunks);
    if (failed !== undefined) throw failed;
    return ahead;
  }

  /** Sends the next Fetch now, for the partitions that have room counting undecoded records; null when none do. */
  #sendAhead(): Ahead | null {
    const mine = this.#ctx.partitionsLedBy(this.brokerId);
    if (mine.length === 0 || this.#dueForCheck(mine).length > 0) return null;
    const wanted = this.#wanted(mine);
    if (wanted.size === 0) return null;
    const response = this.#send(wanted);
    response.catch(() => {}); // awaited by the next round; an error then ends the loop as usual
    return { wanted, response };
  }

  /** Whether the partition is still where it was when `sent` was asked for. */
  #unmoved(partition: OwnedPartition, sent: Want): boolean {
    return partition.generation === sent.generation && partition.fetchOffset === sent.offset;
  }

  #topics(request: SessionRequest, wanted: ReadonlyMap<number, Want>, topicId: string) {
    if (request.send.size === 0) return [];
    const partitions = [...request.send].map(([partition, fetchOffset]) => ({
      partition,
      currentLeaderEpoch: wanted.get(partition)?.leaderEpoch ?? -1,
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
      ctx.reset(partition, 'offset out of range');
      return undefined;
    }
    return protocolErrorFromCode(code, `/topics/${ctx.topic}/partitions/${partition.id}`);
  }
}
