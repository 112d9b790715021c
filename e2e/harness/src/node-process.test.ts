import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeCpuSeconds } from './node-process.js';

describe('nodeCpuSeconds', () => {
  const dirs: string[] = [];
  const nodeDir = (pid?: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'tskafka-node-'));
    dirs.push(dir);
    if (pid !== undefined) writeFileSync(join(dir, 'pid'), String(pid));
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("follows the recorded process's CPU time as /proc counts it", () => {
    const dir = nodeDir(process.pid);
    const before = nodeCpuSeconds(dir) as number;
    const own = process.cpuUsage();
    const until = performance.now() + 300;
    let spin = 0;
    while (performance.now() < until) spin++;
    const used = process.cpuUsage(own);
    const after = nodeCpuSeconds(dir) as number;
    expect(spin).toBeGreaterThan(0);
    expect(before).toBeGreaterThan(0);
    // /proc counts in 10 ms ticks: the spin's CPU time, within a few ticks
    expect(after - before).toBeGreaterThan((used.user + used.system) / 1e6 - 0.05);
    expect(after - before).toBeLessThan((used.user + used.system) / 1e6 + 0.2);
  });

  it('is undefined without a recorded or live process', () => {
    expect(nodeCpuSeconds(nodeDir())).toBeUndefined();
    expect(nodeCpuSeconds(nodeDir(2 ** 22 + 12345))).toBeUndefined();
  });
});
