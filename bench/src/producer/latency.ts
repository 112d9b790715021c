/**
 * Produce acknowledgement latency at a fixed offered rate: half of tskafka's measured maximum
 * (100-byte records, acks=all, one partition, one Kafka 4.x broker from the harness), the same
 * rate for every library. Each library is driven by one pacer: every millisecond the records now
 * due go out (tskafka: one produce() per record, its natural API; KafkaJS and
 * @platformatic/kafka: one send() with the records due in that tick). A record's latency runs
 * from the moment it was due, not from when it left, so a library that falls behind shows it
 * (no coordinated omission). Kafka's ProducerPerformance runs with `--throughput` at the same
 * rate and reports its own percentiles. kcat reports no latencies and is left out.
 *
 *   pnpm --filter @tskafka/bench producer:latency [seconds]
 */
import { createRequire } from 'node:module';
import { Producer as PlatformaticProducer } from '@platformatic/kafka';
import { BENCHMARK_JVM_ARGS, runKafkaTool, startKafka } from '@tskafka/harness';
import { Admin, Cluster } from '@tskafka/network';
import { Producer } from '@tskafka/producer';
import { printTable } from '../table.js';
import { tskafka as tskafkaThroughput } from './tskafka.js';

const require = createRequire(import.meta.url);
const kafkajs = require('kafkajs') as typeof import('kafkajs');

const SECONDS = Number(process.argv[2] ?? 10);
const WARMUP_SECONDS = 2;
const SIZE = 100;
const BATCH_BYTES = 65_536;
const PER_SEND = 1_000;

/** Sends `n` records now; one promise per record, or one for all of them. */
type Send = (n: number) => Promise<unknown>[] | Promise<unknown>;

interface Paced {
  library: string;
  open(bootstrap: string, topic: string): Promise<{ send: Send; close(): Promise<void> }>;
}

interface Result {
  library: string;
  achieved: number;
  p50: number;
  p99: number;
  max: number;
}

const hosts = (bootstrap: string) =>
  bootstrap.split(',').map((hp) => ({ host: hp.split(':')[0] ?? '', port: Number(hp.split(':')[1]) }));

const value = Buffer.alloc(SIZE, 120);

const contenders: Paced[] = [
  {
    library: 'tskafka',
    async open(bootstrap, topic) {
      const cluster = new Cluster({ bootstrap: hosts(bootstrap), clientId: 'bench' });
      const producer = new Producer(cluster, topic, {
        requiredAcks: 'all',
        batchSize: BATCH_BYTES,
        lingerMs: 0,
      });
      await producer.produce(value);
      return {
        send: (n) => Array.from({ length: n }, () => producer.produce(value)),
        close: async () => {
          await producer.close();
          await cluster.close();
        },
      };
    },
  },
  {
    library: 'kafkajs',
    async open(bootstrap, topic) {
      const client = new kafkajs.Kafka({ brokers: bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING });
      const producer = client.producer({ idempotent: false, allowAutoTopicCreation: false });
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: [{ value }] });
      return {
        send: (n) =>
          producer.send({ topic, acks: -1, messages: Array.from({ length: n }, () => ({ value })) }),
        close: () => producer.disconnect(),
      };
    },
  },
  {
    library: '@platformatic/kafka',
    async open(bootstrap, topic) {
      const producer = new PlatformaticProducer({
        clientId: 'bench',
        bootstrapBrokers: bootstrap.split(','),
        acks: -1,
        idempotent: false,
      });
      await producer.send({ messages: [{ topic, value }] });
      return {
        send: (n) => producer.send({ messages: Array.from({ length: n }, () => ({ topic, value })) }),
        close: () => producer.close(),
      };
    },
  },
];

/** Drives `send` at `rate` records/s for the warm-up plus `SECONDS`; latencies of the measured part. */
async function pace(send: Send, rate: number): Promise<{ latencies: Float64Array; achieved: number }> {
  const total = Math.round(rate * (WARMUP_SECONDS + SECONDS));
  const warm = Math.round(rate * WARMUP_SECONDS);
  const latencies = new Float64Array(total - warm);
  const start = performance.now();
  let sent = 0;
  let acked = 0;
  let failure: unknown = null;
  // Counted, not collected: millions of settled promises kept in an array would make the run
  // about garbage collection.
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const record = (first: number, n: number) => () => {
    const now = performance.now();
    for (let i = first; i < first + n; i++)
      if (i >= warm) latencies[i - warm] = now - (start + (i * 1000) / rate);
    acked += n;
    if (acked === total) finish();
  };
  const failed = (n: number) => (error: unknown) => {
    failure ??= error;
    acked += n;
    if (acked === total) finish();
  };
  const tick = setInterval(() => {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000));
    // At most PER_SEND records per call, so a library that fell behind does not build one oversize
    // request, and at most one second of records unacknowledged, as an application would bound
    // its backlog: records held back still count their latency from when they were due.
    while (sent < due && sent - acked < rate) {
      const n = Math.min(PER_SEND, due - sent);
      const out = send(n);
      if (Array.isArray(out)) {
        for (const [i, p] of out.entries()) p.then(record(sent + i, 1), failed(1));
      } else out.then(record(sent, n), failed(n));
      sent += n;
    }
    if (sent === total) clearInterval(tick);
  }, 1);
  await finished;
  if (failure !== null) throw failure;
  const seconds = (performance.now() - start) / 1000;
  return { latencies, achieved: total / seconds };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

