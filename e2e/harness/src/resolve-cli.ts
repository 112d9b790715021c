#!/usr/bin/env node
// Setup step: resolves the jars of every configured Kafka line into the cache (offline afterwards)
// and builds their class-data archives, which roughly halve each JVM's start-up CPU.
import { buildCdsArchives } from './cds-warmup.js';
import { isResolved, resolveKafka } from './maven.js';
import { KAFKA_LINE_NAMES, kafkaLine } from './versions.js';

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

for (const name of KAFKA_LINE_NAMES) {
  const line = kafkaLine(name);
  const cached = isResolved(line);
  const started = performance.now();
  const lib = await resolveKafka(line);
  console.log(
    `Kafka ${line.version} (${name}): ${lib} ${cached ? '(cached)' : `(resolved in ${seconds(started)} s)`}`,
  );
  const warm = performance.now();
  try {
    const cds = await buildCdsArchives(name);
    console.log(`  class-data archives: ${cds}${cds === 'built' ? ` in ${seconds(warm)} s` : ''}`);
  } catch (err) {
    // Archives only speed JVMs up; without them everything still works, so setup goes on.
    console.warn(`  class-data archives not built: ${(err as Error).message.split('\n')[0]}`);
  }
}
