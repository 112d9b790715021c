import { encodeRecordBatch, KafkaChecksumError } from '@tskafka/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { SimpleConsumer } from './simple-consumer.js';
import { type FakeLeader, fakeLeader, fetchesOf, TOPIC, until } from './test-support/fake-leader.js';

let fake: FakeLeader | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const batch = (values: string[], baseOffset: bigint) =>
  encodeRecordBatch(
    values.map((value) => ({ value })),
    { baseOffset, partitionLeaderEpoch: 0 },
  );

describe('fetching ahead of decoding (scripted broker)', () => {
  it('a batch that fails its checksum after the next Fetch went out: the position goes back, nothing after it is delivered', async () => {
    const good = await batch(['a', 'b'], 0n);
    const bad = Buffer.from(await batch(['c', 'd'], 2n));
    bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 0xff; // the headers still read fine
    const after = await batch(['e'], 4n);
    fake = await fakeLeader({
      leaderEpoch: 0,
      exists: true,
      logStart: 0n,
      logEnd: 5n,
      fetch: (f) =>
        f.fetchOffset === 0n
          ? { records: good }
          : f.fetchOffset === 2n
            ? { records: bad }
            : f.fetchOffset === 4n
              ? { records: after }
              : undefined,
    });
    const consumer = new SimpleConsumer(fake.cluster, TOPIC);
    expect((await consumer.consume(5_000))?.value?.toString()).toBe('a');
    expect((await consumer.consume(5_000))?.value?.toString()).toBe('b');
    await expect(consumer.consume(5_000)).rejects.toBeInstanceOf(KafkaChecksumError);
    const offsets = () => fetchesOf(fake?.seen ?? []).map((f) => f.fetchOffset);
    // The Fetch at 4 went out while 2-3 were decoded (fetching ahead), before their checksum failed.
    await until(() => offsets().includes(4n), 'the fetch ahead at 4');
    expect(offsets().slice(0, 3)).toEqual([0n, 2n, 4n]);
    // Retried after the backoff from 2 again, not from 4.
    await until(() => offsets().lastIndexOf(2n) > offsets().indexOf(4n), 'a fetch at 2 after the one at 4');
    const next = await consumer.consume(300).catch((e: unknown) => e);
    expect(next === null || next instanceof KafkaChecksumError).toBe(true);
    expect(consumer.heldOffsets.get(0)).toBe(1n);
    await consumer.close();
  });

  it('records being decoded count against queuedMaxMessages: no Fetch ahead for a partition they would fill', async () => {
    const first = await batch(['a', 'b', 'c'], 0n);
    const second = await batch(['d', 'e', 'f'], 3n);
    fake = await fakeLeader({
      leaderEpoch: 0,
      exists: true,
      logStart: 0n,
      logEnd: 6n,
      fetch: (f) =>
        f.fetchOffset === 0n ? { records: first } : f.fetchOffset === 3n ? { records: second } : undefined,
    });
    const consumer = new SimpleConsumer(fake.cluster, TOPIC, { queuedMaxMessages: 3 });
    await consumer.ready();
    const offsets = () => fetchesOf(fake?.seen ?? []).map((f) => f.fetchOffset);
    await until(() => consumer.queuedMessages === 3, 'the first three records queued');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(offsets()).toEqual([0n]); // nothing fetched ahead while those three were decoded
    expect((await consumer.consume(5_000))?.offset).toBe(0n);
    await until(() => offsets().includes(3n), 'the fetch at 3 once consume() made room');
    expect(
      (await Promise.all([1, 2, 3, 4, 5].map(() => consumer.consume(5_000)))).map((m) => m?.offset),
    ).toEqual([1n, 2n, 3n, 4n, 5n]);
    await consumer.close();
  });
});
