import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { type KafkaCluster, startKafka } from '@tskafka/harness';
import { apis, ConnectionError, KafkaClient, RequestTimeoutError } from 'tskafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../setup/clusters.js';
import { kcatPartitions } from './tools.js';

/** Waits until the broker's JVM is really stopped (SIGSTOP lands asynchronously on a loaded machine). */
async function untilStopped(dir: string): Promise<void> {
  const pid = readFileSync(`${dir}/pid`, 'utf8').trim();
  for (let i = 0; i < 100; i++) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('T')) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`broker process ${pid} did not stop`);
}

// Killing brokers would disturb the suites sharing the flavours, so this suite starts its own
// lean 3-broker clusters (PLAINTEXT only), one Kafka line after the other.
describe.each(['3.9', '4'] as const)('leader failover on a 3-broker Kafka %s cluster', (version) => {
  let kafka: KafkaCluster;
  let client: KafkaClient;

  beforeAll(async () => {
    kafka = await startKafka({ version, brokers: 3 });
    client = new KafkaClient({
      hosts: kafka.bootstrap,
      socketTimeoutMs: 10_000,
      retry: { retries: 30, initialBackoffMs: 200, maxBackoffMs: 2_000 },
    });
  });
  afterAll(async () => {
    await client?.close();
    await kafka?.stop();
  });

  it('times out a request to a frozen broker with RequestTimeoutError, within the timeout', async () => {
    await client.connect();
    const target = client.brokers.get(3);
    if (target === undefined) throw new Error('no broker 3');
    await target.request(apis.Metadata, { topics: [] });
    kafka.pause(3);
    try {
      await untilStopped(kafka.brokers.find((b) => b.id === 3)?.dir ?? '');
      const started = Date.now();
      const error = await target
        .request(apis.Metadata, { topics: [] }, { timeoutMs: 1_500 })
        .catch((e: unknown) => e);
      const elapsed = Date.now() - started;
      expect(error).toBeInstanceOf(RequestTimeoutError);
      expect((error as RequestTimeoutError).retriable).toBe(true);
      expect(elapsed).toBeGreaterThanOrEqual(1_400);
      expect(elapsed).toBeLessThan(3_000);
    } finally {
      kafka.resume(3);
    }
    // The timed-out connection was dropped; the next request opens a fresh one.
    expect((await target.request(apis.Metadata, { topics: [] })).brokers.length).toBe(3);
  });

  it('fails an in-flight request to the killed leader fast and retriably, then finds the new leader', async () => {
    const name = uniqueName('net-failover');
    await client.admin.createTopics([{ name, partitions: 1, replicationFactor: 3 }]);
    const topic = await client.topics.get(name);
    const partition = topic.partitions.get(0);
    if (partition === undefined) throw new Error('no partition 0');
    const oldLeader = partition.leader;

    // A long poll the leader holds for 30 s: it is in flight when the broker dies. Right after the
    // topic was created the leader may answer at once (a partition error while it learns of the
    // topic): ask again until one is held.
    const longPoll = () =>
      oldLeader
        .request(
          apis.Fetch,
          {
            maxWaitMs: 30_000,
            minBytes: 1,
            isolationLevel: 0,
            topics: [
              {
                topic: name,
                topicId: topic.topicId,
                partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1_048_576 }],
              },
            ],
          },
          { channel: 'fetch', timeoutMs: 60_000 },
        )
        .then(
          () => null,
          (e: unknown) => e,
        );
    let outcome: Promise<unknown> | undefined;
    for (let attempt = 0; attempt < 20 && outcome === undefined; attempt++) {
      const pending = longPoll();
      const answered = await Promise.race([pending.then(() => true), sleep(300).then(() => false)]);
      if (!answered) outcome = pending;
    }
    if (outcome === undefined) throw new Error('the leader answered every long poll at once');
    const killedAt = Date.now();
    await kafka.kill(oldLeader.id);
    const error = await outcome;
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).retriable).toBe(true);
    expect(Date.now() - killedAt).toBeLessThan(5_000);

    // The client's retry policy refreshes metadata until a live leader answers.
    expect(await partition.latestAvailableOffset()).toBe(0n);
    await client.updateCluster();
    const newLeader = partition.leader.id;
    expect(newLeader).not.toBe(oldLeader.id);
    const live = kafka.brokers.filter((b) => b.id !== oldLeader.id).map((b) => `${b.host}:${b.port}`);
    const seen = await kcatPartitions(live.join(','), name);
    expect(seen[0]?.leader).toBe(newLeader);
    expect(partition.isr.map((b) => b.id)).not.toContain(oldLeader.id);
  });
});
