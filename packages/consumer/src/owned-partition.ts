import type { PeekedEnd } from './batch-reader.js';
import type { RawMessage } from './message.js';
import type { RecordChunk } from './record-chunk.js';

/** The bounds of a partition's queue: fetching it stops while it holds either many. */
export interface QueueBounds {
  /** Messages. */
  readonly queuedMaxMessages: number;
  /** Key and value bytes. */
  readonly queuedMaxBytes: number;
}

/** Start compacting the chunk list once this many consumed chunks sit at its head. */
const COMPACT_AT = 64;

/**
 * One partition this consumer owns: where to fetch next, what the application consumed last,
 * and the records fetched but not consumed yet: a FIFO of {@link RecordChunk}s (one decoded
 * partition response each, read from a moving index), so a fetch is queued as one chunk and
 * bytes are counted per chunk, not per message. A chunk's bytes count until its last message is
 * taken: its records lie in one fetched buffer, which stays in memory until then anyway.
 */
export class OwnedPartition {
  readonly id: number;
  /** The next offset to fetch; -1n until the start position is known. */
  fetchOffset = -1n;
  /** PyKafka's `last_offset_consumed`: the last offset handed to the application, -1n if none. */
  lastConsumed = -1n;
  /**
   * Leader epoch of the batch before {@link fetchOffset} (KIP-320): the epoch whose end offset on
   * a new leader tells whether the log was truncated below the position. -1 when unknown (start,
   * seek, reset), which skips that check.
   */
  fetchEpoch = -1;
  /** Leader epoch of the last record handed to the application; -1 when unknown. */
  lastConsumedEpoch = -1;
  /**
   * Offset of a message taken from the queue whose deserializer error is held for the next call
   * (see {@link withhold}); -1n when none.
   */
  withheld = -1n;
  #withheldEpoch = -1;
  /**
   * The partition leader epoch (from metadata) under which the position was last fetched or
   * checked; a higher one in metadata means a new leader whose log must be checked first.
   */
  leaderEpoch = -1;
  /** Set while OffsetForLeaderEpoch checks the position on a new leader: not fetched. */
  validating = false;
  /** High watermark from the latest fetch response, -1n before one. */
  highWatermark = -1n;
  /** Paused partitions keep their queue and position but are not fetched. */
  paused = false;
  /** Set while the position is being looked up (start, reset, out of range): not fetched. */
  resetting = false;
  /**
   * Bumped whenever the position moves by other means than fetching (seek, reset), so a fetch
   * response for the old position is recognised and dropped.
   */
  generation = 0;
  /** Queued chunks (never empty ones); those before {@link #first} are consumed. */
  #chunks: RecordChunk[] = [];
  /** The chunk {@link shift} reads, and the index of its next message. */
  #first = 0;
  #at = 0;
  /** Messages queued. */
  #count = 0;
  /** Key and value bytes of the queued chunks. */
  #queuedBytes = 0;
  /** Bytes the last {@link shift} released (a chunk's, when it took its last message; else 0). */
  #lastShifted = 0;
  /** Records and bytes fetched and not decoded yet (see {@link expect}). */
  #pendingRecords = 0;
  #pendingBytes = 0;

  constructor(id: number) {
    this.id = id;
  }

  /** Messages fetched and not consumed yet. */
  get queued(): number {
    return this.#count;
  }

