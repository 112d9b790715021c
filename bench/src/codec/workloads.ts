import { randomBytes } from 'node:crypto';

/** One benchmark input: the same records, in each library's own input shape. */
export interface Workload {
  name: string;
  valueSize: number;
  withHeaders: boolean;
  lz4: boolean;
  keys: Buffer[];
  values: Buffer[];
  /** Header key/value pairs per record (the same for every record); empty without headers. */
  headers: Array<[string, Buffer]>;
  timestamp: number;
}

/** Records per batch: about what a producer with a 64 KiB-1 MiB batch size sends. */
export const RECORDS_PER_BATCH = 1000;

/** Values that compress about as well as typical JSON payloads (half random, half repeated). */
export function value(size: number): Buffer {
  const half = Math.floor(size / 2);
  return Buffer.concat(
    [randomBytes(half).toString('base64').slice(0, half), 'a'.repeat(size - half)].map((s) => Buffer.from(s)),
  );
}

/** The eight workloads: 100 B and 1 KiB values, with and without headers, uncompressed and lz4. */
export function workloads(): Workload[] {
  const out: Workload[] = [];
  for (const valueSize of [100, 1024])
    for (const withHeaders of [false, true])
      for (const lz4 of [false, true])
        out.push({
          name: `${valueSize === 100 ? '100 B' : '1 KiB'}${withHeaders ? ' +3 hdrs' : ''}${lz4 ? ' lz4' : ''}`,
          valueSize,
          withHeaders,
          lz4,
          keys: Array.from({ length: RECORDS_PER_BATCH }, (_, i) => Buffer.from(`key-${i}`)),
          values: Array.from({ length: RECORDS_PER_BATCH }, () => value(valueSize)),
          headers: withHeaders
            ? [
                ['trace-id', Buffer.from('4bf92f3577b34da6a3ce929d0e0e4736')],
                ['content-type', Buffer.from('application/json')],
                ['origin', Buffer.from('bench')],
              ]
            : [],
          timestamp: 1_700_000_000_000,
        });
  return out;
}
