/**
 * Produce throughput: tskafka's Producer beside KafkaJS, @platformatic/kafka, kcat (librdkafka)
 * and Kafka's Java ProducerPerformance, against one real Kafka 4.x broker started by the harness.
 * Each run writes to a fresh one-partition topic; best of `rounds`. In-process libraries also
 * report client CPU time per record; every row shows the broker's CPU time per record.
 *
 * What each client is given (the same request sizes and pipelining for all Node clients):
 * - KafkaJS and @platformatic/kafka: 1 000 records per send(), four sends in flight (so up to
 *   four requests of one partition in flight, reordered if one is retried).
 * - tskafka: 20 000 produce() calls pending, the oldest awaited once per 1 000 records; batchSize
 *   64 KiB and lingerMs 5, and maxInFlightPerPartition 5 (its default is 1 without idempotence,
 *   i.e. acks 1; with acks all it is idempotent and 5 is the default). Batches queued behind
 *   the ones in flight are merged up to maxRequestSize, so its requests carry about 1 MB
 *   at 1 KiB, as the peers' sends do (read back from the log: about 910 records per batch
 *   against the peers' 980).
 * - ProducerPerformance: batch.size 64 KiB, linger.ms 5, its default 5 requests in flight; a
 *   1 GiB heap and the full JIT (`BENCHMARK_JVM_ARGS`); its time excludes JVM start.
 * - kcat: linger.ms 5, otherwise librdkafka's defaults; its time includes its process start
 *   and reading the records from stdin.
 * - The ceiling row is no client: one batch of 1 000 records encoded before the timing and resent
 *   in Produce requests, five in flight. It shows how much the broker takes on this machine, so a
 *   ratio the broker leaves no room for is visible as such.
 *
 *   pnpm --filter @tskafka/bench producer [scale] [rounds]
 *   BENCH_ROWS='1024 all' pnpm --filter @tskafka/bench producer   (only the workloads whose
 *   "size acks codec" matches, e.g. "1024 all none")
 */

import { startKafka } from '@tskafka/harness';
import { Admin, Cluster } from '@tskafka/network';
import { crcLabel } from '../crc-choice.js';
import { type Placement, placeAll } from '../own-process/own-process.js';
import { brokerCpuCell, keepBest, printTable, type Run, throughputCells, withBrokerCpu } from '../table.js';
import type { Contender, Workload } from './contenders.js';
import { dropPageCache } from './page-cache.js';
import { javaPerf, kcatTool } from './tools.js';

const scale = Number(process.argv[2] ?? 1);
const rounds = Number(process.argv[3] ?? 2);
const ROWS = new RegExp(process.env.BENCH_ROWS ?? '');
/** tskafka first; the Node libraries and the ceiling each run in a process of their own (own-process.ts). */
const PLACEMENTS: Placement<Contender>[] = [
  ['./tskafka.ts', 'tskafka'],
  ['./kafkajs.ts', 'kafkaJs'],
  ['./platformatic.ts', 'platformatic'],
  kcatTool,
  javaPerf,
  ['./ceiling.ts', 'brokerCeiling'],
];
const WORKLOADS: Workload[] = [100, 1024]
  .flatMap((size) =>
    ([1, -1] as const).flatMap((acks) =>
      [false, true].map((lz4) => ({
        count: Math.round((size === 100 ? 800_000 : 200_000) * scale),
        size,
        acks,
        lz4,
      })),
    ),
  )
  .filter((w) => ROWS.test(`${w.size} ${w.acks === -1 ? 'all' : '1'} ${w.lz4 ? 'lz4' : 'none'}`));

/**
 * Untimed runs of the ceiling before the table: a fresh broker took its first runs at up to twice
 * the CPU per record of later ones, and that fell on whichever contender happened to go first.
 */
const WARM_UP_RUNS = 2;

async function main(): Promise<void> {
  const kafka = await startKafka({ version: '4', brokers: 1, heapMb: 1024 });
  const cluster = new Cluster({ bootstrap: [{ host: '127.0.0.1', port: kafka.brokers[0]?.port ?? 0 }] });
  const admin = new Admin(cluster);
  let topics = 0;
  const placed = await placeAll(PLACEMENTS, new URL('.', import.meta.url));
  const CONTENDERS = placed.contenders;
  const tskafka = CONTENDERS[0] as Contender;
  try {
    const dropping = dropPageCache();
    console.log(
      `Kafka ${kafka.kafkaVersion}, 1 broker, 1 partition, best of ${rounds}; ${crcLabel()}; page cache ${dropping ? 'dropped before each run' : 'left as it is (not root, or BENCH_DROP_CACHES=0)'}`,
    );
    const header = [
      ...['size', 'acks', 'codec', 'library', 'msgs/s', 'MB/s', 'CPU µs/msg'],
      ...['broker CPU µs/msg', 'tskafka ÷ it'],
    ];
    const brokerDir = kafka.brokers[0]?.dir ?? '';
    const ceiling = CONTENDERS.at(-1) as Contender;
    for (let i = 0; i < WARM_UP_RUNS && WORKLOADS.length > 0; i++) {
      const topic = `bench-warm-up-${i}`;
      await admin.createTopics([{ name: topic, partitions: 1, replicationFactor: 1 }]);
      await ceiling.produce(
        kafka.bootstrap,
        topic,
        { ...(WORKLOADS[0] as Workload), acks: i % 2 ? -1 : 1 },
        '4',
      );
    }
    const rows: string[][] = [];
    for (const w of WORKLOADS) {
      const best = new Map<string, Run>();
      for (let round = 0; round < rounds; round++) {
        for (const c of CONTENDERS) {
          const topic = `bench-produce-${++topics}`;
          await admin.createTopics([{ name: topic, partitions: 1, replicationFactor: 1 }]);
          if (dropping) dropPageCache();
          const run = await withBrokerCpu(brokerDir, () => c.produce(kafka.bootstrap, topic, w, '4'));
          keepBest(best, c.library, run);
        }
      }
      const ours = (best.get(tskafka.library) as Run).seconds;
      for (const c of CONTENDERS) {
        const run = best.get(c.library) as Run;
        const [rate = '', mb = '', cpu = '', ratio = ''] = throughputCells(run, w.count, w.size, ours);
        const workload = [String(w.size), w.acks === -1 ? 'all' : '1', w.lz4 ? 'lz4' : 'none'];
        rows.push([...workload, c.library, rate, mb, cpu, brokerCpuCell(run, w.count), ratio]);
      }
    }
    printTable(header, rows);
  } finally {
    await placed.close();
    await cluster.close();
    await kafka.stop();
  }
}

await main();
