import type { CompressionCodec } from '../compression/codecs.js';

/** A record header as decoded: UTF-8 key, raw value (a view into the fetched bytes). */
export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

/**
 * A decoded record. Keys, values and header values are views into the decoded buffer (no copies):
 * Buffers to `Buffer.isBuffer`, `instanceof Buffer` and every Buffer method, made by a lighter
 * view class than `subarray`'s, so their prototype is a subclass of `Buffer.prototype`.
 */
export interface KafkaRecord {
  /** Absolute offset in the partition. */
  offset: bigint;
  /** Milliseconds since the epoch; the batch's max timestamp when the batch uses LogAppendTime; -1 if none. */
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  /** Record headers; a shared empty array when the record has none (do not mutate it). */
  headers: RecordHeader[];
}

/** Which clock a batch's timestamps come from (attribute bit 3). */
export const TimestampType = {
  /** Set by the producer. */
  CreateTime: 0,
  /** Set by the broker when it appended the batch. */
  LogAppendTime: 1,
} as const;

/** One of the {@link TimestampType} values. */
export type TimestampType = (typeof TimestampType)[keyof typeof TimestampType];

/** Control record types (the INT16 in a control record's key). 0 and 1 are transaction markers. */
export const ControlRecordType = {
  Abort: 0,
  Commit: 1,
  LeaderChange: 2,
  SnapshotHeader: 3,
  SnapshotFooter: 4,
  KraftVersion: 5,
  KraftVoters: 6,
} as const;

/** A decoded control record key; `type` may be a value not listed in {@link ControlRecordType}. */
export interface ControlRecordKey {
  version: number;
  type: number;
}

/**
 * Batch-level fields of a decoded record batch. For legacy message sets (magic 0/1), each
 * top-level message is reported as one batch with producer fields set to -1.
 */
export interface RecordBatchHeader {
  /** Offset of the first record (magic 2: the batch base offset). */
  baseOffset: bigint;
  /** Offset delta of the last record; `baseOffset + lastOffsetDelta` is the batch's last offset. */
  lastOffsetDelta: number;
  /** Set by the broker; -1 from producers and for legacy data. */
  partitionLeaderEpoch: number;
  /** 2 for record batches, 0 or 1 for legacy message sets. */
  magic: number;
  /** The stored checksum (CRC-32C for magic 2, CRC-32 for legacy messages), already verified. */
  crc: number;
  /** The raw attributes (INT16 for magic 2, INT8 for legacy). */
  attributes: number;
  compression: CompressionCodec;
  timestampType: TimestampType;
  isTransactional: boolean;
  isControl: boolean;
  /** Attribute bit 6: `baseTimestamp` holds the delete horizon set by log compaction. */
  hasDeleteHorizon: boolean;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  /** Number of records the batch declares (may be 0 after compaction). */
  recordCount: number;
}

/** A decoded record batch with its records. */
export interface RecordBatch extends RecordBatchHeader {
  records: KafkaRecord[];
  /** For control batches: the control record's key (ABORT/COMMIT marker etc.); otherwise null. */
  control: ControlRecordKey | null;
}

/** Bytes accepted for keys and values on encode: raw bytes, or a string written as UTF-8. */
export type RecordBytes = Uint8Array | string | null;

/** A record to encode. */
export interface ProduceRecord {
  key?: RecordBytes;
  value: RecordBytes;
  headers?: ReadonlyArray<{ key: string; value: RecordBytes }>;
  /** Milliseconds since the epoch (default: the time of encoding). */
  timestamp?: number;
}

/** Batch-level options of {@link encodeRecordBatch}; every field defaults to what a plain producer writes. */
export interface RecordBatchOptions {
  /** Codec for the records section (default none). */
  compression?: CompressionCodec;
  /** Codec level (gzip 1–9, zstd 1–22). */
  compressionLevel?: number;
  /** Default 0n: the broker assigns offsets. */
  baseOffset?: bigint;
  /** Default -1. */
  partitionLeaderEpoch?: number;
  /** Default -1n (not idempotent). */
  producerId?: bigint;
  /** Default -1. */
  producerEpoch?: number;
  /** Default -1. */
  baseSequence?: number;
  /** Default false. */
  transactional?: boolean;
  /** Default CreateTime. */
  timestampType?: TimestampType;
  /** Marks the batch as a control batch (brokers write these; useful for tests and tools). */
  isControl?: boolean;
  /** Sets attribute bit 6 and stores this value as the base timestamp (log compaction's delete horizon). */
  deleteHorizonMs?: number;
  /**
   * Provides the buffer the batch is written to: exactly `size` bytes (a producer reuses its
   * acknowledged batches' buffers this way). Default `Buffer.allocUnsafe`.
   */
  allocate?: (size: number) => Buffer;
}
