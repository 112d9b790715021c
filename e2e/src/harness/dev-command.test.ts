import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { kcatBrokerIds } from '../setup/kcat.js';

const cli = resolve(import.meta.dirname, '../../harness/dist/cli.js');
const stateDir = mkdtempSync(join(tmpdir(), 'tskafka-dev-state-'));
const env = { ...process.env, TSKAFKA_DEV_STATE: join(stateDir, 'state.json') };

/** Runs `pnpm kafka <args>` (the same script) and resolves with its exit code and output. */
function kafkaCommand(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [cli, ...args], { env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );
}

afterAll(async () => {
  await kafkaCommand('down'); // a failed test must not leave a detached cluster behind
  rmSync(stateDir, { recursive: true, force: true });
});

describe('pnpm kafka up / status / down', () => {
  it('starts a detached cluster that outlives the command, reports it, and stops it', async () => {
    const up = await kafkaCommand('up', '--version', '3.9', '--sasl');
    expect(up.code).toBe(0);
    const bootstrap = /bootstrap \(PLAINTEXT\):\s+(\S+)/.exec(up.stdout)?.[1] ?? '';
    expect(up.stdout).toMatch(/bootstrap \(SASL_PLAINTEXT\):\s+127\.0\.0\.1:\d+/);
    expect(await kcatBrokerIds(bootstrap)).toEqual([1]); // the command has exited; the broker runs on

    expect((await kafkaCommand('up')).code).toBe(1); // one dev cluster at a time
    const status = await kafkaCommand('status');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/broker 1 on .*: running, answers, sees brokers \[1\]/);

    expect((await kafkaCommand('down')).code).toBe(0);
    await expect(kcatBrokerIds(bootstrap, undefined, 2)).rejects.toThrow();
    expect((await kafkaCommand('status')).code).toBe(3);
  });

  it('rejects unknown commands and versions with a usage message', async () => {
    const bogus = await kafkaCommand('bogus');
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain('usage:');
    const badVersion = await kafkaCommand('up', '--version', '9');
    expect(badVersion.code).toBe(1);
    expect(badVersion.stderr).toContain('unknown Kafka version "9"');
  });
});
