/**
 * UTF-8 length and write for the short strings of the record hot path (header keys, small
 * keys): a JS loop over ASCII beats a call into C++; longer or non-ASCII strings use Buffer's.
 */
const SHORT = 64;

/** Bytes of `s` in UTF-8. */
export function utf8Length(s: string): number {
  const n = s.length;
  if (n > SHORT) return Buffer.byteLength(s, 'utf8');
  for (let i = 0; i < n; i++) if (s.charCodeAt(i) >= 0x80) return Buffer.byteLength(s, 'utf8');
  return n;
}

/** Writes `s`, whose UTF-8 length is `n`, at `pos`; returns the position after it. */
export function writeUtf8(buf: Buffer, pos: number, s: string, n: number): number {
  if (n !== s.length || n > SHORT) return pos + buf.write(s, pos, n, 'utf8');
  for (let i = 0; i < n; i++) buf[pos + i] = s.charCodeAt(i);
  return pos + n;
}
