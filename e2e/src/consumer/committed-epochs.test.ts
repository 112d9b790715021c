import { SimpleConsumer } from '@tskafka/consumer';
import { Admin, type Cluster, traceRequests } from '@tskafka/network';
import { describe, expect, it } from 'vitest';
import { newTopic } from '../producer/helpers.js';
import { flavours, uniqueName } from '../setup/clusters.js';
import { ownClusterSuite } from '../setup/own-cluster.js';
import { commitWithEpoch, javaFirstOffset } from './epoch-offsets.js';
import { consumeN, kcatWrite, range, suiteCluster } from './helpers.js';

/** Epochs asked of OffsetForLeaderEpoch while `run` runs. */
async function epochsAsked(run: () => Promise<void>): Promise<number[]> {
  const asked: number[] = [];
  const stop = traceRequests({
    start(ctx) {
      if (ctx.api !== 'OffsetForLeaderEpoch') return;
      const body = ctx.request as { topics: { partitions: { leaderEpoch: number }[] }[] };
      for (const t of body.topics) asked.push(...t.partitions.map((p) => p.leaderEpoch));
    },
  });
  try {
    await run();
  } finally {
    stop();
  }
  return asked;
}

/** The offset our consumer (in `group`, `autoOffsetReset: 'earliest'`) starts at. */
async function ourFirstOffset(cluster: Cluster, topic: string, group: string): Promise<bigint> {
  await using consumer = new SimpleConsumer(cluster, topic, {
    consumerGroup: group,
    autoOffsetReset: 'earliest',
  });
  const [first] = await consumeN(consumer, 1);
  return first?.offset ?? -1n;
}

/** Our consumer and Java's start from the same commit (each in its own group): both first offsets. */
async function bothStart(
  version: '3.9' | '4',
  bootstrap: string,
  cluster: Cluster,
  topic: string,
  commit: { offset: bigint; leaderEpoch: number },
  javaTimeoutMs?: number,
): Promise<{ ours: bigint; java: bigint | null; asked: number[] }> {
  const [ourGroup, javaGroup] = [uniqueName('cons-epoch-ours'), uniqueName('cons-epoch-java')];
  for (const group of [ourGroup, javaGroup])
    await commitWithEpoch(cluster, group, topic, commit.offset, commit.leaderEpoch);
  let ours = -1n;
  const asked = await epochsAsked(async () => {
    ours = await ourFirstOffset(cluster, topic, ourGroup);
  });
  const java = await javaFirstOffset(version, bootstrap, topic, javaGroup, javaTimeoutMs);
  return { ours, java, asked };
}

describe.each(flavours('kafka3.9-single', 'kafka4-single'))(
  'SimpleConsumer starting from a committed offset with a leader epoch on $name',
  (kafka) => {
    const use = suiteCluster(kafka.bootstrap);

    it('an epoch of the log (it ends past the offset): starts at the committed offset, as Java does', async () => {
      const { cluster, topic, epoch } = await tenRecords();
      const commit = { offset: 7n, leaderEpoch: epoch };
      const { ours, java, asked } = await bothStart(kafka.version, kafka.bootstrap, cluster, topic, commit);
      expect(asked).toEqual([epoch]);
      expect([ours, java]).toEqual([7n, 7n]);
    });

    it('an epoch newer than the log has (no end offset known for it): resets by autoOffsetReset; Java waits for metadata to reach that epoch and reads nothing', async () => {
      const { cluster, topic, epoch } = await tenRecords();
      const commit = { offset: 7n, leaderEpoch: epoch + 3 };
      const { ours, java, asked } = await bothStart(
        kafka.version,
        kafka.bootstrap,
        cluster,
        topic,
        commit,
        10_000,
      );
      expect(asked).toEqual([epoch + 3]);
      expect(ours).toBe(0n);
      expect(java).toBeNull();
    });

    /** A one-partition topic holding offsets 0-9, and its leader epoch. */
    async function tenRecords() {
      const cluster = use();
      const topic = await newTopic(cluster, 'cons-epoch', 1);
      await kcatWrite(kafka.bootstrap, topic, range(10).map(String));
      const epoch = (await cluster.refresh([topic])).topics.get(topic)?.partitions.get(0)?.leaderEpoch ?? -1;
      expect(epoch).toBeGreaterThanOrEqual(0);
      return { cluster, topic, epoch };
    }
  },
);

// A leader change is needed for a log with two epochs: killing a broker would disturb the shared
// flavours, so this suite starts its own 3-broker clusters.
describe.each(['3.9', '4'] as const)(
  'SimpleConsumer starting from a committed offset past the end of its leader epoch on a 3-broker Kafka %s',
  (version) => {
    const own = ownClusterSuite(version);

    it('(a consumer read further under the old leader than the new leader has): starts at the end of that epoch, as Java does', async () => {
      const { kafka, cluster } = own();
      const topic = uniqueName('cons-epoch-end');
      await new Admin(cluster).createTopics([{ name: topic, partitions: 1, replicationFactor: 3 }]);
      await kcatWrite(
        kafka.bootstrap,
        topic,
        range(10).map((i) => `old-${i}`),
      );
      const before = (await cluster.refresh([topic])).topics.get(topic)?.partitions.get(0);
      const [victim, oldEpoch] = [before?.leader ?? -1, before?.leaderEpoch ?? -1];
      expect(victim).toBeGreaterThanOrEqual(0);
      // The group offsets topic is created on first use, with every broker as a replica (3.9
      // cannot create it with one of them down): bring it up before the kill.
      await cluster.findCoordinator(uniqueName('cons-epoch-warm-up'));
      await kafka.kill(victim);
      let newEpoch = oldEpoch;
      for (let i = 0; i < 60 && newEpoch <= oldEpoch; i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const p = (await cluster.refresh([topic])).topics.get(topic)?.partitions.get(0);
        if (p !== undefined && p.leader >= 0 && p.leader !== victim) newEpoch = p.leaderEpoch;
      }
      expect(newEpoch).toBeGreaterThan(oldEpoch);
      // The new leader's log: epoch `oldEpoch` ends at offset 10, `newEpoch` writes 10-19.
      await kcatWrite(
        kafka.bootstrap,
        topic,
        range(10).map((i) => `new-${i}`),
      );
      const commit = { offset: 15n, leaderEpoch: oldEpoch };
      const { ours, java, asked } = await bothStart(version, kafka.bootstrap, cluster, topic, commit);
      expect(asked).toEqual([oldEpoch]);
      expect([ours, java]).toEqual([10n, 10n]);
    });
  },
);
