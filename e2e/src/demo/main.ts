// `pnpm demo [--hosts host:port,...] [--topic name]`: PyKafka's README in tskafka. Without
// --hosts it starts a local Kafka 4.x broker through the harness and stops it afterwards.
import { parseArgs } from 'node:util';
import { type KafkaCluster, startKafka } from '@tskafka/harness';
import { KafkaClient } from 'tskafka';

const { values: args } = parseArgs({ options: { hosts: { type: 'string' }, topic: { type: 'string' } } });

let broker: KafkaCluster | undefined;
if (args.hosts === undefined) {
  console.log('no --hosts given: starting a local Kafka broker (about 20 s)...');
  broker = await startKafka({ version: '4', brokers: 1 });
}
const hosts = args.hosts ?? (broker as KafkaCluster).bootstrap;
const name = args.topic ?? `tskafka-demo-${Date.now().toString(36)}`;
const client = new KafkaClient({ hosts });
try {
  const existing = await client.topics.get(name).catch(() => null);
  if (existing === null) await client.admin.createTopics([{ name, partitions: 1, replicationFactor: 1 }]);
  const topic = await client.topics.get(name);
  console.log(`kafka at ${hosts}, topic ${name}\n`);

  // with topic.get_sync_producer() as producer: producer.produce('test message ' + str(i ** 2))
  const producer = topic.getSyncProducer();
  for (const i of [0, 1, 2, 3]) await producer.produce(`test message ${i ** 2}`);
  await producer.close();

  // consumer = topic.get_simple_consumer(); for message in consumer: print message.offset, message.value
  const consumer = topic.getSimpleConsumer({
    consumerTimeoutMs: 1_000,
    deserializer: (value, key) => [value?.toString() ?? null, key],
  });
  for await (const message of consumer) {
    console.log(`${message.offset} ${message.value}`);
  }
  await consumer.close();
} finally {
  await client.close();
  if (broker !== undefined) {
    await broker.stop();
    console.log('\nlocal broker stopped');
  }
}
