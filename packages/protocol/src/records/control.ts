import { KafkaDecodeError } from '../errors/kafka-error.js';
import type { ControlRecordKey } from './types.js';

/**
 * The key of a control record: INT16 version (0) then INT16 type ({@link ControlRecordType}).
 * @param type the control type, e.g. `ControlRecordType.Commit`
 */
export function encodeControlRecordKey(type: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt16BE(type, 2);
  return b;
}

/** The value of an ABORT/COMMIT marker: INT16 version (0) then INT32 coordinator epoch. */
export function encodeEndTxnMarkerValue(coordinatorEpoch: number): Buffer {
  const b = Buffer.alloc(6);
  b.writeInt32BE(coordinatorEpoch, 2);
  return b;
}

/** Reads a control record's key; a key shorter than 4 bytes is a {@link KafkaDecodeError}. */
export function decodeControlRecordKey(key: Buffer | null): ControlRecordKey {
  if (key === null || key.length < 4)
    throw new KafkaDecodeError(`control record key of ${key?.length ?? 'null'} bytes is too short`, 0);
  return { version: key.readInt16BE(0), type: key.readInt16BE(2) };
}

/** Reads an ABORT/COMMIT marker's value: its version and the transaction coordinator's epoch. */
export function decodeEndTxnMarkerValue(value: Buffer | null): { version: number; coordinatorEpoch: number } {
  if (value === null || value.length < 6)
    throw new KafkaDecodeError(
      `transaction marker value of ${value?.length ?? 'null'} bytes is too short`,
      0,
    );
  return { version: value.readInt16BE(0), coordinatorEpoch: value.readInt32BE(2) };
}
