import { createServer } from 'node:net';
import { KafkaClient, UnknownTopicError } from 'tskafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flavours, uniqueName } from '../setup/clusters.js';
import { kcatBrokerIds } from '../setup/kcat.js';
import {
  kcatOffset,
  kcatPartitions,
  kcatProduceTo,
  kcatTopicNames,
  type PartitionView,
  topicCommandPartitions,
} from './tools.js';

describe.each(flavours())('KafkaClient metadata and offsets on $name', (kafka) => {
  const replication = Math.min(3, kafka.brokers.length);
  const topicName = uniqueName('net-meta');
  let client: KafkaClient;

  beforeAll(async () => {
    client = new KafkaClient({ hosts: kafka.bootstrap, socketTimeoutMs: 10_000 });
    await client.admin.createTopics([{ name: topicName, partitions: 3, replicationFactor: replication }]);
  });
  afterAll(async () => {
    await client?.close();
  });

  it('lists the brokers kcat -L lists', async () => {
    await client.connect();
    expect([...client.brokers.keys()].sort()).toEqual(await kcatBrokerIds(kafka.bootstrap));
    for (const broker of client.brokers.values()) {
      const info = kafka.brokers.find((b) => b.id === broker.id);
      expect(`${broker.host}:${broker.port}`).toBe(`${info?.host}:${info?.port}`);
    }
  });

  it('bootstraps past an unreachable first host and knows the controller and coordinators', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const deadPort = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    await using other = new KafkaClient({ hosts: `127.0.0.1:${deadPort},${kafka.bootstrap}` });
    await other.connect();
    expect(other.brokers.size).toBe(kafka.brokers.length);
    expect(kafka.brokers.map((b) => b.id)).toContain(other.cluster.controller?.id);
    const coordinator = await other.cluster.findCoordinator(uniqueName('net-group'));
    expect(other.brokers.get(coordinator.id)).toBe(coordinator);
  });

  it('lists the topics kcat -L lists', async () => {
    // Other suites create and delete topics concurrently and brokers learn of them at different
    // moments, so every read goes to the same broker, and kcat reads before and after ours: a
    // topic both kcat reads list must be ours, and ours must appear in one of them.
    const first = kafka.brokers[0];
    const address = `${first?.host}:${first?.port}`;
    const visible = (names: string[]) => names.filter((t) => !t.startsWith('__'));
    const before = visible(await kcatTopicNames(address));
    await using fresh = new KafkaClient({ hosts: address });
    await fresh.connect();
    const ours = [...fresh.topics.keys()];
    const after = visible(await kcatTopicNames(address));
    expect(ours).toContain(topicName);
    for (const name of before.filter((n) => after.includes(n))) expect(ours).toContain(name);
    for (const name of ours) expect([...before, ...after]).toContain(name);
    expect(ours.some((n) => n.startsWith('__'))).toBe(false);
  });

  it('reports leaders, replicas and ISR as kcat and TopicCommand do', async () => {
    const topic = await client.topics.get(topicName);
    const ours: PartitionView[] = [...topic.partitions.values()].map((p) => ({
      partition: p.id,
      leader: p.leader.id,
      replicas: p.replicas.map((b) => b.id),
      isr: p.isr.map((b) => b.id).sort(),
    }));
    expect(ours).toHaveLength(3);
    expect(ours).toEqual(await kcatPartitions(kafka.bootstrap, topicName));
    expect(ours).toEqual(await topicCommandPartitions(kafka, topicName));
  });

  it('gives earliest and latest offsets that match kcat -Q after producing with kcat', async () => {
    const counts = [5, 0, 12];
    for (const [partition, n] of counts.entries()) {
      if (n > 0)
        await kcatProduceTo(
          kafka.bootstrap,
          topicName,
          partition,
          Array.from({ length: n }, (_, i) => `m${i}`),
        );
    }
    const topic = await client.topics.get(topicName);
    const latest = await topic.latestAvailableOffsets();
    const earliest = await topic.earliestAvailableOffsets();
    expect([...latest.values()]).toEqual(counts.map(BigInt));
    expect([...earliest.values()]).toEqual([0n, 0n, 0n]);
    for (const partition of topic.partitions.values()) {
      expect(await partition.latestAvailableOffset()).toBe(
        await kcatOffset(kafka.bootstrap, topicName, partition.id, -1),
      );
      expect(await partition.earliestAvailableOffset()).toBe(
        await kcatOffset(kafka.bootstrap, topicName, partition.id, -2),
      );
    }
  });

  it('finds the first offset at or after a timestamp, as kcat -Q does', async () => {
    const name = uniqueName('net-time');
    await client.admin.createTopics([{ name, partitions: 1, replicationFactor: replication }]);
    await kcatProduceTo(kafka.bootstrap, name, 0, ['a', 'b', 'c']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const between = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await kcatProduceTo(kafka.bootstrap, name, 0, ['d', 'e']);
    const topic = await client.topics.get(name);
    const at = await topic.fetchOffsetLimits(between);
    expect(at.get(0)?.offset).toBe(3n);
    expect(at.get(0)?.timestamp).toBeGreaterThanOrEqual(between);
    expect(at.get(0)?.offset).toBe(await kcatOffset(kafka.bootstrap, name, 0, between));
    const future = await topic.fetchOffsetLimits(new Date(Date.now() + 3_600_000));
    expect(future.get(0)?.offset).toBeNull();
    const beginning = await topic.fetchOffsetLimits(0);
    expect(beginning.get(0)?.offset).toBe(0n);
  });

  it('creates a missing topic on get() when autoCreateTopics is on (broker auto-creation)', async () => {
    const name = uniqueName('net-auto');
    await using auto = new KafkaClient({ hosts: kafka.bootstrap, autoCreateTopics: true });
    const topic = await auto.topics.get(name);
    expect(topic.partitions.size).toBeGreaterThan(0);
    expect((await kcatPartitions(kafka.bootstrap, name)).length).toBe(topic.partitions.size);
  });

  it('rejects an unknown topic with UnknownTopicError and hides internal topics', async () => {
    await expect(client.topics.get(uniqueName('net-missing'))).rejects.toBeInstanceOf(UnknownTopicError);
    await expect(client.topics.get('__consumer_offsets')).rejects.toBeInstanceOf(UnknownTopicError);
    expect(client.topics.has('__consumer_offsets')).toBe(false);
  });
});
