import { encodeRecordBatch } from '@tskafka/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { SimpleConsumer } from './simple-consumer.js';
import { type FakeLeader, type FakeScript, fakeLeader, TOPIC } from './test-support/fake-leader.js';

let fake: FakeLeader | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('SimpleConsumer placement (scripted broker)', () => {
  it('keeps refreshing metadata while one partition has no leader, and fetches it once it has one', async () => {
    const logs = [
      await encodeRecordBatch([{ value: 'p0' }], { baseOffset: 0n }),
      await encodeRecordBatch([{ value: 'p1' }], { baseOffset: 0n }),
    ];
    let lookups = 0;
    let moved = false;
    const script: FakeScript = {
      leaderEpoch: 0,
      exists: true,
      partitions: 2,
      // After partition 1's leader steps down, two metadata answers show its election running.
      leader: (p) => (p === 1 && moved && ++lookups <= 2 ? -1 : 0),
      logStart: 0n,
      logEnd: 1n,
      fetch: (f) => {
        if (f.partition === 1 && !moved) {
          moved = true;
          return { errorCode: 6 }; // NOT_LEADER_OR_FOLLOWER
        }
        return f.fetchOffset === 0n ? { records: logs[f.partition] } : undefined;
      },
    };
    fake = await fakeLeader(script);
    await using consumer = new SimpleConsumer(fake.cluster, TOPIC);
    const got = [await consumer.consume(5_000), await consumer.consume(5_000)];
    expect(got.map((m) => m?.value?.toString()).sort()).toEqual(['p0', 'p1']);
    expect(lookups).toBeGreaterThan(2);
  });
});
