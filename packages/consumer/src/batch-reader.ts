import {
  type ControlRecordKey,
  ControlRecordType,
  type RecordBatchHeader,
  type RecordHeader,
  type RecordVisitor,
  visitRecordBatches,
} from '@tskafka/protocol';
import type { RecordChunk } from './record-chunk.js';

/** An aborted transaction as a read_committed Fetch response lists it. */
export interface AbortedTransaction {
  producerId: bigint;
  firstOffset: bigint;
}

/** Where a partition's log continues after {@link readBatches}. */
export interface ReadEnd {
  /** The offset to fetch next: after the last complete batch. */
  next: bigint;
  /** Leader epoch of that last batch; the `epoch` passed in when no batch moved `next`. */
  epoch: number;
}

/**
 * Turns one partition's fetched RECORDS bytes into records appended to `into`, and returns the offset to
 * fetch next with the leader epoch of the batch before it. Records before the fetch offset (a batch starting earlier) are skipped; control
 * records are never delivered; with `aborted` (read_committed) the records of aborted
 * transactions are dropped. Offsets follow the batches, so gaps (compaction, control records,
 * aborted data) are stepped over. Each batch's CRC-32C is checked unless `checkCrcs` is false.
 */
export async function readBatches(
  records: Buffer | null,
  fetch: { offset: bigint; epoch: number },
  aborted: readonly AbortedTransaction[] | null,
  into: RecordChunk,
  checkCrcs = true,
): Promise<ReadEnd> {
  const visitor = new PartitionVisitor(fetch.offset, aborted, into);
  visitor.epoch = fetch.epoch;
  await visitRecordBatches(records, visitor, { verifyCrc: checkCrcs });
  return { next: visitor.next, epoch: visitor.epoch };
}

/** Where {@link readBatches} will leave a partition, told by the batch headers alone. */
export interface PeekedEnd {
  /** As {@link ReadEnd.next}. */
  readonly next: bigint;
  /** As {@link ReadEnd.epoch}. */
  readonly epoch: number;
  /** Records in the complete batches (an upper bound of the messages they give). */
  readonly records: number;
  /** Bytes of the RECORDS field. */
  readonly bytes: number;
}

/** Offsets in a v2 record batch (KIP-98 layout). */
const BATCH_LENGTH = 8;
const LEADER_EPOCH = 12;
const MAGIC = 16;
const LAST_OFFSET_DELTA = 23;
const RECORDS_COUNT = 57;
const BATCH_OVERHEAD = 61;

/**
 * Reads from the v2 batch headers alone where {@link readBatches} will leave the partition, so the
 * next Fetch can go out before the records are decoded. Null when that takes decoding: a legacy
 * (magic 0/1) entry, or anything malformed (decoding then reports it).
 */
export function peekEnd(records: Buffer | null, offset: bigint, epoch: number): PeekedEnd | null {
  let next = offset;
  let nextEpoch = epoch;
  let count = 0;
  if (records === null) return { next, epoch, records: 0, bytes: 0 };
  const end = records.length;
  let at = 0;
  while (end - at > MAGIC) {
    const size = records.readInt32BE(at + BATCH_LENGTH);
    if (records[at + MAGIC] !== 2 || size < BATCH_OVERHEAD - 12) return null;
    if (size > end - at - 12) break; // partial trailing batch, as readBatches drops it
    const last = records.readBigInt64BE(at) + BigInt(records.readInt32BE(at + LAST_OFFSET_DELTA));
    if (last + 1n > next) {
      next = last + 1n;
      nextEpoch = records.readInt32BE(at + LEADER_EPOCH);
    }
    count += records.readInt32BE(at + RECORDS_COUNT);
    at += 12 + size;
  }
  return { next, epoch: nextEpoch, records: count, bytes: end };
}

/** The visitor behind {@link readBatches}; one per partition response. */
class PartitionVisitor implements RecordVisitor {
  /** The offset after the last complete batch seen. */
  next: bigint;
  /** Leader epoch of the batch that set {@link next}. */
  epoch = -1;
  readonly #into: RecordChunk;
  readonly #from: bigint;
  /** Aborted transactions not reached yet, by first offset. */
  readonly #pending: AbortedTransaction[];
  /** Producers whose transaction in progress at this point of the log was aborted. */
  readonly #abortedProducers = new Set<bigint>();
  readonly #filter: boolean;

  /** Offset deltas below this in the current batch lie before the fetch offset (a batch starting earlier). */
  #skipBelow = 0;

  constructor(fetchOffset: bigint, aborted: readonly AbortedTransaction[] | null, into: RecordChunk) {
    this.#into = into;
    this.#from = fetchOffset;
    this.next = fetchOffset;
    this.#filter = aborted !== null;
    this.#pending =
      aborted === null ? [] : [...aborted].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : 1));
  }

  batch(header: RecordBatchHeader, control: ControlRecordKey | null): boolean {
    const last = header.baseOffset + BigInt(header.lastOffsetDelta);
    this.#skipBelow = header.baseOffset < this.#from ? Number(this.#from - header.baseOffset) : 0;
    if (last + 1n > this.next) {
      this.next = last + 1n;
      this.epoch = header.partitionLeaderEpoch;
    }
    if (header.isControl) {
      // The abort marker ends that producer's aborted transaction.
      if (control?.type === ControlRecordType.Abort) this.#abortedProducers.delete(header.producerId);
      return false;
    }
    if (!this.#filter || !header.isTransactional) return true;
    while (this.#pending.length > 0 && (this.#pending[0] as AbortedTransaction).firstOffset <= last) {
      this.#abortedProducers.add((this.#pending.shift() as AbortedTransaction).producerId);
    }
    return !this.#abortedProducers.has(header.producerId);
  }

  record(
    header: RecordBatchHeader,
    offsetDelta: number,
    timestamp: number,
    key: Buffer | null,
    value: Buffer | null,
    headers: RecordHeader[],
  ): void {
    if (offsetDelta < this.#skipBelow) return;
    const { baseOffset, partitionLeaderEpoch: epoch } = header;
    this.#into.addViews(baseOffset, epoch, offsetDelta, timestamp, key, value, headers);
  }

  /** v2 records: positions, so no view is made until the message is taken. */
  recordSpans(
    header: RecordBatchHeader,
    offsetDelta: number,
    timestamp: number,
    memory: ArrayBufferLike,
    keyAt: number,
    keyLength: number,
    valueAt: number,
    valueLength: number,
    headers: RecordHeader[],
  ): void {
    if (offsetDelta < this.#skipBelow) return;
    const { baseOffset, partitionLeaderEpoch: epoch } = header;
    this.#into.add(
      baseOffset,
      epoch,
      offsetDelta,
      timestamp,
      memory,
      keyAt,
      keyLength,
      valueAt,
      valueLength,
      headers,
    );
  }
}
