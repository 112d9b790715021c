import type { Reader } from './reader.js';
import type { Writer } from './writer.js';

/** A tagged field kept as raw bytes: one a decoder does not know, preserved for re-encoding. */
export interface RawTaggedField {
  /** The field's tag number. */
  readonly tag: number;
  /** The field's encoded value, exactly as received. */
  readonly data: Buffer;
}

/**
 * Reads a whole tagged-field section (KIP-482) as raw fields. Tags must be strictly ascending, as
 * Kafka requires; returns `undefined` for an empty section so the common case allocates nothing.
 */
export function readRawTaggedFields(r: Reader): RawTaggedField[] | undefined {
  const count = r.uvarint();
  if (count === 0) return undefined;
  if (count > r.remaining) r.fail(`tagged-field count ${count} exceeds the ${r.remaining} bytes left`);
  const fields: RawTaggedField[] = [];
  let last = -1;
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint();
    if (tag <= last) r.fail(`tag ${tag} follows tag ${last}; tags must ascend`);
    last = tag;
    fields.push({ tag, data: r.raw(r.uvarint()) });
  }
  return fields;
}

/** Writes a tagged-field section holding exactly the given raw fields, which must ascend by tag. */
export function writeRawTaggedFields(w: Writer, fields: readonly RawTaggedField[] | undefined): void {
  if (fields === undefined) {
    w.uvarint(0);
    return;
  }
  w.uvarint(fields.length);
  for (const f of fields) w.uvarint(f.tag).uvarint(f.data.length).raw(f.data);
}