async function javaAtRate(bootstrap: string, topic: string, rate: number): Promise<Result> {
  const count = Math.round(rate * (WARMUP_SECONDS + SECONDS));
  const { stdout } = await runKafkaTool(
    '4',
    'org.apache.kafka.tools.ProducerPerformance',
    [
      ...['--topic', topic, '--num-records', String(count), '--record-size', String(SIZE)],
      ...['--throughput', String(Math.round(rate)), '--producer-props', `bootstrap.servers=${bootstrap}`],
      ...['acks=all', `batch.size=${BATCH_BYTES}`, 'linger.ms=0'],
    ],
    { timeoutMs: 300_000, jvmArgs: BENCHMARK_JVM_ARGS },
  );
  const last = stdout.trim().split('\n').pop() ?? '';
  const m = /([\d.]+) records\/sec.*?([\d.]+) ms max latency, (\d+) ms 50th, \d+ ms 95th, (\d+) ms 99th/.exec(
    last,
  );
  if (m === null) throw new Error(`cannot parse ProducerPerformance output: ${last}`);
  return {
    library: 'Java ProducerPerformance (its own timing)',
    achieved: Number(m[1]),
    max: Number(m[2]),
    p50: Number(m[3]),
    p99: Number(m[4]),
  };
}

async function main(): Promise<void> {
  const kafka = await startKafka({ version: '4', brokers: 1, heapMb: 1024 });
  const cluster = new Cluster({ bootstrap: hosts(kafka.bootstrap) });
  const admin = new Admin(cluster);
  let topics = 0;
  const topic = async () => {
    const name = `bench-latency-${++topics}`;
    await admin.createTopics([{ name, partitions: 1, replicationFactor: 1 }]);
    return name;
  };
  try {
    const max = await tskafkaThroughput.produce(
      kafka.bootstrap,
      await topic(),
      {
        count: 200_000,
        size: SIZE,
        acks: -1,
        lz4: false,
      },
      '4',
    );
    const rate = Math.round(100_000 / max.seconds);
    console.log(
      `Kafka ${kafka.kafkaVersion}, 1 broker, 1 partition, ${SIZE}-byte records, acks=all; tskafka max ${2 * rate} msgs/s, offered ${rate} msgs/s for ${SECONDS} s after ${WARMUP_SECONDS} s warm-up`,
    );
    const results: Result[] = [];
    const only = process.env.LATENCY_ONLY; // e.g. LATENCY_ONLY=tskafka: one library (no Java run)
    for (const c of contenders.filter((x) => only === undefined || x.library === only)) {
      const opened = await c.open(kafka.bootstrap, await topic());
      const { latencies, achieved } = await pace(opened.send, rate);
      await opened.close();
      console.error(`${c.library}: done at ${achieved.toFixed(0)} msgs/s`);
      latencies.sort();
      results.push({
        library: c.library,
        achieved,
        p50: percentile(latencies, 0.5),
        p99: percentile(latencies, 0.99),
        max: latencies[latencies.length - 1] ?? Number.NaN,
      });
    }
    if (only === undefined) results.push(await javaAtRate(kafka.bootstrap, await topic(), rate));
    const ours = results[0] as Result;
    printTable(
      ['library', 'achieved msgs/s', 'p50 ms', 'p99 ms', 'max ms', 'its p50 ÷ tskafka', 'its p99 ÷ tskafka'],
      results.map((r) => [
        r.library,
        r.achieved.toFixed(0),
        r.p50.toFixed(2),
        r.p99.toFixed(2),
        r.max.toFixed(1),
        (r.p50 / ours.p50).toFixed(2),
        (r.p99 / ours.p99).toFixed(2),
      ]),
    );
  } finally {
    await cluster.close();
    await kafka.stop();
  }
}

await main();
