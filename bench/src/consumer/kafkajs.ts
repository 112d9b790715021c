import { createRequire } from 'node:module';
import type { Contender } from './contenders.js';
import { fromFirstMessage, groupId } from './first-message.js';

const require = createRequire(import.meta.url);
const kafkajs = require('kafkajs') as typeof import('kafkajs');
const LZ4Codec = require('kafkajs-lz4') as new () => { codec: unknown };
(kafkajs.CompressionCodecs as Record<number, unknown>)[kafkajs.CompressionTypes.LZ4] = new LZ4Codec().codec;

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
