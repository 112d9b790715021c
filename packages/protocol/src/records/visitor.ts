import type { ControlRecordKey, RecordBatchHeader, RecordHeader } from './types.js';

/**
 * Receives decoded records without a per-record object: the hot consumer path. Keys, values and
 * header values are views into the fetched (or decompressed) bytes.
 */
export interface RecordVisitor {
  /**
   * Called once per batch before its records, with the control key for control batches.
   * Return `false` to skip the batch's records (e.g. a control batch, or an aborted transaction).
   */
  batch?(header: RecordBatchHeader, control: ControlRecordKey | null): boolean | undefined;
  /**
   * Called for each record; its offset is `header.baseOffset + BigInt(offsetDelta)`, which the
   * callee computes only if it needs it.
   */
  record(
    header: RecordBatchHeader,
    offsetDelta: number,
    timestamp: number,
    key: Buffer | null,
    value: Buffer | null,
    headers: RecordHeader[],
  ): void;
  /**
   * When present, v2 batches report each record here instead of {@link record}: the key and
   * value as positions in `memory` (the ArrayBuffer under the fetched or decompressed bytes;
   * length -1 for null), so a caller that only stores where they lie makes no view per record.
   * Legacy (magic 0/1) records still go to {@link record}.
   */
  recordSpans?(
    header: RecordBatchHeader,
    offsetDelta: number,
    timestamp: number,
    memory: ArrayBufferLike,
    keyAt: number,
    keyLength: number,
    valueAt: number,
    valueLength: number,
    headers: RecordHeader[],
  ): void;
}
