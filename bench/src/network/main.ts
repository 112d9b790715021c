/**
 * Request round trips per second on one pipelined connection, tskafka beside KafkaJS and
 * @platformatic/kafka, against one real Kafka 4.x broker started by the harness.
 *
 *   pnpm --filter @tskafka/bench network [durationMs]
 */
import { startKafka } from '@tskafka/harness';
import { KafkaClient } from 'tskafka';
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

/** Keeps `depth` calls outstanding for `ms`; returns completed round trips per second. */
async function roundTrips(call: () => Promise<unknown>, depth: number, ms: number): Promise<number> {
  let done = 0;
  const until = performance.now() + ms;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < until) {
      await call();
      done++;
    }
  };
  await Promise.all(Array.from({ length: depth }, worker));
  return (done / (performance.now() - started)) * 1000;
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
        const best = new Map<string, number>();
        for (let round = 0; round < ROUNDS; round++) {
          // Rotate the order each round so warm-up and GC drift do not favour one library.
          const order = CONTENDERS.map((_, i) => CONTENDERS[(i + round) % CONTENDERS.length] as Contender);
          for (const c of order) {
            const rate = await roundTrips(
              (open.get(c.library) as OpenContender).calls[call],
              depth,
              durationMs,
            );
            best.set(c.library, Math.max(best.get(c.library) ?? 0, rate));
          }
        }
        const ours = best.get(tskafka.library) ?? 1;
        for (const c of CONTENDERS) {
          const rate = best.get(c.library) ?? 0;
          rows.push([call, String(depth), c.library, rate.toFixed(0), (ours / rate).toFixed(2)]);
        }
      }
    }
    for (const o of open.values()) await o.close();
    const header = ['call', 'in flight', 'library', 'round trips/s', 'tskafka ÷ library'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
    for (const row of [header, ...rows])
      console.log(row.map((cell, i) => cell.padEnd(widths[i] as number)).join('  '));
  } finally {
    await kafka.stop();
  }
}

await main();
