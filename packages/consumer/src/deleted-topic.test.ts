import { UnknownTopicError } from '@tskafka/network';
import { encodeRecordBatch } from '@tskafka/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { SimpleConsumer } from './simple-consumer.js';
import {
  type FakeLeader,
  type FakeScript,
  fakeLeader,
  fetchesOf,
  TOPIC,
  TOPIC_ID,
} from './test-support/fake-leader.js';
import { TopicRecreatedError } from './topic-identity.js';

let fake: FakeLeader | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const metadataRequests = (f: FakeLeader) => f.seen.filter((s) => s.api === 'Metadata').length;

describe('SimpleConsumer on a topic deleted while consuming (scripted broker)', () => {
  it.each([
    [3, 'UNKNOWN_TOPIC_OR_PARTITION'],
    [100, 'UNKNOWN_TOPIC_ID'],
  ])(
    '%i %s with the topic gone from metadata: consume() rejects with UnknownTopicError and fetching stops',
    async (code) => {
      const first = await encodeRecordBatch([{ value: 'a' }], { baseOffset: 0n, partitionLeaderEpoch: 0 });
      const script: FakeScript = {
        leaderEpoch: 0,
        exists: true,
        logStart: 0n,
        logEnd: 1n,
        fetch: (f) => {
          if (!script.exists) return { errorCode: code };
          return f.fetchOffset === 0n ? { records: first } : undefined;
        },
      };
      fake = await fakeLeader(script);
      const consumer = new SimpleConsumer(fake.cluster, TOPIC);
      expect((await consumer.consume(5_000))?.value?.toString()).toBe('a');
      script.exists = false;
      const started = Date.now();
      const error = await consumer.consume(10_000).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnknownTopicError);
      expect((error as UnknownTopicError).topic).toBe(TOPIC);
      expect(Date.now() - started).toBeLessThan(3_000);
      // It stays that way, and nothing is fetched or looked up any more.
      await expect(consumer.consume(0)).rejects.toBeInstanceOf(UnknownTopicError);
      const fetches = fetchesOf(fake.seen).length;
      const lookups = metadataRequests(fake);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect([fetchesOf(fake.seen).length, metadataRequests(fake)]).toEqual([fetches, lookups]);
      await consumer.close();
    },
  );

  it('also when the deletion first shows in a metadata refresh made by someone else (an Admin, a producer)', async () => {
    const first = await encodeRecordBatch([{ value: 'a' }], { baseOffset: 0n });
    const script: FakeScript = {
      leaderEpoch: 0,
      exists: true,
      logStart: 0n,
      logEnd: 1n,
      // A deleted partition's session answer lists nothing: no error ever comes from Fetch.
      fetch: (f) => (script.exists && f.fetchOffset === 0n ? { records: first } : undefined),
    };
    fake = await fakeLeader(script);
    const consumer = new SimpleConsumer(fake.cluster, TOPIC);
    expect((await consumer.consume(5_000))?.value?.toString()).toBe('a');
    script.exists = false;
    await fake.cluster.refresh();
    await expect(consumer.consume(3_000)).rejects.toBeInstanceOf(UnknownTopicError);
    await consumer.close();
  });

  it('a single refresh that misses the topic is not taken for a deletion', async () => {
    const log = await encodeRecordBatch([{ value: 'a' }, { value: 'b' }], { baseOffset: 0n });
    let failedFetch = false;
    let missedOnce = false;
    const script: FakeScript = {
      leaderEpoch: 0,
      // One metadata answer without the topic, right after the failed fetch (a lagging broker).
      get exists() {
        if (!failedFetch || missedOnce) return true;
        missedOnce = true;
        return false;
      },
      logStart: 0n,
      logEnd: 2n,
      fetch: (f) => {
        if (!failedFetch) {
          failedFetch = true;
          return { errorCode: 3 };
        }
        return f.fetchOffset === 0n ? { records: log } : undefined;
      },
    };
    fake = await fakeLeader(script);
    await using consumer = new SimpleConsumer(fake.cluster, TOPIC);
    const got = [await consumer.consume(5_000), await consumer.consume(5_000)];
    expect(got.map((m) => m?.value?.toString())).toEqual(['a', 'b']);
    expect(missedOnce).toBe(true);
  });
});

const NEW_ID = 'AAAAAAAAAAAAAAAAAAAAAg';

describe('SimpleConsumer on a topic deleted and re-created under the same name (scripted broker)', () => {
  /** Offset 0 of the old topic is consumed; then the topic gets a new id and offsets 0-9 of new data. */
  async function recreated(options: { autoCommitEnable?: boolean } = {}) {
    const old = await encodeRecordBatch([{ value: 'old' }], { baseOffset: 0n });
    const fresh = await encodeRecordBatch(
      Array.from({ length: 10 }, (_, i) => ({ value: `new-${i}` })),
      { baseOffset: 0n },
    );
    const script: FakeScript = {
      leaderEpoch: 0,
      exists: true,
      logStart: 0n,
      logEnd: 1n,
      fetch: (f) => {
        if (script.topicId === NEW_ID) return f.fetchOffset < 10n ? { records: fresh } : undefined;
        return f.fetchOffset === 0n ? { records: old } : undefined;
      },
    };
    fake = await fakeLeader(script);
    const consumer = new SimpleConsumer(fake.cluster, TOPIC, { consumerGroup: 'g', ...options });
    expect((await consumer.consume(5_000))?.value?.toString()).toBe('old');
    script.topicId = NEW_ID;
    script.logEnd = 10n;
    return { consumer, fake };
  }

  const newTopicFetches = (f: FakeLeader) =>
    f.seen.filter((s) => s.api === 'Fetch' && s.topicIds.includes(NEW_ID)).length;

  it('the fetch fails with UNKNOWN_TOPIC_ID: consume() rejects with TopicRecreatedError naming both ids; nothing of the new topic is read', async () => {
    const { consumer, fake: f } = await recreated();
    const started = Date.now();
    const error = await consumer.consume(10_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TopicRecreatedError);
    expect(error).toBeInstanceOf(UnknownTopicError);
    expect(error).toMatchObject({ topic: TOPIC, oldTopicId: TOPIC_ID, newTopicId: NEW_ID });
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect(consumer.consume(0)).rejects.toBeInstanceOf(TopicRecreatedError);
    await expect(consumer.commitOffsets()).rejects.toBeInstanceOf(TopicRecreatedError);
    expect(newTopicFetches(f)).toBe(0);
    const fetches = fetchesOf(f.seen).length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fetchesOf(f.seen).length).toBe(fetches);
    await consumer.close();
  });

  it('a refresh by someone else shows the new id first: the same error, no fetch of the new topic, no commit on close', async () => {
    const { consumer, fake: f } = await recreated({ autoCommitEnable: true });
    await f.cluster.refresh();
    await expect(consumer.consume(3_000)).rejects.toMatchObject({ oldTopicId: TOPIC_ID, newTopicId: NEW_ID });
    expect(newTopicFetches(f)).toBe(0);
    await consumer.close();
    expect(f.seen.filter((s) => s.api === 'OffsetCommit')).toEqual([]);
  });

  it('commitOffsets() right after someone else saw the new id rejects instead of storing old positions', async () => {
    const { consumer, fake: f } = await recreated();
    await f.cluster.refresh();
    await expect(consumer.commitOffsets()).rejects.toBeInstanceOf(TopicRecreatedError);
    expect(f.seen.filter((s) => s.api === 'OffsetCommit')).toEqual([]);
    await consumer.close();
  });
});
