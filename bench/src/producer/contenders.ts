import type { Run } from '../table.js';

/** One produce workload: record count and size, acks, codec. */
export interface Workload {
  count: number;
  size: number;
  acks: 1 | -1;
  lz4: boolean;
}

/** A producer under test. */
export interface Contender {
  library: string;
  produce(bootstrap: string, topic: string, w: Workload, version: '3.9' | '4'): Promise<Run>;
}

/** Records handed to batch-oriented peers per send() call, and such calls kept in flight. */
export const PEER_BATCH = 1_000;
const PEER_CONCURRENCY = 4;
/** Requests in flight for tskafka and the ceiling (Java's default max.in.flight too). */
export const IN_FLIGHT = 5;
/** Records tskafka keeps pending (well under maxQueuedMessages and, at 1 KiB, maxQueuedBytes). */
export const WINDOW = 20_000;
/**
 * tskafka's (and the Java tool's) batch.size. It does not cap tskafka's requests: batches queued
 * behind the one in flight are merged up to maxRequestSize (1 MB), so when records pile up, as
 * here, every request carries about 1 MB, as the peers' 1 000-record sends do at 1 KiB.
 */
export const BATCH_BYTES = 65_536;

export async function timed(work: () => Promise<void>): Promise<Run> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await work();
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { seconds, cpuMs: (used.user + used.system) / 1000 };
}

/** Runs `send(from, to)` over the records in chunks, `PEER_CONCURRENCY` at a time. */
export async function chunked(count: number, send: (n: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = Math.min(PEER_BATCH, count - next);
      next += n;
      await send(n);
    }
  };
  await Promise.all(Array.from({ length: PEER_CONCURRENCY }, worker));
}

export const hosts = (bootstrap: string) =>
  bootstrap.split(',').map((hp) => ({ host: hp.split(':')[0] ?? '', port: Number(hp.split(':')[1]) }));
