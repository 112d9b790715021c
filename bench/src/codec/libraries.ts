import { createRequire } from 'node:module';
import {
  createRecordsBatch,
  type MessageRecord,
  Reader as PlatformaticReader,
  readRecordsBatches,
} from '@platformatic/kafka';
import {
  CompressionCodec,
  decodeRecordBatches,
  encodeRecordBatch,
  visitRecordBatches,
} from '@tskafka/protocol';
import type { Workload } from './workloads.js';

const require = createRequire(import.meta.url);

type Fn = () => unknown;

/**
 * Reads each decoded record's value length, so that every decoder's result is used the same way
 * (a decoder that made values lazily would pay for them here). Returns the bytes seen.
 */
function touchValues(records: ReadonlyArray<{ value: Uint8Array | null }>): number {
  let bytes = 0;
  for (const r of records) bytes += r.value === null ? 0 : r.value.length;
  return bytes;
}

/** One library's record-batch code bound to a workload: encode returns a batch, decode reads one. */
export interface Contender {
  library: string;
  encode(w: Workload): { run: Fn; output: () => Promise<Buffer> };
  decode(w: Workload, batch: Buffer): { run: Fn; count: () => Promise<number> };
}

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

const tskafkaEncode = (w: Workload) => {
  const records = w.values.map((value, i) => ({
    key: w.keys[i]!,
    value,
    headers: w.headers.map(([key, v]) => ({ key, value: v })),
    timestamp: w.timestamp + i,
  }));
  const options = { compression: w.lz4 ? CompressionCodec.Lz4 : CompressionCodec.None };
  return {
    run: () => encodeRecordBatch(records, options),
    output: () => encodeRecordBatch(records, options),
  };
};

/** tskafka, eager decode (one object per record). */
export const tskafka: Contender = {
  library: 'tskafka',
  encode: tskafkaEncode,
  decode: (_w, batch) => ({
    run: async () => touchValues((await decodeRecordBatches(batch))[0]!.records),
    count: async () => (await decodeRecordBatches(batch))[0]!.records.length,
  }),
};

/** tskafka without CRC verification: the same work as the peers, which do not verify it. */
export const tskafkaNoCrc: Contender = {
  library: 'tskafka, no CRC check',
  encode: tskafkaEncode,
  decode: (_w, batch) => ({
    run: async () => touchValues((await decodeRecordBatches(batch, { verifyCrc: false }))[0]!.records),
    count: async () => (await decodeRecordBatches(batch, { verifyCrc: false }))[0]!.records.length,
  }),
};

/** tskafka through the record visitor (no object per record): the hot consumer path. */
export const tskafkaVisitor: Contender = {
  library: 'tskafka visitor',
  encode: tskafkaEncode,
  decode: (_w, batch) => {
    let n = 0;
    let bytes = 0;
    const visitor = {
      record: (_h: unknown, _o: number, _t: number, _k: Buffer | null, v: Buffer | null) => {
        n++;
        if (v !== null) bytes += v.length;
      },
    };
    return {
      run: async () => {
        bytes = 0;
        await visitRecordBatches(batch, visitor);
        return bytes;
      },
      count: async () => {
        n = 0;
        await visitRecordBatches(batch, visitor);
        return n;
      },
    };
  },
};

export const platformatic: Contender = {
  library: '@platformatic/kafka',
  encode: (w) => {
    const messages: MessageRecord[] = w.values.map((value, i) => ({
      key: w.keys[i]!,
      value,
      headers: new Map(w.headers.map(([k, v]) => [Buffer.from(k), v])),
      topic: 'bench',
      partition: 0,
      timestamp: BigInt(w.timestamp + i),
    }));
    const options = {
      compression: w.lz4 ? ('lz4' as const) : ('none' as const),
      producerId: -1n,
      producerEpoch: -1,
      partitionLeaderEpoch: -1,
    };
    const run = () => createRecordsBatch(messages, options).buffer;
    return { run, output: async () => run() };
  },
  decode: (_w, batch) => {
    const decode = () => readRecordsBatches(PlatformaticReader.from(batch));
    return {
      run: () => touchValues(decode()[0]!.records),
      count: async () => decode()[0]!.records.length,
    };
  },
};

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

/** Every contender, tskafka first. */
export const contenders: Contender[] = [tskafka, tskafkaVisitor, tskafkaNoCrc, platformatic, kafkaJs];
