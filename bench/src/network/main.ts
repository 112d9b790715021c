/**
 * Request round trips per second on one pipelined connection, tskafka beside KafkaJS and
 * @platformatic/kafka, against one real Kafka 4.x broker started by the harness.
 *
 *   pnpm --filter @tskafka/bench network [durationMs]
 */
import { startKafka } from '@tskafka/harness';
import { KafkaClient } from 'tskafka';
import { printTable } from '../table.js';
import {
  type Call,
  type Contender,
  kafkajs,
  type OpenContender,
  platformatic,
  tskafka,
} from './contenders.js';

const CALLS: Call[] = ['Metadata', 'ApiVersions', 'ListOffsets'];
const CONTENDERS: Contender[] = [tskafka, kafkajs, platformatic];
/** Requests kept in flight: 1 measures latency-bound round trips, 64 pipelining. */
const DEPTHS = [1, 64];
const ROUNDS = 5;
const durationMs = Number(process.argv[2] ?? 1_000);

/** One timed run: round trips per second, and client CPU time (user + system) per round trip. */
interface Run {
  perSecond: number;
  cpuMicros: number;
}

/**
 * Keeps `depth` calls outstanding for `ms`. CPU per round trip is the load-robust figure: on a
 * shared machine the wall-clock rate mostly measures the neighbours, the client's CPU cost does not.
 */
async function roundTrips(call: () => Promise<unknown>, depth: number, ms: number): Promise<Run> {
  let done = 0;
  const until = performance.now() + ms;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const worker = async () => {
    while (performance.now() < until) {
      await call();
      done++;
    }
  };
  await Promise.all(Array.from({ length: depth }, worker));
  const used = process.cpuUsage(cpu);
  return {
    perSecond: (done / (performance.now() - started)) * 1000,
    cpuMicros: (used.user + used.system) / done,
  };
}

async function main(): Promise<void> {
  const kafka = await startKafka({ version: '4', brokers: 1 });
  try {
    const broker = kafka.brokers[0];
    if (broker === undefined) throw new Error('no broker');
    const topic = 'bench-network';
    {
      await using client = new KafkaClient({ hosts: kafka.bootstrap });
      await client.admin.createTopics([{ name: topic, partitions: 1, replicationFactor: 1 }]);
    }
    const open = new Map<string, OpenContender>();
    for (const c of CONTENDERS) open.set(c.library, await c.open(broker.host, broker.port, topic));
    console.log(
      `Kafka ${kafka.kafkaVersion}, one connection per library, ${durationMs} ms per run, best of ${ROUNDS}`,
    );
    const rows: string[][] = [];
    for (const call of CALLS) {
      for (const depth of DEPTHS) {
        const best = new Map<string, Run>();
        for (let round = 0; round < ROUNDS; round++) {
          // Rotate the order each round so warm-up and GC drift do not favour one library.
          const order = CONTENDERS.map((_, i) => CONTENDERS[(i + round) % CONTENDERS.length] as Contender);
          for (const c of order) {
            const run = await roundTrips(
              (open.get(c.library) as OpenContender).calls[call],
              depth,
              durationMs,
            );
            const prior = best.get(c.library);
            best.set(c.library, {
              perSecond: Math.max(prior?.perSecond ?? 0, run.perSecond),
              cpuMicros: Math.min(prior?.cpuMicros ?? Number.POSITIVE_INFINITY, run.cpuMicros),
            });
          }
        }
        const ours = best.get(tskafka.library) as Run;
        for (const c of CONTENDERS) {
          const run = best.get(c.library) as Run;
          rows.push([
            call,
            String(depth),
            c.library,
            run.perSecond.toFixed(0),
            (ours.perSecond / run.perSecond).toFixed(2),
            run.cpuMicros.toFixed(1),
            (run.cpuMicros / ours.cpuMicros).toFixed(2),
          ]);
        }
      }
    }
    for (const o of open.values()) await o.close();
    const header = [
      'call',
      'in flight',
      'library',
      'round trips/s',
      'rate ratio',
      'CPU µs/trip',
      'CPU ratio',
    ];
    printTable(header, rows);
  } finally {
    await kafka.stop();
  }
}

await main();
