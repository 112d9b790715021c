import type { PeekedEnd } from './batch-reader.js';
import type { RawMessage } from './message.js';

/** The bounds of a partition's queue: fetching it stops while it holds either many. */
export interface QueueBounds {
  /** Messages. */
  readonly queuedMaxMessages: number;
  /** Key and value bytes. */
  readonly queuedMaxBytes: number;
}

/** Key plus value bytes of a fetched message (before deserialization: both are Buffers or null). */
function sizeOf(message: RawMessage): number {
  return ((message.value as Buffer | null)?.length ?? 0) + ((message.key as Buffer | null)?.length ?? 0);
}

/** Start compacting the queue array once this many consumed slots sit at its head. */
const COMPACT_AT = 4096;

/**
 * One partition this consumer owns: where to fetch next, what the application consumed last,
 * and the messages fetched but not consumed yet (a FIFO array read from a moving head, so
 * dequeuing allocates nothing).
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
  #queue: RawMessage[] = [];
  #head = 0;
  /** Key and value bytes of the queued messages. */
  #queuedBytes = 0;
  /** Bytes of the message the last {@link shift} took. */
  #lastShifted = 0;
  /** Records and bytes fetched and not decoded yet (see {@link expect}). */
  #pendingRecords = 0;
  #pendingBytes = 0;

  constructor(id: number) {
    this.id = id;
  }

  /** Messages fetched and not consumed yet. */
  get queued(): number {
    return this.#queue.length - this.#head;
  }

  /** Key and value bytes of the messages fetched and not consumed yet. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  /** Appends one fetched message. */
  push(message: RawMessage): void {
    this.#queue.push(message);
    this.#queuedBytes += sizeOf(message);
  }

  /** Takes the oldest queued message (and records it as consumed), or undefined. */
  shift(): RawMessage | undefined {
    if (this.#head >= this.#queue.length) return undefined;
    const message = this.#queue[this.#head] as RawMessage;
    this.#queue[this.#head] = undefined as never; // let the fetched buffer go once all its messages are read
    this.#head++;
    this.#lastShifted = sizeOf(message);
    this.#queuedBytes -= this.#lastShifted;
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    } else if (this.#head >= COMPACT_AT && this.#head * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    this.lastConsumed = message.offset;
    this.lastConsumedEpoch = message.leaderEpoch;
    return message;
  }

  /**
   * Moves the position: the next message fetched (and consumed) will be `nextOffset`. Drops the
   * queue and invalidates fetches in flight.
   */
  moveTo(nextOffset: bigint): void {
    this.#queue = [];
    this.#head = 0;
    this.#queuedBytes = 0;
    this.#pendingRecords = 0;
    this.#pendingBytes = 0;
    this.fetchOffset = nextOffset;
    this.fetchEpoch = -1;
    this.lastConsumed = nextOffset - 1n;
    this.lastConsumedEpoch = -1;
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
      const kept = this.#queue.slice(this.#head).filter((m) => m.offset < endOffset);
      this.#queue = kept;
      this.#head = 0;
      this.#queuedBytes = kept.reduce((sum, m) => sum + sizeOf(m), 0);
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
