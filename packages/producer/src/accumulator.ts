import type { ProduceRecord } from '@tskafka/protocol';
import { Batch, type Reject, type Resolve } from './batch.js';

/** Limits the accumulator works within. */
export interface AccumulatorLimits {
  batchSize: number;
  lingerMs: number;
  minQueuedMessages: number;
  maxQueuedMessages: number;
  maxQueuedBytes: number;
}

/**
 * Per-partition queues of batches, plus the count of records and bytes held until they are
 * acknowledged or failed (the producer's bounded memory). A partition's batches leave in order;
 * a batch that must be resent goes back to the front of its queue.
 */
export class Accumulator {
  readonly #queues = new Map<number, Batch[]>();
  readonly #limits: AccumulatorLimits;
  /** Records queued or in flight. */
  messages = 0;
  /** Bytes of records queued or in flight. */
  bytes = 0;

  constructor(limits: AccumulatorLimits) {
    this.#limits = limits;
  }

  /** Whether one more record of `size` bytes fits under the limits. */
  hasRoom(size: number): boolean {
    const l = this.#limits;
    return (
      this.messages < l.maxQueuedMessages && (this.bytes + size <= l.maxQueuedBytes || this.messages === 0)
    );
  }

  /** Appends a record to the partition's last batch, or a new one when that is full or being resent. */
  append(
    partition: number,
    record: ProduceRecord,
    size: number,
    resolve: Resolve,
    reject: Reject,
    now: number,
  ): void {
    let queue = this.#queues.get(partition);
    if (queue === undefined) {
      queue = [];
      this.#queues.set(partition, queue);
    }
    let batch = queue[queue.length - 1];
    if (batch === undefined || !batch.mergeable || batch.bytes + size > this.#limits.batchSize) {
      batch = new Batch(partition, now);
      queue.push(batch);
    }
    batch.records.push(record);
    batch.resolves.push(resolve);
    batch.rejects.push(reject);
    batch.bytes += size;
    this.messages++;
    this.bytes += size;
  }

  /**
   * Partitions whose first batch may leave now: full, lingered long enough, or `force`d
   * (flush/close), and not waiting out a retry backoff. `skip` lists partitions with a batch in flight.
   */
  ready(now: number, force: boolean, skip: ReadonlySet<number>): number[] {
    const out: number[] = [];
    const l = this.#limits;
    const eager = force || this.messages >= l.minQueuedMessages;
    for (const [partition, queue] of this.#queues) {
      const head = queue[0];
      if (head === undefined || skip.has(partition) || head.notBefore > now) continue;
      const full = queue.length > 1 || head.bytes >= l.batchSize;
      if (eager || full || now - head.createdAt >= l.lingerMs || head.attempts > 0) out.push(partition);
    }
    return out;
  }

  /** When the earliest waiting batch becomes ready (ms since the epoch), or null when none waits. */
  nextDeadline(skip: ReadonlySet<number>): number | null {
    let next: number | null = null;
    for (const [partition, queue] of this.#queues) {
      const head = queue[0];
      if (head === undefined || skip.has(partition)) continue;
      const at = Math.max(head.createdAt + this.#limits.lingerMs, head.notBefore);
      if (next === null || at < next) next = at;
    }
    return next;
  }

  /**
   * Removes and returns the first batch of a partition. A fresh batch absorbs the fresh batches
   * queued behind it while the total stays within `maxBytes`: when records pile up behind a batch
   * in flight, the next request carries them in one larger batch (Produce v3+ allows one batch per
   * partition per request), so throughput does not hinge on `batchSize`.
   */
  take(partition: number, maxBytes: number): Batch | undefined {
    const queue = this.#queues.get(partition);
    const batch = queue?.shift();
    if (queue === undefined || batch === undefined) return undefined;
    if (batch.mergeable) {
      for (let next = queue[0]; next?.mergeable && batch.bytes + next.bytes <= maxBytes; next = queue[0]) {
        queue.shift();
        batch.absorb(next);
      }
    }
    if (queue.length === 0) this.#queues.delete(partition);
    return batch;
  }

  /**
   * Puts a batch back ahead of the fresh ones, among other resends in the order they first left,
   * so that resends keep the partition's order whatever order their answers came back in.
   */
  putBack(batch: Batch): void {
    const queue = this.#queues.get(batch.partition);
    if (queue === undefined) {
      this.#queues.set(batch.partition, [batch]);
      return;
    }
    const order = batch.order;
    if (order === undefined) {
      queue.unshift(batch); // a fresh head that did not fit in a request
      return;
    }
    let at = 0;
    while (at < queue.length && (queue[at]!.order ?? Number.POSITIVE_INFINITY) <= order) at++;
    queue.splice(at, 0, batch);
  }

  /** Forgets a finished batch's records and bytes (acknowledged or failed for good). */
  release(batch: Batch): void {
    this.messages -= batch.records.length;
    this.bytes -= batch.bytes;
  }

  /** Removes every queued batch (for failing them when the producer gives up). */
  drainAll(): Batch[] {
    const all = [...this.#queues.values()].flat();
    this.#queues.clear();
    return all;
  }
}
