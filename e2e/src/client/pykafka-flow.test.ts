import { BalancedConsumer, KafkaClient, ManagedBalancedConsumer, type Message } from 'tskafka';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { flavours, uniqueName } from '../setup/clusters.js';
import { kcatConsume } from '../setup/kcat.js';

// PyKafka's README, end to end through the meta-package: KafkaClient -> topics -> Topic ->
// getProducer / getSyncProducer / getSimpleConsumer / getBalancedConsumer, on each broker line.

describe.each(flavours('kafka3.9-single', 'kafka4-single'))('the PyKafka flow on $name', (kafka) => {
  const topicName = uniqueName('pykafka-flow');
  let client: KafkaClient;

  beforeAll(async () => {
    client = new KafkaClient({ hosts: kafka.bootstrap, zookeeperHosts: inject('zookeeperConnect') });
    await client.admin.createTopics([{ name: topicName, partitions: 1, replicationFactor: 1 }]);
  });
  afterAll(async () => {
    await client?.close();
  });

  it('produces with topic.getProducer() and getSyncProducer(), consumes in order with getSimpleConsumer()', async () => {
    const topic = await client.topics.get(topicName);
    expect(topic.partitions.size).toBe(1);

    const producer = topic.getProducer({ lingerMs: 5 });
    const acks = await Promise.all(
      ['test message 0', 'test message 1'].map((value) => producer.produce(value, { partitionKey: 'k' })),
    );
    await producer.close();
    expect(acks.map((a) => a.offset)).toEqual([0n, 1n]);

    const sync = topic.getSyncProducer();
    expect((await sync.produce('test message 2')).offset).toBe(2n);
    expect((await sync.produce('test message 3')).offset).toBe(3n);
    await sync.close();

    const consumer = topic.getSimpleConsumer({ autoOffsetReset: 'earliest', consumerTimeoutMs: 10_000 });
    const seen: [bigint, string][] = [];
    for (let i = 0; i < 4; i++) {
      const message = await consumer.consume();
      if (message === null) break;
      seen.push([message.offset, message.value?.toString() ?? '']);
    }
    await consumer.close();
    expect(seen).toEqual([0n, 1n, 2n, 3n].map((offset) => [offset, `test message ${offset}`]));
    expect(await topic.latestAvailableOffsets()).toEqual(new Map([[0, 4n]]));

    // An independent client (librdkafka) reads the same four messages.
    const kcatValues = await kcatConsume(kafka.bootstrap, topicName, 4);
    expect(kcatValues).toEqual(seen.map(([, value]) => value));
  });

  it.each([
    ["over ZooKeeper (the client's zookeeperHosts)", false],
    ['managed by Kafka', true],
  ] as const)('topic.getBalancedConsumer() %s gets every partition of a lone member', async (_, managed) => {
    const name = uniqueName('pykafka-balanced');
    await client.admin.createTopics([{ name, partitions: 3, replicationFactor: 1 }]);
    const topic = await client.topics.get(name);
    const producer = topic.getProducer({ lingerMs: 5 });
    await Promise.all([0, 1, 2].map((partition) => producer.produce(`to ${partition}`, { partition })));
    await producer.close();
    const options = { consumerGroup: uniqueName('pykafka-group'), consumerTimeoutMs: 15_000 };
    const consumer = managed
      ? topic.getBalancedConsumer({ ...options, managed: true, sessionTimeoutMs: 6_000 })
      : topic.getBalancedConsumer(options);
    expect(consumer).toBeInstanceOf(managed ? ManagedBalancedConsumer : BalancedConsumer);
    await consumer.ready();
    expect(consumer.partitions).toEqual([0, 1, 2]);
    const got: Message[] = [];
    for await (const message of consumer) {
      got.push(message);
      if (got.length === 3) break;
    }
    await consumer.close();
    expect(got.map((m) => m.value?.toString()).sort()).toEqual(['to 0', 'to 1', 'to 2']);
  });
});
