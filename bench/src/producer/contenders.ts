import { createRequire } from 'node:module';
import { Producer as PlatformaticProducer } from '@platformatic/kafka';
import { BENCHMARK_JVM_ARGS, kcat, runKafkaTool } from '@tskafka/harness';
import { Cluster } from '@tskafka/network';
import { Producer } from '@tskafka/producer';
import { apis, CompressionCodec, encodeRecordBatch } from '@tskafka/protocol';
import type { Run } from '../table.js';

const require = createRequire(import.meta.url);
const kafkajs = require('kafkajs') as typeof import('kafkajs');
const LZ4Codec = require('kafkajs-lz4') as new () => { codec: unknown };
const codecs = kafkajs.CompressionCodecs as Record<number, unknown>;
codecs[kafkajs.CompressionTypes.LZ4] = new LZ4Codec().codec;

/** One produce workload: record count and size, acks, codec. */
export interface Workload {
  count: number;
  size: number;
  acks: 1 | -1;
  lz4: boolean;
}

/** A producer under test. */
export interface Contender {
  library: string;
  produce(bootstrap: string, topic: string, w: Workload, version: '3.9' | '4'): Promise<Run>;
}

/** Records handed to batch-oriented peers per send() call, and such calls kept in flight. */
const PEER_BATCH = 1_000;
const PEER_CONCURRENCY = 4;
/** Requests in flight for tskafka and the ceiling (Java's default max.in.flight too). */
const IN_FLIGHT = 5;
/** Records tskafka keeps pending (well under maxQueuedMessages and, at 1 KiB, maxQueuedBytes). */
const WINDOW = 20_000;
/**
 * tskafka's (and the Java tool's) batch.size. It does not cap tskafka's requests: batches queued
 * behind the one in flight are merged up to maxRequestSize (1 MB), so when records pile up, as
 * here, every request carries about 1 MB, as the peers' 1 000-record sends do at 1 KiB.
 */
const BATCH_BYTES = 65_536;

async function timed(work: () => Promise<void>): Promise<Run> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await work();
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { seconds, cpuMs: (used.user + used.system) / 1000 };
}

/** Runs `send(from, to)` over the records in chunks, `PEER_CONCURRENCY` at a time. */
async function chunked(count: number, send: (n: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = Math.min(PEER_BATCH, count - next);
      next += n;
      await send(n);
    }
  };
  await Promise.all(Array.from({ length: PEER_CONCURRENCY }, worker));
}

const hosts = (bootstrap: string) =>
  bootstrap.split(',').map((hp) => ({ host: hp.split(':')[0] ?? '', port: Number(hp.split(':')[1]) }));

export const tskafka: Contender = {
  library: 'tskafka',
  async produce(bootstrap, topic, w) {
    const cluster = new Cluster({ bootstrap: hosts(bootstrap), clientId: 'bench' });
    const value = Buffer.alloc(w.size, 120);
    const producer = new Producer(cluster, topic, {
      requiredAcks: w.acks === -1 ? 'all' : 1,
      compression: w.lz4 ? 'lz4' : 'none',
      batchSize: BATCH_BYTES,
      lingerMs: 5,
      // Without idempotence (acks 1) the default is one batch per partition in flight, which
      // keeps order through retries. The peers keep PEER_CONCURRENCY sends in flight and Java's
      // tool 5 requests, all free to reorder on a retry: tskafka gets the same allowance here.
      // With acks all it is idempotent, and 5 is its default.
      maxInFlightPerPartition: IN_FLIGHT,
    });
    await producer.produce(value); // connect and fetch metadata outside the timing
    const run = await timed(async () => {
      // A ring of the last WINDOW promises; the oldest is awaited once per PEER_BATCH records, as
      // the peers await one send() per PEER_BATCH records. It resolved after every record before
      // it (one partition), so at most WINDOW + PEER_BATCH are pending. A rejection of a promise
      // nobody awaits is an unhandled rejection: it stops the benchmark.
      const ring: Promise<unknown>[] = new Array(WINDOW);
      for (let i = 0; i < w.count; i++) {
        const slot = i % WINDOW;
        if (i >= WINDOW && i % PEER_BATCH === 0) await ring[slot];
        ring[slot] = producer.produce(value);
      }
      await Promise.all(ring.filter((p) => p !== undefined));
    });
    await producer.close();
    await cluster.close();
    return run;
  },
};

