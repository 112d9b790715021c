import type { RawMessage } from './message.js';

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

  constructor(id: number) {
    this.id = id;
  }

  /** Messages fetched and not consumed yet. */
  get queued(): number {
    return this.#queue.length - this.#head;
  }

  /** Appends one fetched message. */
  push(message: RawMessage): void {
    this.#queue.push(message);
  }

  /** Takes the oldest queued message (and records it as consumed), or undefined. */
  shift(): RawMessage | undefined {
    if (this.#head >= this.#queue.length) return undefined;
    const message = this.#queue[this.#head] as RawMessage;
    this.#queue[this.#head] = undefined as never; // let the fetched buffer go once all its messages are read
    this.#head++;
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    } else if (this.#head >= COMPACT_AT && this.#head * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    this.lastConsumed = message.offset;
    return message;
  }

  /**
   * Moves the position: the next message fetched (and consumed) will be `nextOffset`. Drops the
   * queue and invalidates fetches in flight.
   */
  moveTo(nextOffset: bigint): void {
    this.#queue = [];
    this.#head = 0;
    this.fetchOffset = nextOffset;
    this.lastConsumed = nextOffset - 1n;
    this.resetting = false;
    this.generation++;
  }

  /** Whether a fetch may include this partition now. */
  fetchable(queuedMaxMessages: number): boolean {
    return !this.paused && !this.resetting && this.fetchOffset >= 0n && this.queued < queuedMaxMessages;
  }
}
