import { SimpleConsumer, TopicRecreatedError } from '@tskafka/consumer';
import { Admin, type Cluster, traceRequests, UnknownTopicError } from '@tskafka/network';
import { KafkaProtocolError } from '@tskafka/protocol';
import { describe, expect, it } from 'vitest';
import { newTopic, openCluster } from '../producer/helpers.js';
import { flavours, uniqueName } from '../setup/clusters.js';
import { leaked, settle } from '../setup/leaks.js';
import { consumeN, kcatWrite, range, suiteCluster } from './helpers.js';

const PARTITIONS = 3;

/**
 * Topic ids named by our Fetch requests, how many OffsetCommits went out and the versions of the
 * offset requests, until `stop()`.
 */
function recordRequests() {
  const fetchedIds = new Set<string>();
  const offsetVersions = new Set<string>();
  let commits = 0;
  let fetching = 0;
  const done = (ctx: { api: string }) => void (ctx.api === 'Fetch' && fetching--);
  const stop = traceRequests({
    asyncEnd: done,
    error: done,
    start(ctx) {
      if (ctx.api === 'OffsetCommit') commits++;
      if (ctx.api === 'OffsetCommit' || ctx.api === 'OffsetFetch')
        offsetVersions.add(`${ctx.api} v${ctx.apiVersion}`);
      if (ctx.api !== 'Fetch') return;
      fetching++;
      for (const t of (ctx.request as { topics: { topicId: string }[] }).topics) fetchedIds.add(t.topicId);
    },
  });
  return { fetchedIds, offsetVersions, commits: () => commits, fetching: () => fetching, stop };
}

/**
 * Deletes `topic` and creates it again (same name, same partitions) from another client, as
 * another process would, and writes `new-*` records to it. Returns the new topic id.
 */
async function recreate(admin: Cluster, bootstrap: string, topic: string): Promise<string> {
  const adminClient = new Admin(admin);
  await adminClient.deleteTopics([topic]);
  for (let attempt = 0; ; attempt++) {
    try {
      await adminClient.createTopics([{ name: topic, partitions: PARTITIONS, replicationFactor: 1 }]);
      break;
    } catch (error) {
      // TOPIC_ALREADY_EXISTS while the deletion is still being carried out.
      if (!(error instanceof KafkaProtocolError && error.code === 36) || attempt >= 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  await kcatWrite(
    bootstrap,
    topic,
    range(30).map((i) => `new-${i}`),
  );
  return (await admin.refresh([topic])).topics.get(topic)?.topicId ?? '';
}

describe.each(flavours('kafka3.9-single', 'kafka4-single'))(
  'SimpleConsumer on a topic deleted and re-created under the same name on $name',
  (kafka) => {
    const use = suiteCluster(kafka.bootstrap);

    it('consume() and commitOffsets() reject with TopicRecreatedError naming both ids; no fetch names the new topic; close() commits nothing and leaves nothing; the group starts the new topic afresh', async () => {
      const cluster = use();
      const admin = openCluster(kafka.bootstrap);
      const topic = await newTopic(cluster, 'cons-recreated', PARTITIONS);
      const group = uniqueName('cons-recreated');
      await kcatWrite(kafka.bootstrap, topic, ['a', 'b', 'c', 'd', 'e', 'f']);
      const oldId = (await cluster.refresh([topic])).topics.get(topic)?.topicId ?? '';
      await cluster.findCoordinator(group);
      await settle();
      const before = process.getActiveResourcesInfo();
      const seen = recordRequests();
      try {
        const consumer = new SimpleConsumer(cluster, topic, {
          consumerGroup: group,
          autoCommitEnable: true,
          autoCommitIntervalMs: 600_000,
        });
        expect((await consumeN(consumer, 6)).map((m) => m.value?.toString()).sort()).toEqual([...'abcdef']);
        await consumer.commitOffsets();
        // 4.x names topics by id in offset requests (v10), so the old topic's id goes out; 3.9 by name.
        const byId = kafka.version === '4';
        expect([...seen.offsetVersions].sort()).toEqual(
          byId ? ['OffsetCommit v10', 'OffsetFetch v10'] : ['OffsetCommit v9', 'OffsetFetch v9'],
        );
        // Paused, once the fetch in flight is answered, the consumer sends nothing while the topic
        // is re-created: it can only find out from the new topic's id. (A fetch failing during
        // the deletion would show it the topic missing: that is UnknownTopicError, the next test.)
        consumer.pause();
        for (let i = 0; i < 100 && seen.fetching() > 0; i++) await new Promise((r) => setTimeout(r, 50));
        expect(seen.fetching()).toBe(0);
        const newId = await recreate(admin, kafka.bootstrap, topic);
        await admin.close(); // its sockets are not the consumer's
        expect(newId).not.toBe(oldId);
        seen.fetchedIds.clear();
        const commitsBefore = seen.commits();
        consumer.resume();
        const error = await consumer.consume(30_000).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TopicRecreatedError);
        expect(error).toBeInstanceOf(UnknownTopicError);
        expect(error).toMatchObject({ topic, oldTopicId: oldId, newTopicId: newId });
        await expect(consumer.consume(0)).rejects.toBeInstanceOf(TopicRecreatedError);
        await expect(consumer.commitOffsets()).rejects.toBeInstanceOf(TopicRecreatedError);
        await consumer.close();
        expect([...seen.fetchedIds]).not.toContain(newId);
        expect(seen.commits()).toBe(commitsBefore);
        await settle();
        expect(leaked(before, process.getActiveResourcesInfo())).toEqual([]);
        // The broker dropped the old topic's committed offsets with it: the group starts afresh.
        await using fresh = new SimpleConsumer(cluster, topic, { consumerGroup: group });
        const committed = await fresh.fetchOffsets();
        expect([...committed.values()].map((c) => c.offset)).toEqual([-1n, -1n, -1n]);
        const all = await consumeN(fresh, 30);
        expect(all.every((m) => m.value?.toString().startsWith('new-'))).toBe(true);
      } finally {
        seen.stop();
        await admin.close();
      }
    });

    it('while consuming: consume() rejects with UnknownTopicError (TopicRecreatedError when the new topic shows first) and never delivers a record of the new topic', async () => {
      const cluster = use();
      const admin = openCluster(kafka.bootstrap);
      const topic = await newTopic(cluster, 'cons-recreated-live', PARTITIONS);
      await kcatWrite(kafka.bootstrap, topic, ['a', 'b', 'c']);
      try {
        await using consumer = new SimpleConsumer(cluster, topic, { fetchWaitMaxMs: 100 });
        expect(await consumeN(consumer, 3)).toHaveLength(3);
        const recreated = recreate(admin, kafka.bootstrap, topic);
        const delivered: string[] = [];
        let error: unknown;
        const deadline = Date.now() + 60_000;
        while (error === undefined && Date.now() < deadline) {
          const m = await consumer.consume(1_000).catch((e: unknown) => {
            error = e;
            return null;
          });
          if (m !== null) delivered.push(m.value?.toString() ?? '');
        }
        await recreated;
        expect(error).toBeInstanceOf(UnknownTopicError);
        expect(delivered).toEqual([]);
        await expect(consumer.consume(0)).rejects.toBe(error);
      } finally {
        await admin.close();
      }
    });
  },
);
