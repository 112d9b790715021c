import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { reapLeftovers } from '@tskafka/harness';
import { describe, expect, it } from 'vitest';

const e2eDir = resolve(import.meta.dirname, '../..');

/** True while `pid` is a live, non-zombie process. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
}

async function eventuallyDead(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < deadline) await sleep(100);
  return !alive(pid);
}

/**
 * Runs a Node process that starts a ZooKeeper through the harness, reports the JVM's pid and run
 * dir, then does `then` ('crash': throw; 'hang': wait to be killed). Resolves once the report is in.
 */
function ownerProcess(then: 'crash' | 'hang') {
  const script = `
    import { readFileSync } from 'node:fs';
    import { startZooKeeper } from '@tskafka/harness';
    const zk = await startZooKeeper();
    const pid = Number(readFileSync(zk.dir + '/pid', 'utf8'));
    console.log(JSON.stringify({ pid, dir: zk.dir }));
    ${then === 'crash' ? "throw new Error('test crash');" : 'setInterval(() => {}, 1000);'}
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: e2eDir });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const report = new Promise<{ pid: number; dir: string }>((done, fail) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) done(JSON.parse(out.slice(0, out.indexOf('\n'))));
    });
    child.on('exit', () => fail(new Error(`owner exited before reporting: ${out}`)));
  });
  return { child, exited, report };
}

describe('no orphan JVM survives its owner', () => {
  it('an owner that crashes with an uncaught exception takes its JVMs and run dir with it', async () => {
    const owner = ownerProcess('crash');
    const { pid, dir } = await owner.report;
    expect(await owner.exited).not.toBe(0);
    expect(await eventuallyDead(pid)).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });

  it('JVMs of an owner killed by SIGKILL (no hooks run) are reaped by the next harness', async () => {
    const owner = ownerProcess('hang');
    const { pid, dir } = await owner.report;
    owner.child.kill('SIGKILL');
    await owner.exited;
    await sleep(500);
    expect(alive(pid)).toBe(true); // nothing could clean up yet
    expect(reapLeftovers()).toBeGreaterThanOrEqual(1);
    expect(await eventuallyDead(pid)).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });
});
