import {
  DeserializationError,
  EARLIEST,
  LATEST,
  SimpleConsumer,
  UnknownPartitionError,
} from '@tskafka/consumer';
import { runKafkaTool } from '@tskafka/harness';
import { AbortedError, ClosedError, ConfigurationError, UnknownTopicError } from '@tskafka/network';
import { describe, expect, it } from 'vitest';
import { newTopic } from '../producer/helpers.js';
import { flavours, uniqueName } from '../setup/clusters.js';
import { consumeN, kcatWrite, range, suiteCluster, utf8 } from './helpers.js';

const values = (n: number, prefix = 'm') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** Committed offsets per partition as Kafka's own ConsumerGroupCommand --describe reports them. */
async function describeGroup(
  version: '3.9' | '4',
  bootstrap: string,
  group: string,
): Promise<Map<number, bigint>> {
  const { stdout } = await runKafkaTool(
    version,
    'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
    [...['--bootstrap-server', bootstrap, '--describe', '--group', group]],
  );
  const found = new Map<number, bigint>();
  for (const line of stdout.split('\n')) {
    const cols = line.trim().split(/\s+/);
    // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...
    if (cols[0] === group && /^\d+$/.test(cols[2] ?? '') && /^\d+$/.test(cols[3] ?? ''))
      found.set(Number(cols[2]), BigInt(cols[3] as string));
  }
  return found;
}

