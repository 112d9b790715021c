import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { Consumer as PlatformaticConsumer } from '@platformatic/kafka';
import type { Run } from '../table.js';
import type { Contender } from './contenders.js';

const require = createRequire(import.meta.url);
const kafkajs = require('kafkajs') as typeof import('kafkajs');
const LZ4Codec = require('kafkajs-lz4') as new () => { codec: unknown };
(kafkajs.CompressionCodecs as Record<number, unknown>)[kafkajs.CompressionTypes.LZ4] = new LZ4Codec().codec;

const groupId = () => `bench-${randomBytes(4).toString('hex')}`;

/**
 * Times a group consumer from its first message to the `count`th: the group join is left out,
 * as ConsumerPerformance's fetch time leaves it out. `seen(n)` is fed batch sizes.
 */
function fromFirstMessage(count: number): { seen(n: number): void; done: Promise<Run> } {
  let start = 0;
  let cpu: NodeJS.CpuUsage | undefined;
  let read = 0;
  let finish: (run: Run) => void = () => {};
  const done = new Promise<Run>((resolve) => {
    finish = resolve;
  });
  return {
    seen(n) {
      if (cpu === undefined) {
        cpu = process.cpuUsage();
        start = performance.now();
      }
      read += n;
      if (read === count) {
        const used = process.cpuUsage(cpu);
        finish({ seconds: (performance.now() - start) / 1000, cpuMs: (used.user + used.system) / 1000 });
      }
    },
    done,
  };
}

export const kafkaJs: Contender = {
  library: 'kafkajs (from first message)',
  async consume(bootstrap, t) {
    const client = new kafkajs.Kafka({ brokers: bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING });
    const consumer = client.consumer({ groupId: groupId(), maxBytesPerPartition: 1_048_576 });
    await consumer.connect();
    await consumer.subscribe({ topic: t.topic, fromBeginning: true });
    const clock = fromFirstMessage(t.count);
    await consumer.run({ eachBatch: async ({ batch }) => clock.seen(batch.messages.length) });
    const run = await clock.done;
    await consumer.disconnect();
    return run;
  },
};

export const platformatic: Contender = {
  library: '@platformatic/kafka (from first message)',
  async consume(bootstrap, t) {
    const consumer = new PlatformaticConsumer({
      clientId: 'bench',
      groupId: groupId(),
      bootstrapBrokers: bootstrap.split(','),
    });
    const stream = await consumer.consume({
      topics: [t.topic],
      mode: 'earliest',
      autocommit: false,
      maxBytesPerPartition: 1_048_576,
    });
    const clock = fromFirstMessage(t.count);
    let n = 0;
    for await (const _ of stream) {
      clock.seen(1);
      if (++n === t.count) break;
    }
    const run = await clock.done;
    await stream.close();
    await consumer.close();
    return run;
  },
};
