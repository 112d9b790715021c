/**
 * Runs `run` (sync or async) for about `ms` of wall time; returns operations per second of CPU
 * time (all threads of the process, so thread-pool codecs and GC count), which stays meaningful
 * when other processes compete for the cores.
 */
export async function rate(run: () => unknown, ms: number): Promise<number> {
  let ops = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  while (performance.now() - started < ms) {
    for (let i = 0; i < 5; i++) await run();
    ops += 5;
  }
  const used = process.cpuUsage(cpu);
  return (ops / (used.user + used.system)) * 1e6;
}
