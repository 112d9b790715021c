import { encodeRecordBatch } from '@tskafka/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { SimpleConsumer } from './simple-consumer.js';
import {
  type CommittedAnswer,
  type FakeLeader,
  type FakeScript,
  fakeLeader,
  fetchesOf,
  type Seen,
  TOPIC,
} from './test-support/fake-leader.js';
import { recordingLogger } from './test-support/recording-logger.js';

let fake: FakeLeader | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const epochChecks = (seen: readonly Seen[]) =>
  seen.flatMap((s) => (s.api === 'OffsetForLeaderEpoch' ? s.partitions : []));

/**
 * The leader's log: offsets 0-9, epoch 3 up to offset 5, epoch 5 (the current one) after it. The
 * group committed `committed`; OffsetForLeaderEpoch answers with `epochEnd` (after `errors`).
 */
async function startFrom(
  committed: CommittedAnswer,
  epochEnd: { leaderEpoch: number; endOffset: bigint },
  errors: number[] = [],
  tweak: (script: FakeScript) => void = () => {},
): Promise<FakeLeader> {
  const log = [
    await encodeRecordBatch(
      ['a', 'b', 'c', 'd', 'e'].map((value) => ({ value })),
      { baseOffset: 0n, partitionLeaderEpoch: 3 },
    ),
    await encodeRecordBatch(
      ['f', 'g', 'h', 'i', 'j'].map((value) => ({ value })),
      { baseOffset: 5n, partitionLeaderEpoch: 5 },
    ),
  ];
  const script: FakeScript = {
    leaderEpoch: 5,
    exists: true,
    logStart: 0n,
    logEnd: 10n,
    committed: () => committed,
    // Whole batches, as a broker answers; the reader skips records before the fetch offset.
    fetch: (f) => {
      if (f.fetchOffset < 5n) return { records: Buffer.concat(log) };
      return f.fetchOffset < 10n ? { records: log[1] } : undefined;
    },
    epochEnd: () => {
      const errorCode = errors.shift();
      return errorCode === undefined ? epochEnd : { errorCode };
    },
  };
  tweak(script);
  fake = await fakeLeader(script);
  return fake;
}

const firstOffset = async (consumer: SimpleConsumer) => (await consumer.consume(5_000))?.offset;

