import { createTopic, runKafkaTool } from '@tskafka/harness';
import { describe, expect, it } from 'vitest';
import { flavours, uniqueName } from '../setup/clusters.js';
import { kcatBrokerIds, kcatConsume, kcatProduce } from '../setup/kcat.js';

// Every flavour, checked by independent clients: kcat (librdkafka) and Kafka's own Java tools.
describe.each(flavours())('$name', (kafka) => {
  const ids = kafka.brokers.map((b) => b.id);

  it('lists every expected broker in metadata (kcat -L)', async () => {
    expect(await kcatBrokerIds(kafka.bootstrap)).toEqual(ids);
    for (const broker of kafka.brokers) {
      expect(await kcatBrokerIds(`${broker.host}:${broker.port}`)).toEqual(ids);
    }
  });

  it('carries a message from kcat to kcat and to the Java console consumer on a fresh topic', async () => {
    const topic = uniqueName('harness-roundtrip');
    await createTopic(kafka, topic, { partitions: 2 });
    const value = `hello ${topic}`;
    await kcatProduce(kafka.bootstrap, topic, value);
    expect(await kcatConsume(kafka.bootstrap, topic, 1)).toEqual([value]);
    const { stdout } = await runKafkaTool(kafka.version, 'org.apache.kafka.tools.consumer.ConsoleConsumer', [
      ...['--bootstrap-server', kafka.bootstrap, '--topic', topic, '--from-beginning'],
      ...['--max-messages', '1', '--timeout-ms', '30000'],
    ]);
    expect(stdout.trim()).toBe(value);
  });

  it('replicates a topic over every broker', async () => {
    const topic = uniqueName('harness-replicas');
    await createTopic(kafka, topic, { partitions: 1, replicationFactor: ids.length });
    const { stdout } = await runKafkaTool(kafka.version, 'org.apache.kafka.tools.TopicCommand', [
      ...['--bootstrap-server', kafka.bootstrap, '--describe', '--topic', topic],
    ]);
    const replicas = /Replicas: ([\d,]+)/.exec(stdout)?.[1]?.split(',').map(Number);
    expect(replicas?.sort()).toEqual(ids);
  });
});
