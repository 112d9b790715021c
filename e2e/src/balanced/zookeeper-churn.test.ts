import type { BalancedConsumer } from '@tskafka/balanced';
import { Producer } from '@tskafka/producer';
import { describe, expect, it } from 'vitest';
import { newTopic, suiteCluster } from '../producer/helpers.js';
import { flavours, uniqueName } from '../setup/clusters.js';
import { drain } from './kip848-helpers.js';
import { readOwners, SESSION_MS, ZooKeeperRelay, zkMember, zookeeperOf } from './zookeeper-helpers.js';

const TOTAL = 200_000;
const PARTITIONS = 12;

describe.each(flavours('kafka3.9-single', 'kafka4-single'))(
  'ZooKeeper BalancedConsumer under churn on $name',
  (kafka) => {
    const use = suiteCluster(kafka.bootstrap);
    const zk = (): string => zookeeperOf(kafka);
    const member = (topic: string, group: string, zookeeperConnect = zk()) =>
      zkMember(use(), zookeeperConnect, topic, group, { autoCommitIntervalMs: 1_000 });

    it(`members join and leave while ${TOTAL} messages are produced: every offset consumed, duplicates counted`, async () => {
      const cluster = use();
      const topic = await newTopic(cluster, 'zk-churn', PARTITIONS);
      const group = uniqueName('zk-churn');
      const seen = new Map<string, number>();
      const failures: unknown[] = [];
      const active: BalancedConsumer[] = [];
      const drains: Promise<unknown>[] = [];
      const join = () => {
        const m = member(topic, group);
        active.push(m);
        drains.push(drain(m, seen).catch((e: unknown) => failures.push(e)));
      };
      join();
      join();
      const ends = new Array<bigint>(PARTITIONS).fill(0n);
      const producing = (async () => {
        await using producer = new Producer(cluster, topic, { lingerMs: 5 });
        const value = Buffer.alloc(16, 'x');
        for (let sent = 0; sent < TOTAL; sent += 5_000) {
          const batch = Array.from({ length: 5_000 }, (_, i) =>
            producer.produce(value, { partition: (sent + i) % PARTITIONS }),
          );
          for (const { partition, offset } of await Promise.all(batch))
            if (offset + 1n > (ends[partition] ?? 0n)) ends[partition] = offset + 1n;
        }
      })();
      // Churn: every 700 ms a member joins (up to 4) or the oldest leaves with close() (down to 1).
      let handovers = 0;
      for (let step = 0; step < 10; step++) {
        await new Promise((resolve) => setTimeout(resolve, 700));
        if (step % 3 === 2 || active.length >= 4) {
          await (active.shift() as BalancedConsumer).close();
        } else join();
        handovers++;
      }
      await producing;
      const missing = (): number =>
        ends.reduce((n, end, p) => {
          let gaps = 0;
          for (let o = 0n; o < end; o++) if (!seen.has(`${p}:${o}`)) gaps++;
          return n + gaps;
        }, 0);
      await expect.poll(missing, { timeout: 60_000, interval: 500 }).toBe(0);
      await Promise.all(active.map((m) => m.close()));
      await Promise.all(drains);
      expect(failures).toEqual([]);
      expect(ends.reduce((a, b) => a + b, 0n)).toBe(BigInt(TOTAL));
      const deliveries = [...seen.values()].reduce((a, b) => a + b, 0);
      const duplicates = deliveries - seen.size;
      console.log(
        `[${kafka.name}] churn: ${TOTAL} messages, ${handovers} joins/leaves, ${deliveries} deliveries, ${duplicates} duplicates`,
      );
      // Every handover here is graceful (revoke commits before the node is released): nothing is
      // read twice. A crash or lost session would re-deliver up to the auto-commit interval's worth.
      expect(duplicates).toBe(0);
      // The final commits: a new member of the group finds nothing left to read.
      await using last = member(topic, group);
      expect(await last.consume(1_000)).toBeNull();
    });

    it.each([
      ['cut off from', 'cut'],
      ['unheard by (frozen connection)', 'freeze'],
    ] as const)(
      'a member %s ZooKeeper stops consuming before its session can expire; its partitions move; it rejoins with a new session',
      async (_, fault) => {
        const cluster = use();
        const topic = await newTopic(cluster, 'zk-session', 6);
        const group = uniqueName('zk-session');
        const relay = await ZooKeeperRelay.start(zk());
        try {
          await using a = member(topic, group, relay.connect);
          await using b = member(topic, group);
          await Promise.all([a.ready(), b.ready()]);
          await expect
            .poll(() => [a.partitions.length, b.partitions.length], { timeout: 15_000 })
            .toEqual([3, 3]);
          const overlap: number[][] = [];
          const watch = setInterval(() => {
            const both = a.partitions.filter((p) => b.partitions.includes(p));
            if (both.length > 0) overlap.push(both);
          }, 10);
          try {
            relay[fault]();
            const cut = performance.now();
            // Well before the session can expire (and others take the partitions).
            await expect.poll(() => a.partitions, { timeout: SESSION_MS, interval: 10 }).toEqual([]);
            const droppedMs = performance.now() - cut;
            await expect.poll(() => b.partitions.length, { timeout: SESSION_MS * 3 }).toBe(6);
            const movedMs = performance.now() - cut;
            expect(movedMs).toBeGreaterThan(droppedMs);
            relay.heal();
            await expect
              .poll(() => [a.partitions.length, b.partitions.length], { timeout: 20_000 })
              .toEqual([3, 3]);
            const owners = await readOwners(zk(), group, topic);
            for (const p of a.partitions) expect(owners.get(p)).toBe(a.consumerId);
            console.log(
              `[${kafka.name}] ZooKeeper ${fault}: member stopped after ${droppedMs.toFixed(0)} ms, partitions moved after ${movedMs.toFixed(0)} ms (session ${SESSION_MS} ms), rejoined after healing`,
            );
          } finally {
            clearInterval(watch);
          }
          expect(overlap).toEqual([]);
        } finally {
          await relay.close();
        }
      },
    );
  },
);