describe.each(flavours('kafka3.9-single', 'kafka4-single'))('SimpleConsumer offsets on $name', (kafka) => {
  const use = suiteCluster(kafka.bootstrap);

  it("commits without membership; Kafka's ConsumerGroupCommand sees it; a new consumer resumes there", async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'cons-commit', 2);
    await kcatWrite(kafka.bootstrap, topic, values(10, 'a'), { partition: 0 });
    await kcatWrite(kafka.bootstrap, topic, values(10, 'b'), { partition: 1 });
    const group = uniqueName('cons-group');
    const first = new SimpleConsumer(cluster, topic, {
      consumerGroup: group,
      partitions: [0],
      deserializer: utf8,
    });
    await consumeN(first, 4);
    expect(first.heldOffsets).toEqual(new Map([[0, 3n]]));
    await first.commitOffsets();
    await first.commitOffsets([[0, 4n]]);
    await first.close();
    expect(await describeGroup(kafka.version, kafka.bootstrap, group)).toEqual(new Map([[0, 4n]]));

    await using second = new SimpleConsumer(cluster, topic, { consumerGroup: group, deserializer: utf8 });
    const fetched = await second.fetchOffsets();
    expect(fetched.get(0)?.offset).toBe(4n);
    expect(fetched.get(1)?.offset).toBe(-1n);
    const got = await consumeN(second, 16);
    const p0 = got.filter((m) => m.partitionId === 0).map((m) => m.value);
    const p1 = got.filter((m) => m.partitionId === 1).map((m) => m.value);
    expect(p0).toEqual(values(10, 'a').slice(4)); // resumed at the committed offset
    expect(p1).toEqual(values(10, 'b')); // no commit: autoOffsetReset earliest
  });

  it("stores the last consumed message's leader epoch with a default commit (KIP-320), none with explicit offsets", async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'cons-commit-epoch', 1);
    await kcatWrite(kafka.bootstrap, topic, values(3));
    const group = uniqueName('cons-epoch');
    await using consumer = new SimpleConsumer(cluster, topic, { consumerGroup: group });
    await consumeN(consumer, 2);
    await consumer.commitOffsets();
    const leaderEpoch = cluster.partition(topic, 0).leaderEpoch;
    expect(leaderEpoch).toBeGreaterThanOrEqual(0);
    expect(await consumer.fetchOffsets()).toEqual(new Map([[0, { offset: 2n, metadata: '', leaderEpoch }]]));
    await consumer.commitOffsets([[0, 1n]]);
    expect((await consumer.fetchOffsets()).get(0)).toEqual({ offset: 1n, metadata: '', leaderEpoch: -1 });
  });

  it('auto-commits on an interval and on close', async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'cons-autocommit', 1);
    await kcatWrite(kafka.bootstrap, topic, values(6));
    const group = uniqueName('cons-auto');
    const consumer = new SimpleConsumer(cluster, topic, {
      consumerGroup: group,
      autoCommitEnable: true,
      autoCommitIntervalMs: 200,
    });
    await consumeN(consumer, 2);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await describeGroup(kafka.version, kafka.bootstrap, group)).toEqual(new Map([[0, 2n]]));
    await consumeN(consumer, 3);
    await consumer.close();
    expect(await describeGroup(kafka.version, kafka.bootstrap, group)).toEqual(new Map([[0, 5n]]));
  });

  it('resetOffsets takes N as the last consumed, seek takes N as the next; EARLIEST, LATEST and a Date', async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'cons-reset', 1);
    await kcatWrite(kafka.bootstrap, topic, values(5, 'old'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const boundary = new Date();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await kcatWrite(kafka.bootstrap, topic, values(5, 'new'));
    await using consumer = new SimpleConsumer(cluster, topic, { deserializer: utf8 });
    await consumeN(consumer, 10);

    await consumer.resetOffsets([[0, 3n]]);
    expect(consumer.heldOffsets.get(0)).toBe(3n);
    expect((await consumeN(consumer, 1))[0]?.offset).toBe(4n);

    consumer.seek(0, 3n);
    expect((await consumeN(consumer, 1))[0]?.offset).toBe(3n);

    await consumer.resetOffsets([[0, EARLIEST]]);
    expect((await consumeN(consumer, 1))[0]?.value).toBe('old0');

    await consumer.resetOffsets([[0, boundary]]);
    expect((await consumeN(consumer, 1))[0]?.value).toBe('new0');

    await consumer.resetOffsets([[0, LATEST]]);
    expect(await consumer.consume(300)).toBeNull();
    await kcatWrite(kafka.bootstrap, topic, ['after']);
    expect((await consumeN(consumer, 1))[0]).toMatchObject({ offset: 10n, value: 'after' });
  });

  it('an out-of-range position goes to autoOffsetReset', async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'cons-range', 1);
    await kcatWrite(kafka.bootstrap, topic, values(3));
    await using consumer = new SimpleConsumer(cluster, topic, { deserializer: utf8 });
    await consumer.ready();
    consumer.seek(0, 1_000n);
    expect((await consumeN(consumer, 3)).map((m) => m.offset)).toEqual(range(3));
  });

  it('stops fetching at queuedMaxMessages and still reads everything once', async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'cons-bounded', 1);
    const total = 3_000;
    await kcat(kafka.bootstrap, topic, total);
    await using consumer = new SimpleConsumer(cluster, topic, {
      queuedMaxMessages: 100,
      fetchMessageMaxBytes: 2_048,
    });
    await consumer.ready();
    // Filled to the bound (waited for: a loaded machine may need more than a few fetches' time)...
    await expect.poll(() => consumer.queuedMessages, { timeout: 10_000 }).toBeGreaterThanOrEqual(100);
    // ...and no further: one fetch may add up to fetchMessageMaxBytes (batches of at most 10 here).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(consumer.queuedMessages).toBeLessThan(130);
    const got = await consumeN(consumer, total);
    expect(got.map((m) => m.offset)).toEqual(range(total));
  });

  it('pause stops a partition, resume continues it; heldOffsets follow consumption', async () => {
    const cluster = use();
    const topic = await newTopic(cluster, 'cons-pause', 2);
    await using consumer = new SimpleConsumer(cluster, topic, { deserializer: utf8 });
    await consumer.ready();
    consumer.pause([1]);
    await kcatWrite(kafka.bootstrap, topic, ['x0'], { partition: 0 });
    await kcatWrite(kafka.bootstrap, topic, ['y0'], { partition: 1 });
    expect((await consumeN(consumer, 1))[0]?.value).toBe('x0');
    expect(await consumer.consume(500)).toBeNull();
    consumer.resume([1]);
    expect((await consumeN(consumer, 1))[0]?.value).toBe('y0');
    expect(consumer.heldOffsets).toEqual(
      new Map([
        [0, 0n],
        [1, 0n],
      ]),
    );
  });

  it('bad input gives typed errors and the consumer stays usable', async () => {
    const cluster = use();
    await expect(new SimpleConsumer(cluster, uniqueName('missing')).ready()).rejects.toBeInstanceOf(
      UnknownTopicError,
    );
    const topic = await newTopic(cluster, 'cons-bad', 1);
    await expect(new SimpleConsumer(cluster, topic, { partitions: [5] }).ready()).rejects.toBeInstanceOf(
      UnknownPartitionError,
    );
    expect(() => new SimpleConsumer(cluster, topic, { queuedMaxMessages: -1 })).toThrow(ConfigurationError);
    await kcatWrite(kafka.bootstrap, topic, ['ok0', 'bad', 'ok2']);
    const consumer = new SimpleConsumer(cluster, topic, {
      deserializer: (v, k) => {
        if (v?.toString() === 'bad') throw new Error('cannot parse');
        return [v?.toString() ?? null, k] as const;
      },
    });
    expect((await consumer.consume(10_000))?.value).toBe('ok0');
    const error = await consumer.consume(10_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeserializationError);
    expect((error as DeserializationError).offset).toBe(1n);
    expect((error as DeserializationError).value?.toString()).toBe('bad');
    expect((await consumer.consume(10_000))?.value).toBe('ok2');
    expect(() => consumer.seek(3, 0n)).toThrow(UnknownPartitionError);
    const abort = new AbortController();
    const waiting = consumer.consume(-1, abort.signal);
    setTimeout(() => abort.abort(), 200);
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    await expect(consumer.commitOffsets()).rejects.toBeInstanceOf(ConfigurationError);
    await consumer.close();
    await expect(consumer.consume(0)).rejects.toBeInstanceOf(ClosedError);
  });
});

/** Writes `count` small messages in batches of at most 10 (so one fetch adds few messages). */
async function kcat(bootstrap: string, topic: string, count: number): Promise<void> {
  const { kcat: run } = await import('@tskafka/harness');
  await run(['-b', bootstrap, '-P', '-t', topic, '-X', 'batch.num.messages=10', '-X', 'acks=all'], {
    input: `${values(count).join('\n')}\n`,
    timeoutMs: 120_000,
  });
}