describe('SimpleConsumer checks a committed offset with a leader epoch before fetching (KIP-320)', () => {
  it('log truncated below the committed offset (epoch 3 ends at 5, committed 8 under epoch 3): starts at 5 and logs it', async () => {
    const f = await startFrom({ offset: 8n, leaderEpoch: 3 }, { leaderEpoch: 3, endOffset: 5n });
    const { logger, lines } = recordingLogger();
    await using consumer = new SimpleConsumer(f.cluster, TOPIC, { consumerGroup: 'g', logger });
    expect(await firstOffset(consumer)).toBe(5n);
    expect(epochChecks(f.seen)).toEqual([{ partition: 0, currentLeaderEpoch: 5, leaderEpoch: 3 }]);
    // Nothing was fetched from the committed offset, and the check came before any fetch.
    expect(fetchesOf(f.seen).map((x) => x.fetchOffset)).not.toContain(8n);
    const checkAt = f.seen.findIndex((s) => s.api === 'OffsetForLeaderEpoch');
    expect(f.seen.findIndex((s) => s.api === 'Fetch')).toBeGreaterThan(checkAt);
    const warning = lines.find(
      (l) => l.level === 'warn' && /truncated below the committed offset/.test(l.msg),
    );
    expect(warning?.fields).toMatchObject({ partition: 0, offset: 8n, epoch: 3, endOffset: 5n, endEpoch: 3 });
  });

  it('the epoch ends at or after the committed offset: starts at the committed offset, and an early commit keeps its epoch', async () => {
    const f = await startFrom({ offset: 4n, leaderEpoch: 3 }, { leaderEpoch: 3, endOffset: 5n });
    await using consumer = new SimpleConsumer(f.cluster, TOPIC, { consumerGroup: 'g' });
    await consumer.ready();
    await consumer.commitOffsets();
    const sent = f.seen.find((s) => s.api === 'OffsetCommit') as { body: unknown } | undefined;
    const commit = sent?.body as {
      topics: { partitions: { committedOffset: bigint; committedLeaderEpoch: number }[] }[];
    };
    expect(commit.topics[0]?.partitions).toEqual([
      expect.objectContaining({ committedOffset: 4n, committedLeaderEpoch: 3 }),
    ]);
    expect(await firstOffset(consumer)).toBe(4n);
  });

  it.each([
    ['earliest', 0n],
    ['latest', 10n],
  ] as const)(
    'the leader knows no end for an epoch newer than its log has (after metadata refreshes never show it): resets by autoOffsetReset %s',
    async (policy, start) => {
      const f = await startFrom({ offset: 8n, leaderEpoch: 9 }, { leaderEpoch: -1, endOffset: -1n });
      const { logger, lines } = recordingLogger();
      await using consumer = new SimpleConsumer(f.cluster, TOPIC, {
        consumerGroup: 'g',
        autoOffsetReset: policy,
        logger,
      });
      await consumer.ready();
      expect(consumer.heldOffsets.get(0)).toBe(start - 1n);
      // Metadata was asked again in case the commit's epoch was just not visible yet (start + 5 retries).
      expect(f.seen.filter((s) => s.api === 'Metadata').length).toBeGreaterThanOrEqual(6);
      if (policy === 'earliest') expect(await firstOffset(consumer)).toBe(0n);
      expect(lines.find((l) => /knows no end offset/.test(l.msg))?.fields).toMatchObject({
        policy,
        epoch: 9,
      });
    },
  );

  it('metadata with an older leader epoch than the commit (a lagging broker) is refreshed before the check', async () => {
    let lookups = 0;
    const f = await startFrom({ offset: 8n, leaderEpoch: 6 }, { leaderEpoch: 6, endOffset: 10n }, [], (s) => {
      Object.defineProperty(s, 'leaderEpoch', { get: () => (++lookups <= 2 ? 5 : 6) });
    });
    await using consumer = new SimpleConsumer(f.cluster, TOPIC, { consumerGroup: 'g' });
    expect(await firstOffset(consumer)).toBe(8n);
    expect(epochChecks(f.seen)).toEqual([{ partition: 0, currentLeaderEpoch: 6, leaderEpoch: 6 }]);
    expect(lookups).toBeGreaterThanOrEqual(3);
  });

  it('a committed offset without an epoch is not checked', async () => {
    const f = await startFrom({ offset: 8n, leaderEpoch: -1 }, { leaderEpoch: 3, endOffset: 5n });
    await using consumer = new SimpleConsumer(f.cluster, TOPIC, { consumerGroup: 'g' });
    expect(await firstOffset(consumer)).toBe(8n);
    expect(epochChecks(f.seen)).toEqual([]);
  });

  it('FENCED_LEADER_EPOCH / NOT_LEADER_OR_FOLLOWER from the check: metadata is refreshed and it checks again', async () => {
    const f = await startFrom({ offset: 8n, leaderEpoch: 3 }, { leaderEpoch: 3, endOffset: 5n }, [74, 6]);
    await using consumer = new SimpleConsumer(f.cluster, TOPIC, { consumerGroup: 'g' });
    expect(await firstOffset(consumer)).toBe(5n);
    expect(epochChecks(f.seen)).toHaveLength(3);
    const kinds = f.seen.map((s) => s.api);
    const first = kinds.indexOf('OffsetForLeaderEpoch');
    expect(kinds.slice(first + 1, first + 3)).toEqual(['Metadata', 'OffsetForLeaderEpoch']);
  });

  it('fetchOffsets() while consuming moves to the checked position too', async () => {
    const f = await startFrom({ offset: 8n, leaderEpoch: 3 }, { leaderEpoch: 3, endOffset: 5n });
    await using consumer = new SimpleConsumer(f.cluster, TOPIC, {
      consumerGroup: 'g',
      resetOffsetOnStart: true,
    });
    expect(await firstOffset(consumer)).toBe(0n);
    expect(epochChecks(f.seen)).toEqual([]);
    const committed = await consumer.fetchOffsets();
    expect(committed.get(0)).toMatchObject({ offset: 8n, leaderEpoch: 3 });
    expect(await firstOffset(consumer)).toBe(5n);
    expect(epochChecks(f.seen)).toHaveLength(1);
  });
});
