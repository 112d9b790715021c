import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { versionCacheDir } from './paths.js';
import type { KafkaLine } from './versions.js';

// Class-data sharing: a JVM started with an archive of the classes an earlier run loaded maps them
// instead of parsing and verifying ~5,000 classes again. Measured on these machines, a KRaft
// broker's CPU time until ready drops from ~4.3 s to ~2.4 s. Archives are optional: without
// one, or with one the JVM rejects (a different JDK, a changed classpath), JVMs start normally.

/** What a JVM of this kind mostly loads: the broker, or a client tool. */
export type CdsRole = 'server' | 'tool';

/** Where a line's archive for a role lives (beside its jars). */
export function cdsArchivePath(line: KafkaLine, role: CdsRole): string {
  return join(versionCacheDir(line.version), `cds-${role}.jsa`);
}

/** JVM flags that use the archive if it exists; the JVM's own complaints about it are silenced. */
export function cdsFlags(line: KafkaLine, role: CdsRole): string[] {
  const archive = cdsArchivePath(line, role);
  return existsSync(archive) ? [`-XX:SharedArchiveFile=${archive}`, '-Xlog:cds=off,cds+dynamic=off'] : [];
}

/** The flag that makes a JVM write an archive at exit, into a scratch path to publish afterwards. */
export function cdsDumpFlag(line: KafkaLine, role: CdsRole): string {
  return `-XX:ArchiveClassesAtExit=${cdsArchivePath(line, role)}.partial-${process.pid}`;
}

/** Moves a freshly dumped archive into place; returns false if the JVM wrote none. */
export function publishCdsArchive(line: KafkaLine, role: CdsRole): boolean {
  const partial = `${cdsArchivePath(line, role)}.partial-${process.pid}`;
  if (!existsSync(partial)) return false;
  renameSync(partial, cdsArchivePath(line, role));
  return true;
}

/** Deletes a line's archives (e.g. after a JDK upgrade made them useless). */
export function removeCdsArchives(line: KafkaLine): void {
  for (const role of ['server', 'tool'] as const) rmSync(cdsArchivePath(line, role), { force: true });
}
