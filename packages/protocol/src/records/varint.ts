/**
 * Varint helpers on plain numbers for the record hot path. The shared Writer/Reader work on
 * bigint for VARLONG; record timestamp deltas fit a double, so these avoid a bigint per record.
 */

/** Bytes the zig-zag VARINT/VARLONG encoding of `v` takes (|v| < 2^52). */
export function varintSize(v: number): number {
  let z = v >= 0 ? v * 2 : -v * 2 - 1;
  let n = 1;
  while (z >= 128) {
    z = Math.floor(z / 128);
    n++;
  }
  return n;
}

/** Writes zig-zag VARINT/VARLONG `v` (|v| < 2^52) at `pos`; returns the position after it. */
export function writeVarint(buf: Uint8Array, pos: number, v: number): number {
  let z = v >= 0 ? v * 2 : -v * 2 - 1;
  while (z >= 128) {
    buf[pos++] = (z % 128) | 0x80;
    z = Math.floor(z / 128);
  }
  buf[pos++] = z;
  return pos;
}
