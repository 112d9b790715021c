import {
  createRecordsBatch,
  type MessageRecord,
  Reader as PlatformaticReader,
  readRecordsBatches,
} from '@platformatic/kafka';
import { type Contender, touchValues } from './libraries.js';

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
