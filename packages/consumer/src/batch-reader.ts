import {
  type ControlRecordKey,
  ControlRecordType,
  type RecordBatchHeader,
  type RecordHeader,
  type RecordVisitor,
  visitRecordBatches,
} from '@tskafka/protocol';
import type { RawMessage } from './message.js';

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
 * Turns one partition's fetched RECORDS bytes into messages appended to `into`, and returns the offset to
 * fetch next with the leader epoch of the batch before it. Records before the fetch offset (a batch starting earlier) are skipped; control
 * records are never delivered; with `aborted` (read_committed) the records of aborted
 * transactions are dropped. Offsets follow the batches, so gaps (compaction, control records,
 * aborted data) are stepped over. Each batch's CRC-32C is checked unless `checkCrcs` is false.
 */
export async function readBatches(
  records: Buffer | null,
  partitionId: number,
  fetch: { offset: bigint; epoch: number },
  aborted: readonly AbortedTransaction[] | null,
  into: RawMessage[],
  checkCrcs = true,
): Promise<ReadEnd> {
  const visitor = new PartitionVisitor(partitionId, fetch.offset, aborted, into);
  visitor.epoch = fetch.epoch;
  await visitRecordBatches(records, visitor, { verifyCrc: checkCrcs });
  return { next: visitor.next, epoch: visitor.epoch };
}

/** The visitor behind {@link readBatches}; one per partition response. */
class PartitionVisitor implements RecordVisitor {
  /** The offset after the last complete batch seen. */
  next: bigint;
  /** Leader epoch of the batch that set {@link next}. */
  epoch = -1;
  readonly #partitionId: number;
  readonly #into: RawMessage[];
  readonly #from: bigint;
  /** Aborted transactions not reached yet, by first offset. */
  readonly #pending: AbortedTransaction[];
  /** Producers whose transaction in progress at this point of the log was aborted. */
  readonly #abortedProducers = new Set<bigint>();
  readonly #filter: boolean;

  constructor(
    partitionId: number,
    fetchOffset: bigint,
    aborted: readonly AbortedTransaction[] | null,
    into: RawMessage[],
  ) {
    this.#partitionId = partitionId;
    this.#into = into;
    this.#from = fetchOffset;
    this.next = fetchOffset;
    this.#filter = aborted !== null;
    this.#pending =
      aborted === null ? [] : [...aborted].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : 1));
  }

  batch(header: RecordBatchHeader, control: ControlRecordKey | null): boolean {
    const last = header.baseOffset + BigInt(header.lastOffsetDelta);
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
    const offset = header.baseOffset + BigInt(offsetDelta);
    if (offset < this.#from) return;
    const leaderEpoch = header.partitionLeaderEpoch;
    this.#into.push({ partitionId: this.#partitionId, offset, timestamp, key, value, headers, leaderEpoch });
  }
}
