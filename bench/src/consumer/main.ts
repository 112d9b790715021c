/**
 * Consume throughput: tskafka's SimpleConsumer beside KafkaJS, @platformatic/kafka, kcat (librdkafka) and Kafka's Java
 * ConsumerPerformance, reading topics pre-filled by ProducerPerformance (6 partitions) on one
 * real Kafka 4.x broker started by the harness. Best of `rounds`.
 *
 *   pnpm --filter @tskafka/bench consumer [scale] [rounds]
 */
import { producerPerformance, startKafka } from '@tskafka/harness';
import { Admin, Cluster } from '@tskafka/network';
import { keepBest, printTable, type Run, throughputCells } from '../table.js';
import {
  type Contender,
  javaPerf,
  kcatTool,
  type Prefilled,
  tskafka,
  tskafkaNoCrc,
  tskafkaPyKafkaQueue,
} from './contenders.js';
import { kafkaJs, platformatic } from './peers.js';

const scale = Number(process.argv[2] ?? 1);
const rounds = Number(process.argv[3] ?? 2);
const CONTENDERS: Contender[] = [
  tskafka,
  tskafkaPyKafkaQueue,
  tskafkaNoCrc,
  kafkaJs,
  platformatic,
  kcatTool,
  javaPerf,
];
const PARTITIONS = 6;

async function main(): Promise<void> {
  const kafka = await startKafka({ version: '4', brokers: 1, heapMb: 1024 });
  const cluster = new Cluster({ bootstrap: [{ host: '127.0.0.1', port: kafka.brokers[0]?.port ?? 0 }] });
  try {
    console.log(`Kafka ${kafka.kafkaVersion}, 1 broker, ${PARTITIONS} partitions, best of ${rounds}`);
    const header = ['size', 'codec', 'library', 'msgs/s', 'MB/s', 'CPU µs/msg', 'tskafka ÷ it'];
    const rows: string[][] = [];
    for (const size of [100, 1024]) {
      for (const lz4 of [false, true]) {
        const t: Prefilled = {
          topic: `bench-consume-${size}-${lz4 ? 'lz4' : 'none'}`,
          count: Math.round((size === 100 ? 500_000 : 150_000) * scale),
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
        const best = new Map<string, Run>();
        for (let round = 0; round < rounds; round++) {
          for (const c of CONTENDERS) keepBest(best, c.library, await c.consume(kafka.bootstrap, t, '4'));
        }
        const ours = (best.get(tskafka.library) as Run).seconds;
        for (const c of CONTENDERS) {
          const cells = throughputCells(best.get(c.library) as Run, t.count, size, ours);
          rows.push([String(size), lz4 ? 'lz4' : 'none', c.library, ...cells]);
        }
      }
    }
    printTable(header, rows);
  } finally {
    await cluster.close();
    await kafka.stop();
  }
}

await main();
