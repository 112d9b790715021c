import { builtinAssignors } from '@tskafka/balanced';
import { runKafkaTool } from '@tskafka/harness';
import { describe, expect, it } from 'vitest';
import { suiteCluster } from '../consumer/helpers.js';
import { newTopic } from '../producer/helpers.js';
import { type Flavour, flavours, uniqueName } from '../setup/clusters.js';
import { classicMember, describeGroup, listenerLog, waitForSplit } from './managed-classic-helpers.js';

const ASSIGNOR_CLASS = {
  range: 'org.apache.kafka.clients.consumer.RangeAssignor',
  'cooperative-sticky': 'org.apache.kafka.clients.consumer.CooperativeStickyAssignor',
} as const;

/** Kafka's Java console consumer as a classic-protocol group member; it exits after `idleMs` without messages. */
function javaMember(
  kafka: Flavour,
  topic: string,
  group: string,
  assignor: keyof typeof ASSIGNOR_CLASS,
  idleMs: number,
) {
  const property = (p: string) => ['--consumer-property', p];
  return runKafkaTool(
    kafka.version,
    'org.apache.kafka.tools.consumer.ConsoleConsumer',
    [
      ...[
        '--bootstrap-server',
        kafka.bootstrap,
        '--topic',
        topic,
        '--group',
        group,
        '--timeout-ms',
        String(idleMs),
      ],
      ...property('group.protocol=classic'),
      ...property(`partition.assignment.strategy=${ASSIGNOR_CLASS[assignor]}`),
      ...property('heartbeat.interval.ms=300'),
      ...property('session.timeout.ms=6000'),
    ],
    { timeoutMs: idleMs + 60_000, allowFailure: true },
  );
}

/** Partitions the Java member (the one that is not `ours`) holds, per the coordinator. */
async function javaShare(cluster: Parameters<typeof describeGroup>[0], group: string, ours: string) {
  const { members } = await describeGroup(cluster, group);
  return members.filter((m) => m.memberId !== ours).map((m) => m.partitions);
}

describe.each(flavours('kafka3.9-single', 'kafka4-single'))(
  'classic group shared with Java consumers on $name',
  (kafka) => {
    const use = suiteCluster(kafka.bootstrap);

    it.each(['range', 'cooperative-sticky'] as const)(
      '%s: a tskafka leader assigns a joining Java member half the partitions; when it leaves, the Java leader takes all 12',
      async (assignor) => {
        const cluster = use();
        const topic = await newTopic(cluster, `classic-java-${assignor}`, 12);
        const group = uniqueName(`classic-java-${assignor}`);
        const log = listenerLog();
        const ours = classicMember(cluster, topic, group, {
          assignors: [assignor],
          rebalanceListener: log.listener,
        });
        await ours.ready();
        expect(ours.partitions).toHaveLength(12);
        const java = javaMember(kafka, topic, group, assignor, 10_000);
        const me = ours.groupMetadata().memberId;
        // Cooperative: the six moving partitions reach Java in the second rebalance.
        await expect
          .poll(() => javaShare(cluster, group, me).then((s) => s.map((p) => p.length)), {
            timeout: 45_000,
            interval: 200,
          })
          .toEqual([6]);
        await waitForSplit(cluster, group, [ours], [6]);
        const theirs = await javaShare(cluster, group, me);
        expect(theirs).toHaveLength(1);
        expect([...(theirs[0] ?? []), ...ours.partitions].sort((a, b) => a - b)).toEqual([
          ...Array(12).keys(),
        ]);
        expect((await describeGroup(cluster, group)).protocol).toBe(assignor);
        if (assignor === 'cooperative-sticky') {
          // KIP-429 with a mixed group: only the six that went to Java were revoked, the kept six never.
          expect([...log.revoked].sort((a, b) => a - b)).toEqual(theirs[0]);
          expect(ours.partitions.filter((p) => log.revoked.has(p))).toEqual([]);
        }
        await ours.close();
        await expect
          .poll(() => javaShare(cluster, group, me).then((s) => s.map((p) => p.length)), {
            timeout: 20_000,
            interval: 200,
          })
          .toEqual([12]);
        const result = await java;
        expect(result.code, result.stderr).toBe(0);
      },
    );

    it.each(['range', 'cooperative-sticky'] as const)(
      '%s: a Java leader assigns a joining tskafka member exactly what our assignor computes for the same subscriptions',
      async (assignor) => {
        const cluster = use();
        const topic = await newTopic(cluster, `classic-java-lead-${assignor}`, 12);
        const group = uniqueName(`classic-java-lead-${assignor}`);
        const java = javaMember(kafka, topic, group, assignor, 10_000);
        await expect
          .poll(async () => (await describeGroup(cluster, group)).members.map((m) => m.partitions.length), {
            timeout: 45_000,
            interval: 200,
          })
          .toEqual([12]);
        const log = listenerLog();
        const ours = classicMember(cluster, topic, group, {
          assignors: [assignor],
          rebalanceListener: log.listener,
        });
        // Cooperative takes two rebalances (KIP-429): Java revokes six, then they are handed over.
        await waitForSplit(cluster, group, [ours], [6], 30_000);
        const described = await describeGroup(cluster, group);
        expect(described.protocol).toBe(assignor);
        // The Java leader's result equals ours on the subscriptions it assigned from.
        const mine = builtinAssignors.get(assignor)?.assign(
          new Map([[topic, 12]]),
          described.members.map((m) => m.subscription),
        );
        for (const member of described.members)
          expect(mine?.get(member.memberId)?.get(topic) ?? []).toEqual(member.partitions);
        expect(log.revoked.size).toBe(0);
        await ours.close();
        const result = await java;
        expect(result.code, result.stderr).toBe(0);
      },
    );
  },
);
