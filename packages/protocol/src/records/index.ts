export {
  decodeControlRecordKey,
  decodeEndTxnMarkerValue,
  encodeControlRecordKey,
  encodeEndTxnMarkerValue,
} from './control.js';
export {
  type Crc32cImplementation,
  crc32c,
  crc32cImplementation,
  useCrc32cImplementation,
} from './crc32c.js';
export { decodeRecordBatches, visitRecordBatches } from './decode.js';
export type { DecodeRecordsOptions } from './decode-v2.js';
export { encodeRecordBatch } from './encode-batch.js';
export { KafkaChecksumError } from './errors.js';
export { recordOffset } from './record-offset.js';
export {
  type ControlRecordKey,
  ControlRecordType,
  type KafkaRecord,
  type ProduceRecord,
  type RecordBatch,
  type RecordBatchHeader,
  type RecordBatchOptions,
  type RecordBytes,
  type RecordHeader,
  TimestampType,
} from './types.js';
export type { RecordVisitor } from './visitor.js';
