import { AbortedError, ClosedError, ConfigurationError, UnknownTopicError } from '@tskafka/network';
import { Producer, ProducerQueueFullError, SerializationError } from '@tskafka/producer';
import { KafkaProtocolError } from '@tskafka/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { flavours, uniqueName } from '../setup/clusters.js';
import { settle } from '../setup/leaks.js';
import { kcatReadAll, newTopic, openCluster, suiteCluster } from './helpers.js';

describe.each(flavours('kafka3.9-single', 'kafka4-single'))('Producer bad input on $name', (kafka) => {
  const cluster = suiteCluster(kafka.bootstrap);
  let topic: string;
  beforeAll(async () => {
    topic = await newTopic(cluster(), 'prod-bad', 2);
  });

  it('rejects with ProducerQueueFullError when full and not blocking; the queued ones still arrive', async () => {
    await using producer = new Producer(cluster(), topic, {
      maxQueuedMessages: 10,
      blockOnQueueFull: false,
      lingerMs: 200,
    });
    const accepted = Array.from({ length: 10 }, (_, i) => producer.produce(`q${i}`, { partition: 0 }));
    await expect(producer.produce('overflow', { partition: 0 })).rejects.toBeInstanceOf(
      ProducerQueueFullError,
    );
    const results = await Promise.all(accepted);
    expect(results.map((r) => r.offset)).toEqual(results.map((_, i) => results[0]!.offset + BigInt(i)));
    // Room again once acknowledged.
    await expect(producer.produce('after', { partition: 0 })).resolves.toMatchObject({ partition: 0 });
  });

  it('blocks when full and blocking, then sends in order once room frees up', async () => {
    const own = await newTopic(cluster(), 'prod-block', 1);
    await using producer = new Producer(cluster(), own, { maxQueuedMessages: 5, lingerMs: 100 });
    const order: number[] = [];
    const all = Array.from({ length: 23 }, (_, i) =>
      producer.produce(`b${i}`).then((r) => {
        order.push(i);
        return r;
      }),
    );
    await settle();
    expect(producer.pendingMessages).toBe(5);
    const results = await Promise.all(all);
    expect(order).toEqual(order.map((_, i) => i));
    expect(results.map((r) => r.offset)).toEqual(results.map((_, i) => BigInt(i)));
    const read = await kcatReadAll(kafka.bootstrap, own, 23);
    expect(read.map((m) => m.payload)).toEqual(results.map((_, i) => `b${i}`));
  });

  it('refuses an oversize record with MESSAGE_TOO_LARGE; the rest of the batch is unaffected', async () => {
    const own = await newTopic(cluster(), 'prod-large', 1);
    await using producer = new Producer(cluster(), own, { maxRequestSize: 5_000, lingerMs: 50 });
    const before = producer.produce('small-1');
    const big = producer.produce(Buffer.alloc(10_000));
    const after = producer.produce('small-2');
    const error = await big.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KafkaProtocolError);
    expect((error as KafkaProtocolError).errorName).toBe('MESSAGE_TOO_LARGE');
    expect((await before).offset).toBe(0n);
    expect((await after).offset).toBe(1n);
  });

  it('surfaces the broker MESSAGE_TOO_LARGE for a record over the topic limit, typed', async () => {
    const own = await newTopic(cluster(), 'prod-broker-large', 1, 1, { 'max.message.bytes': '2000' });
    await using producer = new Producer(cluster(), own, { maxRetries: 1 });
    const error = await producer.produce(Buffer.alloc(5_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KafkaProtocolError);
    expect((error as KafkaProtocolError).errorName).toMatch(/MESSAGE_TOO_LARGE|RECORD_LIST_TOO_LARGE/);
    await expect(producer.produce('fine')).resolves.toMatchObject({ offset: 0n });
  });

  it('resends a merged batch the topic refuses as too large in halves, in order', async () => {
    const own = await newTopic(cluster(), 'prod-halves', 1, 1, { 'max.message.bytes': '3000' });
    await using producer = new Producer(cluster(), own, { lingerMs: 50 });
    const values = Array.from(
      { length: 120 },
      (_, i) => `half-${String(i).padStart(3, '0')}-${'z'.repeat(80)}`,
    );
    const results = await Promise.all(values.map((v) => producer.produce(v)));
    expect(results.map((r) => r.offset)).toEqual(values.map((_, i) => BigInt(i)));
    const read = await kcatReadAll(kafka.bootstrap, own, values.length);
    expect(read.map((m) => m.payload)).toEqual(values);
  });

  it('flush sends at once; an aborted signal rejects it with AbortedError', async () => {
    await using producer = new Producer(cluster(), topic, { lingerMs: 60_000 });
    const pending = producer.produce('flushed', { partition: 1 });
    await expect(producer.flush(AbortSignal.abort('stop'))).rejects.toBeInstanceOf(AbortedError);
    const started = Date.now();
    await producer.flush();
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(pending).resolves.toMatchObject({ partition: 1 });
  });

  it('rejects an unknown topic with UnknownTopicError', async () => {
    await using producer = new Producer(cluster(), uniqueName('no-such-topic'));
    await expect(producer.produce('x')).rejects.toBeInstanceOf(UnknownTopicError);
  });

  it('rejects values it cannot serialize and bad arguments, typed', async () => {
    await using producer = new Producer<unknown, unknown>(cluster(), topic);
    await expect(producer.produce({ not: 'bytes' })).rejects.toBeInstanceOf(SerializationError);
    await expect(producer.produce('v', { partitionKey: 42 })).rejects.toBeInstanceOf(SerializationError);
    await expect(producer.produce('v', { partition: 99 })).rejects.toBeInstanceOf(ConfigurationError);
    await expect(producer.produce('v', { timestamp: Number.NaN })).rejects.toBeInstanceOf(ConfigurationError);
    const throwing = new Producer(cluster(), topic, {
      serializer: () => {
        throw new Error('boom');
      },
    });
    await expect(throwing.produce('v')).rejects.toBeInstanceOf(SerializationError);
    await throwing.close();
    expect(() => new Producer(cluster(), topic, { lingerMs: -1 })).toThrow(ConfigurationError);
    expect(() => new Producer(cluster(), topic, { requiredAcks: 1, transactionalId: 't' })).toThrow(
      ConfigurationError,
    );
  });

  it('rejects produce after close with ClosedError and leaves no socket or timer behind', async () => {
    await settle();
    const before = process.getActiveResourcesInfo();
    const own = openCluster(kafka.bootstrap);
    const producer = new Producer(own, topic, { lingerMs: 30, compression: 'zstd' });
    await Promise.all(Array.from({ length: 100 }, (_, i) => producer.produce(`leak-${i}`)));
    const pending = producer.produce('last one, sent by close');
    await producer.close();
    await expect(pending).resolves.toMatchObject({ topic });
    await expect(producer.produce('late')).rejects.toBeInstanceOf(ClosedError);
    await own.close();
    await settle();
    const left = [...before];
    const leaked = process.getActiveResourcesInfo().filter((r) => {
      const i = left.indexOf(r);
      if (i < 0) return true;
      left.splice(i, 1);
      return false;
    });
    expect(leaked).toEqual([]);
  });
});
