import { existsSync, readFileSync, rmSync } from 'node:fs';
import { HarnessError, startKafka } from '@tskafka/harness';
import { describe, expect, it } from 'vitest';

describe('a broker that cannot start', () => {
  it('fails fast with its log tail and keeps the logs, printing where', async () => {
    const started = Date.now();
    const error = await startKafka({ version: '4', jvmArgs: ['-XX:+NoSuchHarnessOption'] }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(HarnessError);
    const failure = error as HarnessError;
    expect(Date.now() - started).toBeLessThan(30_000); // not the 90 s readiness timeout
    expect(failure.message).toMatch(/broker-1 exited while waiting/);
    expect(failure.message).toContain('NoSuchHarnessOption'); // the JVM's complaint, from the log tail
    const runDir = /logs kept in (\S+)/.exec(failure.message)?.[1];
    expect(failure.logPath).toBeDefined();
    expect(readFileSync(failure.logPath ?? '', 'utf8')).toContain('NoSuchHarnessOption');
    expect(runDir !== undefined && existsSync(runDir)).toBe(true);
    rmSync(runDir ?? '', { recursive: true, force: true });
  });
});