export const kafkaJs: Contender = {
  library: 'kafkajs',
  async produce(bootstrap, topic, w) {
    const client = new kafkajs.Kafka({ brokers: bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING });
    const producer = client.producer({ idempotent: false, allowAutoTopicCreation: false });
    await producer.connect();
    const value = Buffer.alloc(w.size, 120);
    const compression = w.lz4 ? kafkajs.CompressionTypes.LZ4 : kafkajs.CompressionTypes.None;
    await producer.send({ topic, acks: w.acks, messages: [{ value }] });
    const run = await timed(() =>
      chunked(w.count, (n) =>
        producer.send({
          topic,
          acks: w.acks,
          compression,
          messages: Array.from({ length: n }, () => ({ value })),
        }),
      ),
    );
    await producer.disconnect();
    return run;
  },
};

export const platformatic: Contender = {
  library: '@platformatic/kafka',
  async produce(bootstrap, topic, w) {
    const producer = new PlatformaticProducer({
      clientId: 'bench',
      bootstrapBrokers: bootstrap.split(','),
      acks: w.acks,
      compression: w.lz4 ? 'lz4' : 'none',
      idempotent: false,
    });
    const value = Buffer.alloc(w.size, 120);
    await producer.send({ messages: [{ topic, value }] });
    const run = await timed(() =>
      chunked(w.count, (n) =>
        producer.send({ messages: Array.from({ length: n }, () => ({ topic, value })) }),
      ),
    );
    await producer.close();
    return run;
  },
};

/**
 * What the broker can take on this machine: one record batch of PEER_BATCH records, encoded once
 * before the timing, sent over and over in Produce requests (five in flight on one connection,
 * as the others get). Its client work is next to nothing, so no client can go much faster; a
 * peer that reaches it leaves no room for a ratio.
 */
export const brokerCeiling: Contender = {
  library: 'ceiling: one pre-encoded batch resent',
  async produce(bootstrap, topic, w) {
    const cluster = new Cluster({ bootstrap: hosts(bootstrap), clientId: 'bench' });
    await cluster.refresh([topic]);
    const connection = await cluster.leaderFor(topic, 0).connection();
    const value = Buffer.alloc(w.size, 120);
    const records = Array.from({ length: PEER_BATCH }, () => ({ value }));
    const compression = w.lz4 ? CompressionCodec.Lz4 : CompressionCodec.None;
    const batch = await encodeRecordBatch(records, { compression });
    const body = {
      transactionalId: null,
      acks: w.acks,
      timeoutMs: 30_000,
      topicData: [{ name: topic, partitionData: [{ index: 0, records: batch }] }],
    };
    const send = async () => {
      const response = await connection.request(apis.Produce, body, { maxVersion: 12 });
      const code = response.responses[0]?.partitionResponses[0]?.errorCode;
      if (code !== 0) throw new Error(`ceiling produce failed with error code ${code}`);
    };
    const sends = Math.ceil(w.count / PEER_BATCH);
    const run = await timed(async () => {
      let next = 0;
      const lane = async () => {
        while (next++ < sends) await send();
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    });
    await cluster.close();
    return run;
  },
};

export const kcatTool: Contender = {
  library: 'kcat (librdkafka 2.0.2, incl. process start)',
  async produce(bootstrap, topic, w) {
    const line = `${'x'.repeat(w.size)}\n`;
    const input = line.repeat(w.count);
    const start = performance.now();
    await kcat(
      [
        ...['-b', bootstrap, '-P', '-t', topic, '-z', w.lz4 ? 'lz4' : 'none'],
        ...['-X', `acks=${w.acks === -1 ? 'all' : '1'}`, '-X', 'linger.ms=5'],
      ],
      { input, timeoutMs: 300_000 },
    );
    return { seconds: (performance.now() - start) / 1000, cpuMs: null };
  },
};

export const javaPerf: Contender = {
  library: 'Java ProducerPerformance (its own timing)',
  async produce(bootstrap, topic, w, version) {
    const { stdout } = await runKafkaTool(
      version,
      'org.apache.kafka.tools.ProducerPerformance',
      [
        ...['--topic', topic, '--num-records', String(w.count), '--record-size', String(w.size)],
        ...['--throughput', '-1', '--producer-props', `bootstrap.servers=${bootstrap}`],
        `acks=${w.acks === -1 ? 'all' : '1'}`,
        `compression.type=${w.lz4 ? 'lz4' : 'none'}`,
        `batch.size=${BATCH_BYTES}`,
        'linger.ms=5',
      ],
      { timeoutMs: 300_000, jvmArgs: BENCHMARK_JVM_ARGS },
    );
    const last = stdout.trim().split('\n').pop() ?? '';
    const match = /([\d.]+) records\/sec/.exec(last);
    if (match === null) throw new Error(`cannot parse ProducerPerformance output: ${last}`);
    return { seconds: w.count / Number(match[1]), cpuMs: null };
  },
};
