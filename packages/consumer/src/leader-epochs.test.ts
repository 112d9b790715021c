import { encodeRecordBatch } from '@tskafka/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { SimpleConsumer } from './simple-consumer.js';
import {
  type FakeLeader,
  type FakeScript,
  fakeLeader,
  fetchesOf,
  type SeenFetch,
  TOPIC,
  until,
} from './test-support/fake-leader.js';
import { recordingLogger } from './test-support/recording-logger.js';

/** A batch of `values` at `from`, written under leader epoch `epoch`. */
const batch = (from: bigint, epoch: number, values: string[]) =>
  encodeRecordBatch(
    values.map((value) => ({ value })),
    { baseOffset: from, partitionLeaderEpoch: epoch },
  );
const values = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `${prefix}-${from + i}`);

let fake: FakeLeader | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** Consumes `n` messages as `value` strings. */
async function take(consumer: SimpleConsumer, n: number): Promise<string[]> {
  const got: string[] = [];
  while (got.length < n) {
    const m = await consumer.consume(5_000);
    if (m === null) throw new Error(`only ${got.length} of ${n} messages`);
    got.push(`${m.value?.toString()}@${m.offset}/e${m.leaderEpoch}`);
  }
  return got;
}

describe('SimpleConsumer leader epochs (KIP-320) against a scripted broker', () => {
  it.each([
    [74, 'FENCED_LEADER_EPOCH', 5, 6],
    [75, 'UNKNOWN_LEADER_EPOCH', 5, 5],
  ])(
    'sends the leader epoch from metadata; %i %s refreshes metadata and fetches again',
    async (code, _name, first, second) => {
      const log = await batch(0n, second, values('v', 0, 3));
      let fenced = false;
      const script: FakeScript = {
        leaderEpoch: first,
        exists: true,
        logStart: 0n,
        logEnd: 3n,
        fetch: (f) => {
          if (!fenced) {
            fenced = true;
            script.leaderEpoch = second; // the fencing broker knows better; metadata catches up
            return { errorCode: code };
          }
          return f.fetchOffset === 0n ? { records: log } : undefined;
        },
      };
      fake = await fakeLeader(script);
      await using consumer = new SimpleConsumer(fake.cluster, TOPIC);
      expect(await take(consumer, 3)).toEqual(
        ['v-0@0/e5', 'v-1@1/e5', 'v-2@2/e5'].map((v) => v.replace('e5', `e${second}`)),
      );
      const fetches = fetchesOf(fake.seen);
      expect(fetches.slice(0, 2).map((f) => [f.fetchOffset, f.currentLeaderEpoch])).toEqual([
        [0n, first],
        [0n, second],
      ]);
      // A metadata refresh came between the fenced fetch and the next one.
      const firstFetch = fake.seen.findIndex((s) => s.api === 'Fetch');
      expect(fake.seen.slice(firstFetch + 1).findIndex((s) => s.api === 'Metadata')).toBe(0);
      expect(await consumer.consume(100)).toBeNull();
    },
  );

  /**
   * Epoch 1 wrote offsets 0-9 (all fetched, none consumed yet); the leader then changes (epoch 2)
   * and the old leader's fetch fails with NOT_LEADER_OR_FOLLOWER. `endOfEpoch1` is what the new
   * leader's OffsetForLeaderEpoch says; the new leader's log carries on from `newFrom`.
   */
  async function leaderChange(
    endOfEpoch1: { errorCodes?: number[]; leaderEpoch: number; endOffset: bigint },
    newFrom: bigint,
  ) {
    const old = await batch(0n, 1, values('old', 0, 10));
    const fresh = await batch(newFrom, 2, values('new', Number(newFrom), Number(newFrom) + 2));
    const errors = [...(endOfEpoch1.errorCodes ?? [])];
    const script: FakeScript = {
      leaderEpoch: 1,
      exists: true,
      logStart: 0n,
      logEnd: 10n,
      fetch: (f: SeenFetch) => {
        if (f.currentLeaderEpoch === 1) {
          if (f.fetchOffset === 0n) return { records: old };
          script.leaderEpoch = 2;
          script.logStart = newFrom; // (only a reset asks for it again)
          return { errorCode: 6 };
        }
        return f.fetchOffset === newFrom ? { records: fresh, highWatermark: newFrom + 2n } : undefined;
      },
      epochEnd: () => {
        const errorCode = errors.shift();
        return errorCode === undefined ? endOfEpoch1 : { errorCode };
      },
    };
    fake = await fakeLeader(script);
    return fake;
  }

  it('after a leader change with a truncated log, keeps what precedes the end of the epoch and fetches on from there', async () => {
    const f = await leaderChange({ leaderEpoch: 1, endOffset: 7n }, 7n);
    const { logger, lines } = recordingLogger();
    await using consumer = new SimpleConsumer(f.cluster, TOPIC, { logger });
    await until(() => fetchesOf(f.seen).some((x) => x.currentLeaderEpoch === 2), 'a fetch on the new leader');
    const got = await take(consumer, 9);
    expect(got).toEqual([...values('old', 0, 7).map((v, i) => `${v}@${i}/e1`), 'new-7@7/e2', 'new-8@8/e2']);
    expect(await consumer.consume(100)).toBeNull();
    const checks = f.seen.flatMap((s) => (s.api === 'OffsetForLeaderEpoch' ? s.partitions : []));
    expect(checks).toEqual([{ partition: 0, currentLeaderEpoch: 2, leaderEpoch: 1 }]);
    expect(fetchesOf(f.seen).find((x) => x.currentLeaderEpoch === 2)?.fetchOffset).toBe(7n);
    const warning = lines.find((l) => l.level === 'warn' && /truncated/.test(l.msg));
    expect(warning?.fields).toMatchObject({ partition: 0, position: 10n, endOffset: 7n });
    expect(consumer.heldOffsets.get(0)).toBe(8n);
  });

  it('after a leader change without truncation, goes on from its position: nothing lost or repeated', async () => {
    const f = await leaderChange({ leaderEpoch: 1, endOffset: 10n }, 10n);
    await using consumer = new SimpleConsumer(f.cluster, TOPIC);
    const got = await take(consumer, 12);
    expect(got).toEqual([
      ...values('old', 0, 10).map((v, i) => `${v}@${i}/e1`),
      'new-10@10/e2',
      'new-11@11/e2',
    ]);
    expect(await consumer.consume(100)).toBeNull();
    expect(f.seen.filter((s) => s.api === 'OffsetForLeaderEpoch')).toHaveLength(1);
  });

  it('checks again after FENCED_LEADER_EPOCH / NOT_LEADER_OR_FOLLOWER from OffsetForLeaderEpoch', async () => {
    const f = await leaderChange({ errorCodes: [74, 6], leaderEpoch: 1, endOffset: 10n }, 10n);
    await using consumer = new SimpleConsumer(f.cluster, TOPIC);
    const got = await take(consumer, 12);
    expect(got.at(-1)).toBe('new-11@11/e2');
    expect(new Set(got).size).toBe(12);
    expect(f.seen.filter((s) => s.api === 'OffsetForLeaderEpoch')).toHaveLength(3);
  });

  it('when the new leader knows no end for the epoch, resets by autoOffsetReset and logs why', async () => {
    const f = await leaderChange({ leaderEpoch: -1, endOffset: -1n }, 12n);
    const { logger, lines } = recordingLogger();
    await using consumer = new SimpleConsumer(f.cluster, TOPIC, { autoOffsetReset: 'earliest', logger });
    await until(() => fetchesOf(f.seen).some((x) => x.currentLeaderEpoch === 2), 'a fetch on the new leader');
    // The new leader's log starts at 12; the queued records of the lost epoch went with the reset.
    const got = await take(consumer, 2);
    expect(got).toEqual(['new-12@12/e2', 'new-13@13/e2']);
    const reset = lines.find((l) => l.level === 'info' && /no end offset for epoch 1: resetting/.test(l.msg));
    expect(reset?.fields).toMatchObject({ partition: 0, policy: 'earliest' });
    expect(f.seen.filter((s) => s.api === 'ListOffsets').length).toBeGreaterThanOrEqual(2);
  });
});
