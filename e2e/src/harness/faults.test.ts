import { setTimeout as sleep } from 'node:timers/promises';
import { fetchMetadata, type KafkaCluster, startKafka } from '@tskafka/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kcatBrokerIds } from '../setup/kcat.js';

/** Polls kcat until it reports exactly `want` (dead-broker detection takes a session timeout). */
async function eventuallyBrokers(bootstrap: string, want: number[], timeoutMs = 45_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let seen: number[] = [];
  while (Date.now() < deadline) {
    seen = await kcatBrokerIds(bootstrap).catch(() => []);
    if (seen.join() === want.join()) return seen;
    await sleep(500);
  }
  return seen;
}

// Fault injection gets clusters of its own (lean: PLAINTEXT only) so that the shared flavours stay
// undisturbed for the suites running beside it.
describe.each(['3.9', '4'] as const)('faults on a 3-broker Kafka %s cluster', (version) => {
  let kafka: KafkaCluster;

  beforeAll(async () => {
    kafka = await startKafka({ version, brokers: 3 });
  });
  afterAll(async () => {
    await kafka?.stop();
  });

  it('kill: metadata shows the broker gone; restart: it comes back', async () => {
    const live = kafka.brokers.filter((b) => b.id !== 2);
    const liveBootstrap = live.map((b) => `${b.host}:${b.port}`).join(',');
    expect(await kcatBrokerIds(kafka.bootstrap)).toEqual([1, 2, 3]);

    await kafka.kill(2);
    expect(kafka.isRunning(2)).toBe(false);
    expect(await eventuallyBrokers(liveBootstrap, [1, 3])).toEqual([1, 3]);

    await kafka.restart(2);
    expect(kafka.isRunning(2)).toBe(true);
    expect(await eventuallyBrokers(kafka.bootstrap, [1, 2, 3])).toEqual([1, 2, 3]);
  });

  it('pause freezes a broker (no answers), resume brings it back', async () => {
    const broker = kafka.brokers[2];
    if (broker === undefined) throw new Error('no third broker');
    kafka.pause(broker.id);
    try {
      await expect(fetchMetadata(broker.port, 1500)).rejects.toThrow(/no answer/);
    } finally {
      kafka.resume(broker.id);
    }
    const md = await fetchMetadata(broker.port, 10_000);
    expect(md.brokers.map((b) => b.id).sort()).toEqual([1, 2, 3]);
  });
});
