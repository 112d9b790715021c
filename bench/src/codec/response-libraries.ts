import type { ResponseWorkload } from './response-workloads.js';

/** A decoder bound to one response: `run` is timed, `summary` checks its result first. */
export interface BoundDecoder {
  run: () => unknown;
  summary: () => Promise<string>;
}

/** One library's way of decoding Metadata and Fetch responses. */
export interface ResponseContender {
  library: string;
  /** False for a tskafka row that does not do the peers' work; it gets no ratio. */
  comparable: boolean;
  /** True for the row that leaves a Fetch response's records as bytes (no records/s). */
  recordsAsBytes?: boolean;
  /** Undefined when this row does not apply to the workload's API. */
  bind(w: ResponseWorkload): BoundDecoder | undefined;
}

/**
 * Every row as module and export, tskafka's first; rows that do not apply to a workload's API are
 * skipped. Each module imports one library only (see RECORD_CONTENDERS).
 */
export const RESPONSE_CONTENDERS: ReadonlyArray<readonly [module: string, exportName: string]> = [
  ['./response-tskafka.ts', 'tskafka'],
  ['./response-tskafka.ts', 'tskafkaVisitor'],
  ['./response-tskafka.ts', 'tskafkaNoCrc'],
  ['./response-tskafka.ts', 'tskafkaResponseOnly'],
  ['./response-tskafka.ts', 'tskafkaV12'],
  ['./response-platformatic.ts', 'platformatic'],
  ['./response-kafkajs.ts', 'kafkaJs'],
];
