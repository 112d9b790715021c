import { createRequire } from 'node:module';
import { type Contender, chunked, timed } from './contenders.js';

const require = createRequire(import.meta.url);
const kafkajs = require('kafkajs') as typeof import('kafkajs');
const LZ4Codec = require('kafkajs-lz4') as new () => { codec: unknown };
const codecs = kafkajs.CompressionCodecs as Record<number, unknown>;
codecs[kafkajs.CompressionTypes.LZ4] = new LZ4Codec().codec;

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
