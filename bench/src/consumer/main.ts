/**
 * Consume throughput: tskafka's SimpleConsumer beside KafkaJS, @platformatic/kafka, kcat (librdkafka) and Kafka's Java
 * ConsumerPerformance, reading topics pre-filled by ProducerPerformance (6 partitions) on one
 * real Kafka 4.x broker started by the harness. Best of `rounds`. tskafka is timed twice: reading one
 * message at a time with `for await`, and in batches with `poll()` (as KafkaJS's `eachBatch`, which
 * its row uses, and Java's `poll()` hand them out); each gets its own ratio column. The broker's
 * CPU per message (from /proc) shows how much of the 2 cores serving each client took.
 *
 *   pnpm --filter @tskafka/bench consumer [scale] [rounds]
 *   BENCH_ROWS='1024 none' pnpm --filter @tskafka/bench consumer   (only the topics whose `size codec` matches)
 */
import { execFileSync } from 'node:child_process';
import { producerPerformance, startKafka } from '@tskafka/harness';
import { Admin, Cluster } from '@tskafka/network';
import { crcLabel } from '../crc-choice.js';
import { type Placement, placeAll } from '../own-process/own-process.js';
import { brokerCpuCell, keepBest, printTable, type Run, throughputCells, withBrokerCpu } from '../table.js';
import type { Contender, Prefilled } from './contenders.js';
import { javaPerf, kcatTool } from './tools.js';

const scale = Number(process.argv[2] ?? 1);
const rounds = Number(process.argv[3] ?? 2);
/** tskafka's two readings first; the Node libraries each run in a process of their own (own-process.ts). */
const PLACEMENTS: Placement<Contender>[] = [
  ['./contenders.ts', 'tskafka'],
  ['./contenders.ts', 'tskafkaPoll'],
  ['./contenders.ts', 'tskafkaPyKafkaQueue'],
  ['./contenders.ts', 'tskafkaNoCrc'],
  ['./kafkajs.ts', 'kafkaJs'],
  ['./platformatic.ts', 'platformatic'],
  kcatTool,
  javaPerf,
];
const PARTITIONS = 6;
const ROWS = new RegExp(process.env.BENCH_ROWS ?? '');
/**
 * Untimed kcat reads of the first topic before the table: a fresh broker served its first reads
 * at two to three times the CPU per message of later ones, which fell on tskafka, first in turn.
 */
const WARM_UP_READS = 2;

async function main(): Promise<void> {
  const kafka = await startKafka({ version: '4', brokers: 1, heapMb: 1024 });
  const cluster = new Cluster({ bootstrap: [{ host: '127.0.0.1', port: kafka.brokers[0]?.port ?? 0 }] });
  const brokerDir = kafka.brokers[0]?.dir ?? '';
  const placed = await placeAll(PLACEMENTS, new URL('.', import.meta.url));
  const CONTENDERS = placed.contenders;
  const [tskafka, tskafkaPoll] = CONTENDERS as [Contender, Contender];
  try {
    console.log(
      `Kafka ${kafka.kafkaVersion}, 1 broker, ${PARTITIONS} partitions, best of ${rounds}; ${crcLabel()}`,
    );
    const header = [
      ...['size', 'codec', 'library', 'msgs/s', 'MB/s', 'CPU µs/msg', 'for await ÷ it'],
      ...['poll() ÷ it', 'broker CPU µs/msg'],
    ];
    const rows: string[][] = [];
    let warmUpReads = WARM_UP_READS;
    for (const size of [100, 1024]) {
      for (const lz4 of [false, true]) {
        if (!ROWS.test(`${size} ${lz4 ? 'lz4' : 'none'}`)) continue;
        const t: Prefilled = {
          topic: `bench-consume-${size}-${lz4 ? 'lz4' : 'none'}`,
          count: Math.round((size === 100 ? 2_000_000 : 600_000) * scale),
          size,
          lz4,
        };
        await new Admin(cluster).createTopics([
          { name: t.topic, partitions: PARTITIONS, replicationFactor: 1 },
        ]);
        await producerPerformance(kafka, t.topic, {
          records: t.count,
          recordSize: size,
          producerProps: {
            acks: 1,
            'linger.ms': 5,
            'batch.size': 65_536,
            'compression.type': lz4 ? 'lz4' : 'none',
          },
        });
        // the topic's pages stay cached for the readers; written out now, so that no contender
        // runs while the kernel writes back what the prefill left dirty
        execFileSync('sync');
        for (; warmUpReads > 0; warmUpReads--) await kcatTool.consume(kafka.bootstrap, t, '4');
        const best = new Map<string, Run>();
        for (let round = 0; round < rounds; round++) {
          for (const c of CONTENDERS) {
            const run = await withBrokerCpu(brokerDir, () => c.consume(kafka.bootstrap, t, '4'));
            keepBest(best, c.library, run);
          }
        }
        const ours = (best.get(tskafka.library) as Run).seconds;
        const polled = (best.get(tskafkaPoll.library) as Run).seconds;
        for (const c of CONTENDERS) {
          const run = best.get(c.library) as Run;
          const cells = throughputCells(run, t.count, size, ours);
          const pollRatio = (run.seconds / polled).toFixed(2);
          rows.push([
            String(size),
            lz4 ? 'lz4' : 'none',
            c.library,
            ...cells,
            pollRatio,
            brokerCpuCell(run, t.count),
          ]);
        }
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
