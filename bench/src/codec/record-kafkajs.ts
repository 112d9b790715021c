import { createRequire } from 'node:module';
import { type Contender, touchValues } from './libraries.js';

const require = createRequire(import.meta.url);

/* KafkaJS's own modules, as its producer and fetch decoder use them. */
const kafkajs = {
  Record: require('kafkajs/src/protocol/recordBatch/record/v0') as (r: object) => unknown,
  RecordBatch: (
    require('kafkajs/src/protocol/recordBatch/v0') as {
      RecordBatch: (o: object) => Promise<{ buffer: Buffer }>;
    }
  ).RecordBatch,
  decodeBatch: require('kafkajs/src/protocol/recordBatch/v0/decoder') as (
    d: unknown,
  ) => Promise<{ records: unknown[] }>,
  Decoder: require('kafkajs/src/protocol/decoder') as new (b: Buffer) => unknown,
  codecs: require('kafkajs').CompressionCodecs as Record<number, unknown>,
};
const LZ4Codec = require('kafkajs-lz4') as new () => { codec: unknown };
kafkajs.codecs[3] = new LZ4Codec().codec;

export const kafkaJs: Contender = {
  library: 'KafkaJS',
  encode: (w) => {
    const messages = w.values.map((value, i) => ({
      key: w.keys[i]!,
      value,
      headers: Object.fromEntries(w.headers),
      timestamp: w.timestamp + i,
    }));
    // what KafkaJS's Produce v3 request builder does per batch
    const run = async () => {
      const records = messages.map((m, i) =>
        kafkajs.Record({ ...m, offsetDelta: i, timestampDelta: m.timestamp - w.timestamp }),
      );
      const batch = await kafkajs.RecordBatch({
        compression: w.lz4 ? 3 : 0,
        records,
        firstTimestamp: w.timestamp,
        maxTimestamp: w.timestamp + messages.length - 1,
        lastOffsetDelta: records.length - 1,
      });
      return batch.buffer;
    };
    return { run, output: run };
  },
  decode: (_w, batch) => {
    const decode = () => kafkajs.decodeBatch(new kafkajs.Decoder(batch));
    return {
      run: async () => touchValues((await decode()).records as Array<{ value: Buffer | null }>),
      count: async () => (await decode()).records.length,
    };
  },
};
