import { existsSync } from 'node:fs';
import { cdsArchivePath, cdsDumpFlag, publishCdsArchive } from './cds.js';
import { runCommand } from './command.js';
import { toolArgv } from './jvm.js';
import { startKafka } from './kafka.js';
import { resolveKafka } from './maven.js';
import { javaBin } from './node-process.js';
import { type KafkaLineName, kafkaLine } from './versions.js';

/**
 * Builds a line's class-data archives once (setup step): runs a single broker and one admin tool
 * with `-XX:ArchiveClassesAtExit`, then publishes what they dumped at exit. Returns what happened.
 */
export async function buildCdsArchives(name: KafkaLineName): Promise<'cached' | 'built' | 'not written'> {
  const line = kafkaLine(name);
  if (existsSync(cdsArchivePath(line, 'server')) && existsSync(cdsArchivePath(line, 'tool'))) return 'cached';
  const lib = await resolveKafka(line);
  const kafka = await startKafka({ version: name, jvmArgs: [cdsDumpFlag(line, 'server')] });
  try {
    const main = ['org.apache.kafka.tools.TopicCommand', '--bootstrap-server', kafka.bootstrap];
    main.push('--create', '--topic', 'cds-warmup', '--partitions', '1');
    await runCommand(javaBin(), toolArgv(line, lib, main, [cdsDumpFlag(line, 'tool')]));
  } finally {
    await kafka.stop();
  }
  const server = publishCdsArchive(line, 'server');
  const tool = publishCdsArchive(line, 'tool');
  return server && tool ? 'built' : 'not written';
}