  /** Key and value bytes of the messages fetched and not consumed yet. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  /** Appends a decoded partition response (kept, not copied). */
  pushChunk(chunk: RecordChunk): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#count += chunk.length;
    this.#queuedBytes += chunk.bytes;
  }

  /** Takes the oldest queued message (and records it as consumed), or undefined. */
  shift(): RawMessage | undefined {
    if (this.#count === 0) return undefined;
    const first = this.#first;
    const chunk = this.#chunks[first] as RecordChunk;
    const message = chunk.messageAt(this.#at++);
    this.#count--;
    if (this.#at === chunk.length) this.#dropFirst();
    else this.#lastShifted = 0;
    this.lastConsumed = message.offset;
    this.lastConsumedEpoch = message.leaderEpoch;
    return message;
  }

  /** The first chunk was consumed: releases its bytes (and its fetched buffer). */
  #dropFirst(): void {
    const first = this.#first;
    this.#lastShifted = (this.#chunks[first] as RecordChunk).bytes;
    this.#queuedBytes -= this.#lastShifted;
    this.#chunks[first] = undefined as never;
    this.#at = 0;
    this.#first = first + 1;
    if (this.#count === 0) {
      this.#chunks = [];
      this.#first = 0;
    } else if (this.#first >= COMPACT_AT && this.#first * 2 >= this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#first);
      this.#first = 0;
    }
  }

  /** Empties the queue. */
  #clear(): void {
    this.#chunks = [];
    this.#first = 0;
    this.#at = 0;
    this.#count = 0;
    this.#queuedBytes = 0;
  }

  /** Drops the queued records at or after `end` (offsets rise through the queue). */
  #keepBelow(end: bigint): void {
    let count = 0;
    let bytes = 0;
    let kept = this.#first;
    for (let c = this.#first; c < this.#chunks.length; c++) {
      const chunk = this.#chunks[c] as RecordChunk;
      const from = c === this.#first ? this.#at : 0;
      const before = chunk.length;
      const left = chunk.keepBelow(from, end);
      if (left > 0) {
        count += left;
        bytes += chunk.bytes;
        kept = c + 1;
      }
      if (from + left < before) break; // the end falls in this chunk: the later ones lie past it
    }
    this.#chunks.length = kept;
    this.#count = count;
    this.#queuedBytes = bytes;
    if (count === 0) this.#clear();
  }

  /**
   * `message` was taken from the queue, but its error has not reached the application yet: until
   * {@link consumeWithheld}, it counts as not consumed, so a commit, close or rebalance in
   * between leaves it to be read (and to fail visibly) again instead of skipping it unseen.
   */
  withhold(message: RawMessage): void {
    this.withheld = message.offset;
    this.#withheldEpoch = message.leaderEpoch;
    this.lastConsumed = message.offset - 1n;
  }

  /** The withheld message was reported: it counts as consumed, unless the position moved since. */
  consumeWithheld(): void {
    if (this.withheld < 0n) return;
    this.lastConsumed = this.withheld;
    this.withheld = -1n;
    this.lastConsumedEpoch = this.#withheldEpoch;
  }

  /**
   * Moves the position: the next message fetched (and consumed) will be `nextOffset`. Drops the
   * queue and invalidates fetches in flight.
   */
  moveTo(nextOffset: bigint): void {
    this.#clear();
    this.#pendingRecords = 0;
    this.#pendingBytes = 0;
    this.fetchOffset = nextOffset;
    this.fetchEpoch = -1;
    this.lastConsumed = nextOffset - 1n;
    this.lastConsumedEpoch = -1;
    this.withheld = -1n;
    this.resetting = false;
    this.validating = false;
    this.generation++;
  }

  /**
   * The log was truncated at `endOffset` (a new leader's log ends there for our epoch): fetching
   * continues from it, with `epoch`. Queued messages below it stay; those at or after it are
   * dropped. If the application already consumed past it, the position moves back there.
   */
  truncateTo(endOffset: bigint, epoch: number): void {
    if (this.lastConsumed >= endOffset) {
      this.moveTo(endOffset);
    } else {
      this.#keepBelow(endOffset);
      this.#pendingRecords = 0; // a decode under way sees the new generation and drops its records
      this.#pendingBytes = 0;
      this.fetchOffset = endOffset;
      this.validating = false;
      this.generation++;
    }
    this.fetchEpoch = epoch;
  }

  /**
   * Fetched records whose decoding is under way: the position moves past them now (the next
   * Fetch may go out meanwhile) and they count against the bounds until {@link settle}.
   */
  expect(end: PeekedEnd): void {
    this.fetchOffset = end.next;
    this.fetchEpoch = end.epoch;
    this.#pendingRecords += end.records;
    this.#pendingBytes += end.bytes;
  }

  /** The records of an {@link expect} were decoded (or failed to be). */
  settle(end: PeekedEnd): void {
    this.#pendingRecords -= end.records;
    this.#pendingBytes -= end.bytes;
  }

  /** Whether the queue, with records still being decoded, is below both bounds. */
  hasRoom(bounds: QueueBounds): boolean {
    return (
      this.queued + this.#pendingRecords < bounds.queuedMaxMessages &&
      this.#queuedBytes + this.#pendingBytes < bounds.queuedMaxBytes
    );
  }

  /** Whether the last {@link shift} took the queue from full to below both bounds (a fetch loop may be waiting for that). */
  gotRoom(bounds: QueueBounds): boolean {
    if (!this.hasRoom(bounds)) return false;
    return (
      this.queued + this.#pendingRecords + 1 >= bounds.queuedMaxMessages ||
      this.#queuedBytes + this.#pendingBytes + this.#lastShifted >= bounds.queuedMaxBytes
    );
  }

  /** Whether a fetch may include this partition now. */
  fetchable(bounds: QueueBounds): boolean {
    return (
      !this.paused && !this.resetting && !this.validating && this.fetchOffset >= 0n && this.hasRoom(bounds)
    );
  }
}
