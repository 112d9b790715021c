import { SimpleConsumer } from '@tskafka/consumer';
import { Admin, type RequestTraceContext, traceRequests } from '@tskafka/network';
import { describe, expect, it } from 'vitest';
import { uniqueName } from '../setup/clusters.js';
import { ownClusterSuite } from '../setup/own-cluster.js';
import { consumeN, kcatWrite, offsetsByPartition, range } from './helpers.js';

const PARTITIONS = 3;
const BEFORE = 1_000; // per partition, written before the kill
const AFTER = 500; // per partition, written to the new leaders

/** A partition of a Fetch or OffsetForLeaderEpoch request, as the tracing channel saw it go out. */
interface SentEpoch {
  api: string;
  at: number;
  partition: number;
  currentLeaderEpoch: number;
  /** OffsetForLeaderEpoch only: the epoch whose end offset is asked. */
  leaderEpoch?: number;
}

/** Records the leader epochs our Fetch and OffsetForLeaderEpoch requests carry, until `stop()`. */
function recordEpochs(): { sent: SentEpoch[]; stop: () => void } {
  const sent: SentEpoch[] = [];
  const stop = traceRequests({
    start(ctx: RequestTraceContext) {
      if (ctx.api !== 'Fetch' && ctx.api !== 'OffsetForLeaderEpoch') return;
      const body = ctx.request as {
        topics: { partitions: { partition: number; currentLeaderEpoch: number; leaderEpoch?: number }[] }[];
      };
      for (const p of body.topics.flatMap((t) => t.partitions))
        sent.push({ api: ctx.api, at: Date.now(), ...p });
    },
  });
  return { sent, stop };
}

// Killing brokers would disturb suites sharing the flavours: this suite starts its own lean
// 3-broker clusters (PLAINTEXT only), one Kafka line after the other.
describe.each(['3.9', '4'] as const)(
  'SimpleConsumer across a leader kill on a 3-broker Kafka %s',
  (version) => {
    const own = ownClusterSuite(version);

    it('continues on the new leaders from the right offsets: every offset once, no loss, no repeat; fetches carry leader epochs (KIP-320)', async () => {
      const { kafka, cluster } = own();
      const topic = uniqueName('cons-failover');
      await new Admin(cluster).createTopics([{ name: topic, partitions: PARTITIONS, replicationFactor: 3 }]);
      const write = (n: number, prefix: string) =>
        Promise.all(
          range(PARTITIONS).map((p) =>
            kcatWrite(
              kafka.bootstrap,
              topic,
              range(n).map((i) => `${prefix}-${p}-${i}`),
              { partition: Number(p) },
            ),
          ),
        );
      await write(BEFORE, 'before');
      const epochs = recordEpochs();
      await using consumer = new SimpleConsumer(cluster, topic, {
        queuedMaxMessages: 50,
        fetchMessageMaxBytes: 4_096,
      });
      const got = await consumeN(consumer, 300);
      // Partition 0 must have delivered before the kill, so its position has a leader epoch to check.
      while (!got.some((m) => m.partitionId === 0)) got.push(...(await consumeN(consumer, 1)));

      const meta = await cluster.refresh([topic]);
      const victim = meta.topics.get(topic)?.partitions.get(0)?.leader ?? -1;
      const oldEpoch = meta.topics.get(topic)?.partitions.get(0)?.leaderEpoch ?? -1;
      expect(victim).toBeGreaterThanOrEqual(0);
      expect(oldEpoch).toBeGreaterThanOrEqual(0);
      const killedAt = Date.now();
      await kafka.kill(victim);
      got.push(...(await consumeN(consumer, 600, 60_000)));
      await write(AFTER, 'after');
      got.push(...(await consumeN(consumer, PARTITIONS * (BEFORE + AFTER) - got.length, 60_000)));
      expect(await consumer.consume(1_000)).toBeNull();

      const offsets = offsetsByPartition(got);
      for (const p of range(PARTITIONS).map(Number)) {
        expect(offsets.get(p), `partition ${p}`).toEqual(range(BEFORE + AFTER));
      }
      const placement = (await cluster.refresh([topic])).topics.get(topic)?.partitions.get(0);
      expect(placement?.leader).not.toBe(victim);
      epochs.stop();

      // Before the kill, partition 0 was fetched with its leader epoch; after it, with the new
      // leader's, and the position was first checked there (OffsetForLeaderEpoch).
      const fetches = epochs.sent.filter((e) => e.api === 'Fetch' && e.partition === 0);
      expect(fetches.filter((e) => e.at < killedAt).every((e) => e.currentLeaderEpoch === oldEpoch)).toBe(
        true,
      );
      expect(fetches.some((e) => e.at < killedAt)).toBe(true);
      expect(fetches.some((e) => e.currentLeaderEpoch === placement?.leaderEpoch)).toBe(true);
      expect(placement?.leaderEpoch).toBeGreaterThan(oldEpoch);
      expect(epochs.sent.every((e) => e.currentLeaderEpoch >= 0)).toBe(true);
      const checks = epochs.sent.filter((e) => e.api === 'OffsetForLeaderEpoch' && e.partition === 0);
      const checked = checks.some((c) => c.currentLeaderEpoch > oldEpoch && c.leaderEpoch === oldEpoch);
      expect(
        checked,
        JSON.stringify({ oldEpoch, checks, fetched: fetches.map((f) => f.currentLeaderEpoch) }),
      ).toBe(true);
      // Records written after the kill carry the new epoch.
      const late = got.filter((m) => m.partitionId === 0 && m.offset >= BigInt(BEFORE));
      expect(late.every((m) => m.leaderEpoch > oldEpoch)).toBe(true);
      await kafka.restart(victim);
    });
  },
);
