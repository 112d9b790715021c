import { randomBytes } from 'node:crypto';
import { tracingChannel } from 'node:diagnostics_channel';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeserializationError, type Message, SimpleConsumer } from '@tskafka/consumer';
import { ConfigurationError, Connection, type RequestTraceContext } from '@tskafka/network';
import { describe, expect, it, vi } from 'vitest';
import { kcatReadAll, newTopic } from '../producer/helpers.js';
import { flavours } from '../setup/clusters.js';
import { consumeN, kcatWrite, LONG_RUN, offsetsByPartition, range, suiteCluster, utf8 } from './helpers.js';

describe.each(flavours('kafka3.9-single', 'kafka4-single'))('SimpleConsumer on $name', (kafka) => {
  const use = suiteCluster(kafka.bootstrap);

  it("PyKafka's README scenario: 4 messages written by kcat come back in order with offsets 0..3", async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'cons-readme', 1);
    await kcatWrite(kafka.bootstrap, topic, [
      'test message 0',
      'test message 1',
      'test message 2',
      'test message 3',
    ]);
    await using consumer = new SimpleConsumer(cluster, topic, { deserializer: utf8 });
    const got = await consumeN(consumer, 4);
    expect(got.map((m) => [m.offset, m.value])).toEqual([
      [0n, 'test message 0'],
      [1n, 'test message 1'],
      [2n, 'test message 2'],
      [3n, 'test message 3'],
    ]);
    expect(got.every((m) => m.partitionId === 0 && m.timestamp > 0)).toBe(true);
    expect(await consumer.consume(300)).toBeNull();
  });

  it('poll() takes what is queued in one call; a deserializer error mid-batch keeps the messages before it', async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'cons-poll', 1);
    await kcatWrite(kafka.bootstrap, topic, ['v0', 'v1', 'v2', 'v3', 'v4', 'bad', 'v6', 'v7']);
    await using consumer = new SimpleConsumer(cluster, topic, {
      deserializer: (v, k) => {
        if (v?.toString() === 'bad') throw new Error('cannot parse');
        return [v?.toString() ?? null, k] as const;
      },
    });
    await expect(consumer.poll(0, 0)).rejects.toBeInstanceOf(ConfigurationError);
    await consumer.ready();
    for (let i = 0; i < 100 && consumer.queuedMessages < 8; i++) await sleep(100);
    const values = async (max?: number) => (await consumer.poll(0, max)).map((m) => [m.offset, m.value]);
    expect(await values(3)).toEqual([
      [0n, 'v0'],
      [1n, 'v1'],
      [2n, 'v2'],
    ]);
    expect(await values()).toEqual([
      [3n, 'v3'],
      [4n, 'v4'],
    ]);
    // until its error is thrown, the bad message counts as unread
    expect(consumer.heldOffsets).toEqual(new Map([[0, 4n]]));
    const error = await consumer.poll(0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeserializationError);
    expect((error as DeserializationError).offset).toBe(5n);
    expect(await values()).toEqual([
      [6n, 'v6'],
      [7n, 'v7'],
    ]);
    expect(await consumer.poll(200)).toEqual([]);
    expect(consumer.heldOffsets).toEqual(new Map([[0, 7n]]));
  });

  it('a deserializer error held by poll() survives a close before the next call: the commit stops before its message', async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'cons-poll-held', 1);
    await kcatWrite(kafka.bootstrap, topic, ['v0', 'v1', 'bad', 'v3']);
    const options = {
      consumerGroup: `${topic}-group`,
      autoOffsetReset: 'earliest' as const,
      deserializer: (v: Buffer | null, k: Buffer | null) => {
        if (v?.toString() === 'bad') throw new Error('cannot parse');
        return [v?.toString() ?? null, k] as const;
      },
    };
    const first = new SimpleConsumer(cluster, topic, options);
    await first.ready();
    for (let i = 0; i < 100 && first.queuedMessages < 4; i++) await sleep(100);
    expect((await first.poll(0)).map((m) => m.value)).toEqual(['v0', 'v1']);
    await first.commitOffsets();
    await first.close();
    await using second = new SimpleConsumer(cluster, topic, options);
    const error = await second.poll(10_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeserializationError);
    expect((error as DeserializationError).offset).toBe(2n);
    expect((await second.poll(10_000)).map((m) => m.value)).toEqual(['v3']);
  });

  it('carries keys, headers and timestamps as kcat wrote them', async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'cons-fields', 1);
    const { kcat } = await import('@tskafka/harness');
    await kcat(['-b', kafka.bootstrap, '-P', '-t', topic, '-K', ':', '-H', 'h1=one', '-H', 'h2=two'], {
      input: 'k1:v1\nk2:v2\n',
    });
    await using consumer = new SimpleConsumer(cluster, topic);
    const got = await consumeN(consumer, 2);
    expect(got.map((m) => [m.key?.toString(), m.value?.toString()])).toEqual([
      ['k1', 'v1'],
      ['k2', 'v2'],
    ]);
    expect(got[0]?.headers.map((h) => [h.key, h.value?.toString()])).toEqual([
      ['h1', 'one'],
      ['h2', 'two'],
    ]);
  });

  it.each(['none', 'gzip', 'snappy', 'lz4', 'zstd'])(
    'reads every message of 12 partitions exactly once (kcat, %s)',
    async (codec) => {
      const cluster = use();
      const topic = await newTopic(cluster, `cons-many-${codec}`, 12);
      const perPartition = LONG_RUN ? 83_334 : 500; // 1 000 008 messages in the long run
      await Promise.all(
        range(12).map((p) =>
          kcatWrite(
            kafka.bootstrap,
            topic,
            range(perPartition).map((i) => `p${p}-${i}`),
            { partition: Number(p), codec },
          ),
        ),
      );
      await using consumer = new SimpleConsumer(cluster, topic, {
        deserializer: utf8,
        queuedMaxMessages: 200,
      });
      const got = await consumeN(consumer, 12 * perPartition);
      const offsets = offsetsByPartition(got);
      expect([...offsets.keys()].sort((a, b) => a - b)).toEqual(range(12).map(Number));
      for (const [p, list] of offsets) expect(list, `partition ${p}`).toEqual(range(perPartition));
      // Values agree with what librdkafka reads at the same offsets.
      const truth = await kcatReadAll(kafka.bootstrap, topic, 12 * perPartition);
      const want = new Map(truth.map((r) => [`${r.partition}/${r.offset}`, r.payload]));
      const wrong = got.filter((m) => want.get(`${m.partitionId}/${m.offset}`) !== m.value);
      expect(wrong.slice(0, 3).map((m) => [m.partitionId, m.offset, m.value])).toEqual([]);
      expect(await consumer.consume(300)).toBeNull();
    },
  );

  it.each([
    ['every partition compressed', ['lz4', 'zstd', 'gzip', 'snappy']],
    ['compressed and plain partitions', ['none', 'lz4', 'none', 'zstd']],
  ])('values stay intact while the memory of answers is read into again (%s)', async (_name, codecs) => {
    const cluster = use();
    const topic = await newTopic(cluster, `cons-recycle-${codecs.join('-')}`, 4);
    const perPartition = 1_500;
    // incompressible values, so that the answers are large (memory of their own, not Node's pool)
    const values = codecs.map((_, p) =>
      Array.from({ length: perPartition }, (_, i) => `p${p}-${i}-${randomBytes(600).toString('base64')}`),
    );
    await Promise.all(
      codecs.map((codec, p) =>
        kcatWrite(kafka.bootstrap, topic, values[p] as string[], { partition: p, codec }),
      ),
    );
    const recycled = vi.spyOn(Connection.prototype, 'recycleResponseMemory');
    try {
      // small answers: many of them, each read into the memory of one before it where allowed
      await using consumer = new SimpleConsumer(cluster, topic, { fetchMessageMaxBytes: 131_072 });
      const kept: Message[] = [];
      for (let i = 0; i < 1_000 && kept.length < 4 * perPartition; i++)
        kept.push(...(await consumer.poll(10_000)));
      expect(kept).toHaveLength(4 * perPartition);
      // Checked at the end: a value left in reused memory would now show a later answer's bytes.
      // The truth is what librdkafka reads at each offset (kcat may write a retried batch after
      // the next one), and it must be the values written.
      const truth = await kcatReadAll(kafka.bootstrap, topic, 4 * perPartition);
      const want = new Map(truth.map((r) => [`${r.partition}/${r.offset}`, r.payload]));
      expect(new Set(want.values())).toEqual(new Set(values.flat()));
      const wrong = kept.filter((m) => want.get(`${m.partitionId}/${m.offset}`) !== m.value?.toString());
      expect(wrong.length, `first wrong: ${wrong[0]?.partitionId}/${wrong[0]?.offset}`).toBe(0);
      if (!codecs.includes('none')) expect(recycled).toHaveBeenCalled();
    } finally {
      recycled.mockRestore();
    }
  });

  it('autoOffsetReset latest skips what is there; explicit partitions limit what is read', async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'cons-latest', 3);
    await kcatWrite(kafka.bootstrap, topic, ['old'], { partition: 1 });
    await using consumer = new SimpleConsumer(cluster, topic, {
      autoOffsetReset: 'latest',
      partitions: [1],
      deserializer: utf8,
    });
    await consumer.ready();
    expect(consumer.partitions).toEqual([1]);
    await kcatWrite(kafka.bootstrap, topic, ['not mine'], { partition: 2 });
    await kcatWrite(kafka.bootstrap, topic, ['new'], { partition: 1 });
    const [m] = await consumeN(consumer, 1);
    expect([m?.partitionId, m?.offset, m?.value]).toEqual([1, 1n, 'new']);
    expect(await consumer.consume(300)).toBeNull();
  });

  it('keeps a KIP-227 incremental fetch session: later answers list only the partitions with news', async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'cons-session', 12);
    const answers: { sessionId: number; partitions: number }[] = [];
    const channel = tracingChannel<unknown, RequestTraceContext>('tskafka:request');
    const ignore = () => {};
    const subscriber = {
      start: ignore,
      end: ignore,
      asyncStart: ignore,
      error: ignore,
      asyncEnd(context: RequestTraceContext) {
        const body = context.result as
          | { sessionId?: number; responses?: { partitions: unknown[] }[] }
          | undefined;
        if (context.api !== 'Fetch' || body?.responses === undefined) return;
        const partitions = body.responses.reduce((n, t) => n + t.partitions.length, 0);
        answers.push({ sessionId: body.sessionId ?? 0, partitions });
      },
    };
    channel.subscribe(subscriber);
    try {
      await using consumer = new SimpleConsumer(cluster, topic, { fetchWaitMaxMs: 50, deserializer: utf8 });
      await consumer.ready();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await kcatWrite(kafka.bootstrap, topic, ['only here'], { partition: 7 });
      const [m] = await consumeN(consumer, 1);
      expect([m?.partitionId, m?.value]).toEqual([7, 'only here']);
    } finally {
      channel.unsubscribe(subscriber);
    }
    // The first answer is full (all 12); within the session idle polls list none and the write lists one.
    expect(answers[0]?.partitions).toBe(12);
    const incremental = answers.slice(1);
    expect(incremental.length).toBeGreaterThan(0);
    expect(incremental.every((a) => a.sessionId !== 0 && a.sessionId === answers[0]?.sessionId)).toBe(true);
    expect(incremental.some((a) => a.partitions === 1)).toBe(true);
    expect(incremental.every((a) => a.partitions <= 1)).toBe(true);
  });
});
