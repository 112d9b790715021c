import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HarnessError } from './errors.js';
import { versionCacheDir } from './paths.js';
import type { KafkaLine } from './versions.js';

const run = promisify(execFile);

/** Pinned: an unversioned `dependency:` prefix would ask the repository for the newest plugin. */
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

/** The SLF4J binding each backend needs; Kafka's POMs leave it out (compileOnly / releaseOnly). */
const LOGGING_DEPENDENCIES: Record<KafkaLine['logging'], readonly [string, string, string][]> = {
  log4j1: [
    ['org.slf4j', 'slf4j-reload4j', '1.7.36'],
    ['ch.qos.reload4j', 'reload4j', '1.2.25'],
  ],
  log4j2: [
    ['org.apache.logging.log4j', 'log4j-slf4j-impl', '2.24.3'],
    ['org.apache.logging.log4j', 'log4j-api', '2.24.3'],
    ['org.apache.logging.log4j', 'log4j-core', '2.24.3'],
  ],
};

const dependency = (group: string, artifact: string, version: string, extra = '') =>
  `    <dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId><version>${version}</version>${extra}</dependency>`;

/**
 * A throwaway POM whose runtime closure is a runnable broker plus Kafka's tools. `connect-runtime`
 * (Jetty, Jersey) is excluded: none of the tools the tests use touches Connect classes.
 */
export function renderPom(line: KafkaLine): string {
  const noConnect =
    '<exclusions><exclusion><groupId>org.apache.kafka</groupId><artifactId>connect-runtime</artifactId></exclusion></exclusions>';
  return [
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    '  <groupId>local.tskafka.harness</groupId>',
    `  <artifactId>kafka-runtime-${line.version}</artifactId>`,
    '  <version>1</version>',
    '  <packaging>pom</packaging>',
    '  <dependencies>',
    dependency('org.apache.kafka', 'kafka_2.13', line.version),
    dependency('org.apache.kafka', 'kafka-tools', line.version, noConnect),
    ...LOGGING_DEPENDENCIES[line.logging].map(([g, a, v]) => dependency(g, a, v)),
    '  </dependencies>',
    '</project>',
    '',
  ].join('\n');
}

/** Where the jars of a version live once resolved; pass `${dir}/*` as the JVM classpath. */
export function libDir(version: string): string {
  return join(versionCacheDir(version), 'lib');
}

/** Written last, holding the POM's hash: present and matching means the lib folder is complete. */
function markerPath(version: string): string {
  return join(versionCacheDir(version), 'resolved.sha256');
}

/** True when the version's jars are already complete in the cache (no Maven run needed). */
export function isResolved(line: KafkaLine): boolean {
  const marker = markerPath(line.version);
  return existsSync(marker) && readFileSync(marker, 'utf8') === pomHash(line);
}

const pomHash = (line: KafkaLine) => createHash('sha256').update(renderPom(line)).digest('hex');

/**
 * Makes sure the jars of one Kafka line are in the cache, running Maven only when they are not.
 * Maven copies into a scratch folder that is renamed into place, so an interrupted run never leaves a
 * half-filled lib folder that looks complete. Returns the lib folder.
 */
export async function resolveKafka(line: KafkaLine): Promise<string> {
  const dir = versionCacheDir(line.version);
  const lib = libDir(line.version);
  if (isResolved(line)) return lib;
  mkdirSync(dir, { recursive: true });
  const pom = join(dir, 'pom.xml');
  writeFileSync(pom, renderPom(line));
  const scratch = `${lib}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  const args = ['-B', '-q', '-f', pom, `${DEPENDENCY_PLUGIN}:copy-dependencies`];
  args.push('-DincludeScope=runtime', '-Dmdep.prependGroupId=true', `-DoutputDirectory=${scratch}`);
  try {
    await run('mvn', args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (cause) {
    rmSync(scratch, { recursive: true, force: true });
    const output = (cause as { stdout?: string }).stdout ?? '';
    throw new HarnessError(`Maven could not resolve Kafka ${line.version}:\n${output.slice(-4000)}`, {
      cause,
    });
  }
  if (isResolved(line)) {
    // Another process finished first and its JVMs may already use those jars: keep them.
    rmSync(scratch, { recursive: true, force: true });
    return lib;
  }
  rmSync(lib, { recursive: true, force: true });
  renameSync(scratch, lib);
  writeFileSync(markerPath(line.version), pomHash(line));
  return lib;
}
