import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cdsFlags } from './cds.js';
import { versionCacheDir } from './paths.js';
import { logConfigFlag, renderProperties, serverLogConfig, toolLogConfig } from './properties.js';
import type { KafkaLine } from './versions.js';

/** JVM sizing for server processes; tests run many JVMs on few cores, so the defaults are small. */
export interface JvmSizing {
  /** Maximum heap in MiB. */
  readonly heapMb: number;
  /** Extra JVM flags, placed before the main class (e.g. benchmark GC settings). */
  readonly jvmArgs?: readonly string[] | undefined;
}

/** Writes the server logging config for a line into `dir` (once) and returns its path. */
export function serverLogConfigFile(dir: string, line: KafkaLine): string {
  const path = join(dir, `server-${line.logging}.properties`);
  if (!existsSync(path)) writeFileSync(path, renderProperties(serverLogConfig(line.logging)));
  return path;
}

/** The tools' logging config, cached beside the version's jars. */
export function toolLogConfigFile(line: KafkaLine): string {
  const dir = versionCacheDir(line.version);
  const path = join(dir, `tools-${line.logging}.properties`);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, renderProperties(toolLogConfig(line.logging)));
  }
  return path;
}

/** Archive flags unless the caller is dumping an archive itself (the two cannot be combined). */
const sharing = (line: KafkaLine, role: 'server' | 'tool', extra: readonly string[]) =>
  extra.some((flag) => flag.startsWith('-XX:ArchiveClassesAtExit')) ? [] : cdsFlags(line, role);

/** `java` arguments for a long-running server: serial GC (one GC thread per JVM on shared cores). */
export function serverArgv(
  line: KafkaLine,
  lib: string,
  logConfig: string,
  sizing: JvmSizing,
  main: readonly string[],
): string[] {
  return [
    `-Xms${Math.min(128, sizing.heapMb)}m`,
    `-Xmx${sizing.heapMb}m`,
    '-XX:+UseSerialGC',
    '-XX:+ExitOnOutOfMemoryError',
    '-XX:-UsePerfData',
    '-Djava.awt.headless=true',
    logConfigFlag(line.logging, logConfig),
    ...sharing(line, 'server', sizing.jvmArgs ?? []),
    ...(sizing.jvmArgs ?? []),
    '-cp',
    `${lib}/*`,
    ...main,
  ];
}

/** `java` arguments for a short-lived tool: C1 only and a small heap start fastest. */
export function toolArgv(
  line: KafkaLine,
  lib: string,
  main: readonly string[],
  jvmArgs: readonly string[] = [],
): string[] {
  return [
    '-Xmx256m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-XX:-UsePerfData',
    '-Djava.awt.headless=true',
    logConfigFlag(line.logging, toolLogConfigFile(line)),
    ...sharing(line, 'tool', jvmArgs),
    ...jvmArgs,
    '-cp',
    `${lib}/*`,
    ...main,
  ];
}
