import { createServer } from 'node:net';
import {
  BalancedConsumer,
  type BalancedConsumerOptions,
  RangeProtocol,
  RebalanceCallbackError,
  ZooKeeperError,
} from '@tskafka/balanced';
import { Admin, ConfigurationError } from '@tskafka/network';
import { Producer } from '@tskafka/producer';
import { describe, expect, it } from 'vitest';
import { newTopic, suiteCluster } from '../producer/helpers.js';
import { flavours, uniqueName } from '../setup/clusters.js';
import { leaked, settle } from '../setup/leaks.js';
import { drain } from './kip848-helpers.js';
import {
  createEphemeral,
  memberProcess,
  readMembers,
  readOwners,
  SESSION_MS,
  waitForOwnership,
  withZooKeeper,
  zkMember,
  zookeeperOf,
} from './zookeeper-helpers.js';

describe.each(flavours('kafka3.9-single', 'kafka4-single'))(
  'ZooKeeper BalancedConsumer on $name',
  (kafka) => {
    const use = suiteCluster(kafka.bootstrap);
    const zk = (): string => zookeeperOf(kafka);
    const member = (topic: string, group: string, extra: Partial<BalancedConsumerOptions> = {}) =>
      zkMember(use(), zk(), topic, group, extra);

    it('3 members own 12 partitions, one ownership znode each; a 4th makes it 3/3/3/3; close() moves its partitions', async () => {
      const cluster = use();
      const topic = await newTopic(cluster, 'zk-split', 12);
      const group = uniqueName('zk-split');
      const seen = new Map<string, number>();
      const markers = new Set<string>();
      const onMessage = (v: unknown) => markers.delete(String(v));
      const members = [member(topic, group), member(topic, group), member(topic, group)];
      const failures: unknown[] = [];
      const consume = (m: BalancedConsumer) =>
        drain(m, seen, onMessage).catch((e: unknown) => failures.push(e));
      const drains = members.map(consume);
      try {
        await waitForOwnership(zk(), group, topic, members, [4, 4, 4], 12);
        expect(await readMembers(zk(), group)).toEqual(members.map((m) => m.consumerId).sort());

        await using producer = new Producer(cluster, topic, { lingerMs: 1 });
        const joined = performance.now();
        const fourth = member(topic, group);
        members.push(fourth);
        drains.push(consume(fourth));
        const splitMs = await waitForOwnership(zk(), group, topic, members, [3, 3, 3, 3], 12);
        for (let p = 0; p < 12; p++) markers.add(`marker-${p}`);
        await Promise.all([...markers].map((v, p) => producer.produce(Buffer.from(v), { partition: p })));
        await expect.poll(() => markers.size, { timeout: 10_000, interval: 20 }).toBe(0);
        const allMs = performance.now() - joined;
        console.log(
          `[${kafka.name}] ZooKeeper rebalance: 3/3/3/3 split ${splitMs.toFixed(0)} ms after the 4th member started, every partition consumed again after ${allMs.toFixed(0)} ms`,
        );

        const leaving = members.shift() as BalancedConsumer;
        const held = leaving.partitions;
        await leaving.close();
        await waitForOwnership(zk(), group, topic, members, [4, 4, 4], 12);
        const owners = await readOwners(zk(), group, topic);
        for (const p of held) expect(owners.get(p)).not.toBe(leaving.consumerId);
        expect(await readMembers(zk(), group)).not.toContain(leaving.consumerId);
      } finally {
        await Promise.all(members.map((m) => m.close()));
        await Promise.all(drains);
      }
      expect(failures).toEqual([]);
    });

    it("agrees with a member that only follows PyKafka's znode layout and RangeProtocol (written by hand)", async () => {
      const cluster = use();
      const topic = await newTopic(cluster, 'zk-foreign', 6);
      const group = uniqueName('zk-foreign');
      await using a = member(topic, group);
      await using b = member(topic, group);
      await waitForOwnership(zk(), group, topic, [a, b], [3, 3], 6);
      const foreign = 'pykafka-host:4b1d';
      await withZooKeeper(zk(), async (client) => {
        // Register as PyKafka does (data = topic name), then wait for the others to make room.
        await createEphemeral(client, `/consumers/${group}/ids/${foreign}`, topic);
        await waitForOwnership(zk(), group, topic, [a, b], [2, 2], 4, 15_000, 4);
        const placements = [...(cluster.metadata?.topics.get(topic)?.partitions.values() ?? [])].map((p) => ({
          topic,
          id: p.id,
          leader: p.leader,
        }));
        const ids = [a.consumerId, b.consumerId, foreign];
        const mine = RangeProtocol.decidePartitions(ids, placements, foreign);
        expect(mine).toHaveLength(2);
        expect([...a.partitions, ...b.partitions].filter((p) => mine.includes(p))).toEqual([]);
        expect(a.partitions).toEqual(
          RangeProtocol.decidePartitions(ids, placements, a.consumerId).sort((x, y) => x - y),
        );
        // Its ownership nodes, named <leader>-<partition>, can be created: nobody holds them.
        for (const p of mine) {
          const leader = placements.find((x) => x.id === p)?.leader;
          await createEphemeral(client, `/consumers/${group}/owners/${topic}/${leader}-${p}`, foreign);
        }
        const owners = await readOwners(zk(), group, topic);
        expect([...owners.values()].filter((o) => o === foreign)).toHaveLength(2);
      });
      // Its session ended: the two take everything back.
      await waitForOwnership(zk(), group, topic, [a, b], [3, 3], 6);
    });

    it('a crashed member (SIGKILLed process) keeps its partitions until its session expires, then they move', async () => {
      const cluster = use();
      const topic = await newTopic(cluster, 'zk-crash', 6);
      const group = uniqueName('zk-crash');
      await using a = member(topic, group);
      await using b = member(topic, group);
      const { child, consumerId } = await memberProcess(kafka.bootstrap, zk(), topic, group, SESSION_MS);
      let killed = 0;
      try {
        await expect
          .poll(
            async () =>
              [...(await readOwners(zk(), group, topic)).values()].filter((o) => o === consumerId).length,
            {
              timeout: 15_000,
            },
          )
          .toBe(2);
        await waitForOwnership(zk(), group, topic, [a, b], [2, 2], 4, 15_000, 6);
      } finally {
        child.kill('SIGKILL');
        killed = performance.now();
      }
      // Its ephemeral nodes outlive it for a while: nobody else consumes its partitions meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const orphaned = [...(await readOwners(zk(), group, topic))]
        .filter(([, o]) => o === consumerId)
        .map(([p]) => p);
      expect(orphaned).toHaveLength(2);
      for (const p of orphaned) expect([...a.partitions, ...b.partitions]).not.toContain(p);
      await waitForOwnership(zk(), group, topic, [a, b], [3, 3], 6, SESSION_MS * 3);
      const movedMs = performance.now() - killed;
      console.log(
        `[${kafka.name}] crashed member's partitions moved ${movedMs.toFixed(0)} ms after SIGKILL (session ${SESSION_MS} ms)`,
      );
    });

    it('the topic grows from 4 to 8 partitions: the members take the new ones', async () => {
      const cluster = use();
      const topic = await newTopic(cluster, 'zk-grow', 4);
      const group = uniqueName('zk-grow');
      // 3.9: only the watch on the cluster's /brokers/topics node can notice in time (polling is
      // off); KRaft has no such node, so there the periodic metadata check does it.
      const partitionCheckIntervalMs = kafka.zookeeperConnect === undefined ? 1_000 : 600_000;
      await using a = member(topic, group, { partitionCheckIntervalMs });
      await using b = member(topic, group, { partitionCheckIntervalMs });
      await waitForOwnership(zk(), group, topic, [a, b], [2, 2], 4);
      const grown = performance.now();
      await new Admin(cluster).createPartitions(topic, 8);
      await waitForOwnership(zk(), group, topic, [a, b], [4, 4], 8, 15_000);
      console.log(
        `[${kafka.name}] 4 → 8 partitions: owned after ${(performance.now() - grown).toFixed(0)} ms`,
      );
    });

    it('more members than partitions: the extra one idles and consume() returns null on timeout', async () => {
      const topic = await newTopic(use(), 'zk-idle', 2);
      const group = uniqueName('zk-idle');
      const members = [member(topic, group), member(topic, group), member(topic, group)];
      try {
        await Promise.all(members.map((m) => m.ready()));
        await waitForOwnership(zk(), group, topic, members, [0, 1, 1], 2);
        const idle = members.find((m) => m.partitions.length === 0) as BalancedConsumer;
        expect(await idle.consume(300)).toBeNull();
      } finally {
        await Promise.all(members.map((m) => m.close()));
      }
    });

    it('a rebalance listener that throws: the next consume() throws RebalanceCallbackError once, then messages flow', async () => {
      const cluster = use();
      const topic = await newTopic(cluster, 'zk-listener', 1);
      await using producer = new Producer(cluster, topic, { lingerMs: 1 });
      await producer.produce(Buffer.from('m0'));
      await using consumer = member(topic, uniqueName('zk-listener'), {
        rebalanceListener: {
          onPartitionsAssigned() {
            throw new Error('listener bug');
          },
        },
      });
      const error = await consumer.consume(5_000).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RebalanceCallbackError);
      expect((error as Error).cause).toEqual(new Error('listener bug'));
      expect((await consumer.consume(5_000))?.value?.toString()).toBe('m0');
    });

    it('rejects group names ZooKeeper paths cannot hold with ConfigurationError', () => {
      for (const consumerGroup of ['', 'a/b', '..', 'tab\there'])
        expect(() => new BalancedConsumer(use(), 't', { consumerGroup, zookeeperConnect: zk() })).toThrow(
          ConfigurationError,
        );
    });

    it('an unreachable ZooKeeper fails ready() and consume() with ZooKeeperError within the timeout, leaking nothing', async () => {
      const cluster = use();
      const topic = await newTopic(cluster, 'zk-unreachable', 1);
      const port = await new Promise<number>((resolve) => {
        const server = createServer().listen(0, '127.0.0.1', () => {
          const { port } = server.address() as { port: number };
          server.close(() => resolve(port));
        });
      });
      await settle();
      const before = process.getActiveResourcesInfo();
      const started = performance.now();
      const consumer = member(topic, uniqueName('zk-unreachable'), {
        zookeeperConnect: `127.0.0.1:${port}`,
        zookeeperConnectionTimeoutMs: 1_500,
      });
      await expect(consumer.ready()).rejects.toMatchObject({
        name: 'ZooKeeperError',
        code: 'CONNECT_TIMEOUT',
      });
      expect(performance.now() - started).toBeLessThan(1_500 + 2_000);
      await expect(consumer.consume(100)).rejects.toBeInstanceOf(ZooKeeperError);
      await consumer.close();
      await settle();
      expect(leaked(before, process.getActiveResourcesInfo())).toEqual([]);
    });

    it('close() commits, deletes its znodes, ends the ZooKeeper session and leaks no handle', async () => {
      const cluster = use();
      const topic = await newTopic(cluster, 'zk-close', 2);
      const group = uniqueName('zk-close');
      await using producer = new Producer(cluster, topic, { lingerMs: 1 });
      await Promise.all([0, 1].map((p) => producer.produce(Buffer.from(`v${p}`), { partition: p })));
      await cluster.findCoordinator(group);
      await settle();
      const before = process.getActiveResourcesInfo();
      const consumer = member(topic, group);
      await consumer.ready();
      const got = [await consumer.consume(5_000), await consumer.consume(5_000)];
      expect(got.map((m) => m?.value?.toString()).sort()).toEqual(['v0', 'v1']);
      expect((await readOwners(zk(), group, topic)).size).toBe(2);
      await consumer.close();
      expect((await readOwners(zk(), group, topic)).size).toBe(0);
      expect(await readMembers(zk(), group)).toEqual([]);
      await settle();
      expect(leaked(before, process.getActiveResourcesInfo())).toEqual([]);
      // The commit at close: a new member starts after what was consumed.
      await producer.produce(Buffer.from('after'), { partition: 0 });
      await using next = member(topic, group);
      expect((await next.consume(5_000))?.value?.toString()).toBe('after');
    });
  },
);
