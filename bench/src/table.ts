import { nodeCpuSeconds } from '@tskafka/harness';

/** Prints rows under a header as left-aligned columns, each as wide as its widest cell. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const row of [header, ...rows])
    console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
}

/** What one timed run of a throughput benchmark measured. */
export interface Run {
  seconds: number;
  /** Client CPU time (user + system) in ms, for in-process libraries; null for external tools. */
  cpuMs: number | null;
  /** CPU time the broker process used during the whole call, in ms, when measured. */
  brokerCpuMs?: number;
}

/**
 * Runs `work` and adds the broker's CPU time over it (from /proc, whole call: connecting and
 * closing included), so a table can show how much of the machine the broker took.
 */
export async function withBrokerCpu(brokerDir: string, work: () => Promise<Run>): Promise<Run> {
  const before = nodeCpuSeconds(brokerDir);
  const run = await work();
  const after = nodeCpuSeconds(brokerDir);
  if (before !== undefined && after !== undefined) run.brokerCpuMs = (after - before) * 1000;
  return run;
}

/** The broker's CPU µs per message of a run, '-' when not measured. */
export function brokerCpuCell(run: Run, count: number): string {
  return run.brokerCpuMs === undefined ? '-' : ((run.brokerCpuMs * 1000) / count).toFixed(2);
}

/** Keeps each library's fastest run. */
export function keepBest(best: Map<string, Run>, library: string, run: Run): void {
  const prior = best.get(library);
  if (prior === undefined || run.seconds < prior.seconds) best.set(library, run);
}

/** The measured cells of a row: msgs/s, MB/s, CPU µs per message and tskafka's rate ÷ this one. */
export function throughputCells(run: Run, count: number, size: number, tskafkaSeconds: number): string[] {
  const rate = count / run.seconds;
  return [
    rate.toFixed(0),
    ((rate * size) / 1e6).toFixed(1),
    run.cpuMs === null ? '-' : ((run.cpuMs * 1000) / count).toFixed(2),
    (run.seconds / tskafkaSeconds).toFixed(2),
  ];
}
