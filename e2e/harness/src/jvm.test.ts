import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cdsArchivePath, cdsDumpFlag } from './cds.js';
import { serverArgv, toolArgv } from './jvm.js';
import { KAFKA_LINES } from './versions.js';

const line = KAFKA_LINES['4'];
let cache: string;
const saved = process.env.TSKAFKA_CACHE;

beforeEach(() => {
  cache = mkdtempSync(join(tmpdir(), 'tskafka-jvm-test-'));
  process.env.TSKAFKA_CACHE = cache;
});
afterEach(() => {
  if (saved === undefined) delete process.env.TSKAFKA_CACHE;
  else process.env.TSKAFKA_CACHE = saved;
  rmSync(cache, { recursive: true, force: true });
});

describe('JVM command lines', () => {
  it('put the JVM flags before the classpath and the main class last', () => {
    const argv = serverArgv(line, '/lib', '/log.properties', { heapMb: 300, jvmArgs: ['-Dx=1'] }, [
      'kafka.Kafka',
      'a',
    ]);
    expect(argv.slice(0, 2)).toEqual(['-Xms128m', '-Xmx300m']);
    expect(argv).toContain('-Dlog4j2.configurationFile=/log.properties');
    expect(argv.slice(-4)).toEqual(['-cp', '/lib/*', 'kafka.Kafka', 'a']);
    expect(argv.indexOf('-Dx=1')).toBeLessThan(argv.indexOf('-cp'));
  });

  it("let a tool's extra flags come after the defaults, so the JVM takes them", () => {
    const argv = toolArgv(line, '/lib', ['Main'], ['-Xmx1g', '-XX:TieredStopAtLevel=4']);
    expect(argv.lastIndexOf('-Xmx1g')).toBeGreaterThan(argv.indexOf('-Xmx256m'));
    expect(argv.lastIndexOf('-XX:TieredStopAtLevel=4')).toBeGreaterThan(
      argv.indexOf('-XX:TieredStopAtLevel=1'),
    );
    expect(argv.indexOf('-Xmx1g')).toBeLessThan(argv.indexOf('-cp'));
  });

  it('use a class-data archive only when one exists', () => {
    expect(toolArgv(line, '/lib', ['Main']).join(' ')).not.toContain('SharedArchiveFile');
    mkdirSync(join(cache, `kafka-${line.version}`), { recursive: true });
    writeFileSync(cdsArchivePath(line, 'tool'), '');
    expect(toolArgv(line, '/lib', ['Main'])).toContain(
      `-XX:SharedArchiveFile=${cdsArchivePath(line, 'tool')}`,
    );
    expect(serverArgv(line, '/lib', '/l', { heapMb: 256 }, ['M']).join(' ')).not.toContain(
      'SharedArchiveFile',
    );
  });

  it('never combine using an archive with dumping one', () => {
    mkdirSync(join(cache, `kafka-${line.version}`), { recursive: true });
    writeFileSync(cdsArchivePath(line, 'server'), '');
    const argv = serverArgv(line, '/lib', '/l', { heapMb: 256, jvmArgs: [cdsDumpFlag(line, 'server')] }, [
      'M',
    ]);
    expect(argv.join(' ')).not.toContain('SharedArchiveFile');
    expect(argv.join(' ')).toContain('-XX:ArchiveClassesAtExit=');
  });
});
