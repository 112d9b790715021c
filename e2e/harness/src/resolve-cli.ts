#!/usr/bin/env node
// Resolves the jars of every configured Kafka line into the cache (setup step; offline afterwards).
import { isResolved, resolveKafka } from './maven.js';
import { KAFKA_LINE_NAMES, kafkaLine } from './versions.js';

for (const name of KAFKA_LINE_NAMES) {
  const line = kafkaLine(name);
  const cached = isResolved(line);
  const started = performance.now();
  const lib = await resolveKafka(line);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Kafka ${line.version} (${name}): ${lib} ${cached ? '(cached)' : `(resolved in ${seconds} s)`}`,
  );
}
