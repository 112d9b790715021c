import { runKafkaTool } from '@tskafka/harness';
import type { Flavour } from '../setup/clusters.js';

/** The console producer's main class moved from core (Scala) to the tools module in 4.0. */
const producerClass = (kafka: Flavour) =>
  kafka.version === '3.9' ? 'kafka.tools.ConsoleProducer' : 'org.apache.kafka.tools.ConsoleProducer';

/** Produces `key:value` lines with Kafka's Java console producer, compressed with `codec`. */
export async function javaWrite(
  kafka: Flavour,
  topic: string,
  codec: string,
  lines: string[],
): Promise<void> {
  await runKafkaTool(
    kafka.version,
    producerClass(kafka),
    [
      ...['--bootstrap-server', kafka.bootstrap, '--topic', topic, '--compression-codec', codec],
      ...['--property', 'parse.key=true', '--property', 'key.separator=:'],
      ...['--producer-property', 'acks=all', '--producer-property', 'linger.ms=100'],
    ],
    { input: `${lines.join('\n')}\n` },
  );
}

/** Reads `count` messages from the beginning with Kafka's Java console consumer: `key|value|headers` lines. */
export async function javaRead(kafka: Flavour, topic: string, count: number): Promise<string[]> {
  // 4.x renamed the consumer's --property to --formatter-property (and warns on stdout otherwise)
  const p = kafka.version === '3.9' ? '--property' : '--formatter-property';
  const { stdout } = await runKafkaTool(kafka.version, 'org.apache.kafka.tools.consumer.ConsoleConsumer', [
    ...['--bootstrap-server', kafka.bootstrap, '--topic', topic, '--from-beginning'],
    ...['--max-messages', String(count), '--timeout-ms', '20000'],
    ...[p, 'print.key=true', p, 'print.headers=true', p, 'key.separator=|', p, 'headers.separator=,'],
  ]);
  return stdout.split('\n').filter((line) => line.trim() !== '');
}
