import {
  CompressionCodec,
  decodeRecordBatches,
  encodeRecordBatch,
  visitRecordBatches,
} from '@tskafka/protocol';
import '../crc-choice.js';
import { type Contender, touchValues } from './libraries.js';
import type { Workload } from './workloads.js';

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
