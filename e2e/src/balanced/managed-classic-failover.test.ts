import { Admin } from '@tskafka/network';
import { describe, expect, it } from 'vitest';
import { kcatWrite } from '../consumer/helpers.js';
import { uniqueName } from '../setup/clusters.js';
import { ownClusterSuite } from '../setup/own-cluster.js';
import { classicMember, consumeAll, describeGroup, waitForSplit } from './managed-classic-helpers.js';

const PARTITIONS = 6;

// Killing the coordinator would disturb suites sharing the flavours: own lean 3-broker clusters.
describe.each(['3.9', '4'] as const)(
  'classic group across a coordinator kill on a 3-broker Kafka %s',
  (version) => {
    const own = ownClusterSuite(version);

    it('members find the new coordinator, keep their membership and consume every partition; the broker returns', async () => {
      const { kafka, cluster } = own();
      const topic = uniqueName('classic-failover');
      const group = uniqueName('classic-failover');
      await new Admin(cluster).createTopics([{ name: topic, partitions: PARTITIONS, replicationFactor: 3 }]);
      const members = [classicMember(cluster, topic, group), classicMember(cluster, topic, group)];
      const seen = new Set<string>();
      const loops = members.map((m) => consumeAll(m, (_p, _o, value) => seen.add(value)));
      await waitForSplit(cluster, group, members, [3, 3]);
      const generation = members[0]?.groupMetadata().generationIdOrMemberEpoch;
      const ids = members.map((m) => m.groupMetadata().memberId);
      const coordinator = (await cluster.findCoordinator(group)).id;
      await kafka.kill(coordinator);
      try {
        const killed = performance.now();
        const values = Array.from({ length: PARTITIONS }, (_, p) => `after-kill-${p}`);
        await Promise.all(values.map((v, p) => kcatWrite(kafka.bootstrap, topic, [v], { partition: p })));
        await expect
          .poll(() => values.filter((v) => !seen.has(v)), { timeout: 30_000, interval: 100 })
          .toEqual([]);
        const moved = await cluster.findCoordinator(group);
        expect(moved.id).not.toBe(coordinator);
        await waitForSplit(cluster, group, members, [3, 3], 20_000);
        // Sessions survived the move: the new coordinator loaded the group with these members.
        expect(members.map((m) => m.groupMetadata().memberId)).toEqual(ids);
        console.log(
          `classic on Kafka ${version}: coordinator ${coordinator} killed, every partition consumed again after ${(performance.now() - killed).toFixed(0)} ms; generation ${generation} → ${members[0]?.groupMetadata().generationIdOrMemberEpoch}`,
        );
      } finally {
        await kafka.restart(coordinator);
      }
      await Promise.all(members.map((m) => m.close()));
      await Promise.all(loops);
      expect((await describeGroup(cluster, group)).members).toEqual([]);
    });
  },
);
