import '../crc-choice.js';
import { SimpleConsumer, type SimpleConsumerOptions } from '@tskafka/consumer';
import { Cluster } from '@tskafka/network';
import type { Run } from '../table.js';

/** A pre-filled topic to read from the beginning. */
export interface Prefilled {
  topic: string;
  count: number;
  size: number;
  lz4: boolean;
}

/** A consumer under test. */
export interface Contender {
  library: string;
  consume(bootstrap: string, t: Prefilled, version: '3.9' | '4'): Promise<Run>;
}

const hostPorts = (bootstrap: string) =>
  bootstrap.split(',').map((hp) => ({ host: hp.split(':')[0] ?? '', port: Number(hp.split(':')[1]) }));

/** How a tskafka contender takes messages: one at a time with `for await`, or in batches with `poll()`. */
type Reading = 'for await' | 'poll';

/**
 * Reads `count` messages from `consumer` the `reading` way, timed from the first message (as the
 * peers are: start-up, metadata and offset lookups left out); checks every value byte arrived.
 */
async function readAll(consumer: SimpleConsumer, t: Prefilled, reading: Reading): Promise<Run> {
  let n = 0;
  let bytes = 0;
  let cpu: NodeJS.CpuUsage | undefined;
  let start = 0;
  const clock = () => {
    cpu = process.cpuUsage();
    start = performance.now();
  };
  if (reading === 'poll') {
    while (n < t.count) {
      const messages = await consumer.poll(-1, Math.min(500, t.count - n));
      if (n === 0) clock();
      for (const m of messages) bytes += m.value?.length ?? 0;
      n += messages.length;
    }
  } else {
    for await (const m of consumer) {
      if (n === 0) clock();
      bytes += m.value?.length ?? 0;
      if (++n === t.count) break;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  if (bytes !== t.count * t.size)
    throw new Error(`tskafka read ${bytes} bytes, expected ${t.count * t.size}`);
  return { seconds, cpuMs: (used.user + used.system) / 1000 };
}

/** tskafka's SimpleConsumer with `options`. */
function simpleConsumer(
  library: string,
  options: SimpleConsumerOptions,
  reading: Reading = 'for await',
): Contender {
  return {
    library,
    async consume(bootstrap, t) {
      const cluster = new Cluster({ bootstrap: hostPorts(bootstrap) });
      const consumer = new SimpleConsumer(cluster, t.topic, options);
      try {
        return await readAll(consumer, t, reading);
      } finally {
        await consumer.close();
        await cluster.close();
      }
    },
  };
}

export const tskafka = simpleConsumer('tskafka SimpleConsumer (defaults, for await)', {});
/** Batches of up to 500 per call, as Java's poll() and KafkaJS's eachBatch hand them out. */
export const tskafkaPoll = simpleConsumer('tskafka SimpleConsumer (defaults, poll())', {}, 'poll');
/** PyKafka's queue bound (the default before byte bounds): shows what the deeper default buys. */
export const tskafkaPyKafkaQueue = simpleConsumer('tskafka SimpleConsumer (queuedMaxMessages 2000)', {
  queuedMaxMessages: 2_000,
});
/** The peers' work: neither KafkaJS nor @platformatic/kafka verifies batch checksums. */
export const tskafkaNoCrc = simpleConsumer('tskafka SimpleConsumer (checkCrcs off)', { checkCrcs: false });
