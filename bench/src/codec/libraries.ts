import type { Workload } from './workloads.js';

export type Fn = () => unknown;

/**
 * Reads each decoded record's value length, so that every decoder's result is used the same way
 * (a decoder that made values lazily would pay for them here). Returns the bytes seen.
 */
export function touchValues(records: ReadonlyArray<{ value: Uint8Array | null }>): number {
  let bytes = 0;
  for (const r of records) bytes += r.value === null ? 0 : r.value.length;
  return bytes;
}

/** One library's record-batch code bound to a workload: encode returns a batch, decode reads one. */
export interface Contender {
  library: string;
  encode(w: Workload): { run: Fn; output: () => Promise<Buffer> };
  decode(w: Workload, batch: Buffer): { run: Fn; count: () => Promise<number> };
}

/**
 * Every contender as module and export, tskafka first. Each module imports one library only, so
 * that a contender's timing process (timing-session.ts) holds that library alone.
 */
export const RECORD_CONTENDERS: ReadonlyArray<readonly [module: string, exportName: string]> = [
  ['./record-tskafka.ts', 'tskafka'],
  ['./record-tskafka.ts', 'tskafkaVisitor'],
  ['./record-tskafka.ts', 'tskafkaNoCrc'],
  ['./record-platformatic.ts', 'platformatic'],
  ['./record-kafkajs.ts', 'kafkaJs'],
];
