import { runKafkaTool } from '@tskafka/harness';
import { KafkaClient, KafkaProtocolError } from 'tskafka';
import { afterAll, describe, expect, it } from 'vitest';
import { flavours, uniqueName } from '../setup/clusters.js';
import { kcatPartitions, topicCommandPartitions } from './tools.js';

/** Topic configs as Kafka's ConfigCommand prints them (`name=value` pairs of the topic's overrides). */
async function configCommand(kafka: ReturnType<typeof flavours>[number], topic: string): Promise<string> {
  const { stdout } = await runKafkaTool(kafka.version, 'kafka.admin.ConfigCommand', [
    ...[
      '--bootstrap-server',
      kafka.bootstrap,
      '--describe',
      '--entity-type',
      'topics',
      '--entity-name',
      topic,
    ],
  ]);
  return stdout;
}

describe.each(flavours())('admin calls on $name', (kafka) => {
  const replication = Math.min(3, kafka.brokers.length);
  const client = new KafkaClient({ hosts: kafka.bootstrap });
  afterAll(() => client.close());

  it('creates a topic with configs that every broker and Kafka tools then see', async () => {
    const name = uniqueName('net-admin');
    await client.admin.createTopics([
      { name, partitions: 4, replicationFactor: replication, configs: { 'retention.ms': '123456' } },
    ]);
    const topic = await client.topics.get(name);
    expect(topic.partitions.size).toBe(4);
    for (const p of topic.partitions.values()) expect(p.replicas).toHaveLength(replication);
    expect((await topicCommandPartitions(kafka, name)).map((p) => p.replicas.length)).toEqual([
      replication,
      replication,
      replication,
      replication,
    ]);
    const configs = await client.admin.describeTopicConfigs(name);
    expect(configs.get('retention.ms')).toMatchObject({ value: '123456', isDefault: false });
    expect(configs.get('cleanup.policy')?.isDefault).toBe(true);
    expect(await configCommand(kafka, name)).toContain('retention.ms=123456');
  });

  it('alters, resets and reads back topic configs', async () => {
    const name = uniqueName('net-configs');
    await client.admin.createTopics([{ name, partitions: 1, replicationFactor: replication }]);
    await client.admin.alterTopicConfigs(name, {
      set: { 'cleanup.policy': 'compact', 'max.message.bytes': '2048' },
    });
    let configs = await client.admin.describeTopicConfigs(name, ['cleanup.policy', 'max.message.bytes']);
    expect(configs.get('cleanup.policy')?.value).toBe('compact');
    expect(configs.get('max.message.bytes')?.value).toBe('2048');
    expect(configs.size).toBe(2);
    const printed = await configCommand(kafka, name);
    expect(printed).toContain('cleanup.policy=compact');
    await client.admin.alterTopicConfigs(name, { delete: ['cleanup.policy'] });
    configs = await client.admin.describeTopicConfigs(name, ['cleanup.policy']);
    expect(configs.get('cleanup.policy')).toMatchObject({ value: 'delete', isDefault: true });
  });

  it('grows a topic and the new partitions show in metadata and kcat', async () => {
    const name = uniqueName('net-grow');
    await client.admin.createTopics([{ name, partitions: 1, replicationFactor: replication }]);
    await client.admin.createPartitions(name, 3);
    const topic = await client.topics.get(name);
    expect([...topic.partitions.keys()]).toEqual([0, 1, 2]);
    expect((await kcatPartitions(kafka.bootstrap, name)).map((p) => p.partition)).toEqual([0, 1, 2]);
    const error = await client.admin.createPartitions(name, 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KafkaProtocolError);
    expect((error as KafkaProtocolError).errorName).toBe('INVALID_PARTITIONS');
  });

  it('deletes topics and reports errors with the broker name and message', async () => {
    const name = uniqueName('net-delete');
    await client.admin.createTopics([{ name, partitions: 1, replicationFactor: replication }]);
    expect(await client.admin.listTopics()).toContain(name);
    const again = await client.admin
      .createTopics([{ name, partitions: 1, replicationFactor: replication }])
      .catch((e: unknown) => e);
    expect((again as KafkaProtocolError).errorName).toBe('TOPIC_ALREADY_EXISTS');
    await client.admin.deleteTopics([name]);
    expect(await client.admin.listTopics()).not.toContain(name);
    expect(client.topics.has(name)).toBe(false);
    const missing = await client.admin.deleteTopics([name]).catch((e: unknown) => e);
    expect((missing as KafkaProtocolError).errorName).toBe('UNKNOWN_TOPIC_OR_PARTITION');
  });
});
