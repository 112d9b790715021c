import zlib from 'node:zlib';

/** Fields of a legacy message that tests set. */
export interface LegacyMessageOptions {
  attributes?: number;
  timestamp?: number;
  key?: string;
}

function lengthPrefixed(v: Buffer | string | null | undefined): Buffer {
  if (v === null || v === undefined) return Buffer.from('ffffffff', 'hex');
  const b = Buffer.from(v);
  const n = Buffer.alloc(4);
  n.writeInt32BE(b.length);
  return Buffer.concat([n, b]);
}

/** A legacy (magic 0/1) message set entry built field by field from the spec, with its CRC-32. */
export function legacyMessage(
  magic: 0 | 1,
  offset: bigint,
  value: Buffer | string | null,
  opts: LegacyMessageOptions = {},
): Buffer {
  const ts = Buffer.alloc(magic === 1 ? 8 : 0);
  if (magic === 1) ts.writeBigInt64BE(BigInt(opts.timestamp ?? -1));
  const body = Buffer.concat([
    Buffer.from([magic, opts.attributes ?? 0]),
    ts,
    lengthPrefixed(opts.key),
    lengthPrefixed(value),
  ]);
  const head = Buffer.alloc(16);
  head.writeBigInt64BE(offset, 0);
  head.writeInt32BE(4 + body.length, 8);
  head.writeUInt32BE(zlib.crc32(body), 12);
  return Buffer.concat([head, body]);
}
