import {
  apis,
  decodeRecordBatches,
  decodeResponse,
  type RecordBatchHeader,
  visitRecordBatches,
} from '@tskafka/protocol';
import '../crc-choice.js';
import type { BoundDecoder, ResponseContender } from './response-libraries.js';
import { fetchSummary, summarizeFetch, summarizeMetadata } from './response-summary.js';
import { FETCH_VERSION, FLEXIBLE_VERSION, METADATA_VERSION } from './response-versions.js';
import type { ResponseWorkload } from './response-workloads.js';

function tskafkaMetadata(version: number, payload: Buffer): BoundDecoder {
  const run = () => decodeResponse(apis.Metadata, version, payload).body;
  return {
    run,
    summary: async () => summarizeMetadata(run()),
  };
}

/** Fetch decoded by tskafka: the response, then every partition's records eagerly (one object each). */
function tskafkaFetch(version: number, payload: Buffer, verifyCrc: boolean): BoundDecoder {
  const run = async () => {
    const body = decodeResponse(apis.Fetch, version, payload).body;
    const perPartition = [];
    for (const t of body.responses)
      for (const p of t.partitions) perPartition.push(await decodeRecordBatches(p.records, { verifyCrc }));
    return perPartition;
  };
  return {
    run,
    summary: async () => {
      const perPartition = await run();
      return summarizeFetch(
        perPartition.length,
        perPartition.flatMap((batches) => batches.flatMap((b) => b.records)),
      );
    },
  };
}

/** Counts what the visitor sees, keeping the last record's offset parts and key (no object per record). */
class CountingVisitor {
  records = 0;
  valueBytes = 0;
  lastHeader: RecordBatchHeader | undefined;
  lastDelta = 0;
  lastKey: Buffer | null = null;

  record(h: RecordBatchHeader, offsetDelta: number, _t: number, key: Buffer | null, value: Buffer | null) {
    this.records++;
    this.valueBytes += value?.length ?? 0;
    this.lastHeader = h;
    this.lastDelta = offsetDelta;
    this.lastKey = key;
  }
}

/** Fetch decoded by tskafka's consumer path: the response, then each partition's records through the visitor. */
function tskafkaFetchVisitor(payload: Buffer): BoundDecoder {
  const run = async () => {
    const visitor = new CountingVisitor();
    const body = decodeResponse(apis.Fetch, FETCH_VERSION, payload).body;
    let partitions = 0;
    for (const t of body.responses)
      for (const p of t.partitions) {
        await visitRecordBatches(p.records, visitor);
        partitions++;
      }
    return { visitor, partitions };
  };
  return {
    run,
    summary: async () => {
      const { visitor: v, partitions } = await run();
      const lastOffset = (v.lastHeader?.baseOffset ?? 0n) + BigInt(v.lastDelta);
      return fetchSummary(
        partitions,
        v.records,
        v.valueBytes,
        String(lastOffset),
        v.lastKey?.toString() ?? '',
      );
    },
  };
}

/** Fetch decoded by tskafka with the records left as bytes: less work than any peer does. */
function tskafkaFetchResponseOnly(payload: Buffer): BoundDecoder {
  const run = () => decodeResponse(apis.Fetch, FETCH_VERSION, payload).body;
  return {
    run,
    summary: async () => `partitions=${run().responses.flatMap((t) => t.partitions).length}`,
  };
}

/** tskafka's eager decode (a Fetch with every record as an object), of the shared or the v12 bytes. */
function tskafkaEager(w: ResponseWorkload, v12: boolean): BoundDecoder {
  const payload = v12 ? w.payloadV12 : w.payload;
  return w.api === 'Metadata'
    ? tskafkaMetadata(v12 ? FLEXIBLE_VERSION : METADATA_VERSION, payload)
    : tskafkaFetch(v12 ? FLEXIBLE_VERSION : FETCH_VERSION, payload, true);
}

export const tskafka: ResponseContender = {
  library: 'tskafka',
  comparable: true,
  bind: (w) => tskafkaEager(w, false),
};

export const tskafkaVisitor: ResponseContender = {
  library: 'tskafka visitor',
  comparable: true,
  bind: (w) => (w.api === 'Fetch' ? tskafkaFetchVisitor(w.payload) : undefined),
};

export const tskafkaNoCrc: ResponseContender = {
  library: 'tskafka, no CRC check',
  comparable: true,
  bind: (w) => (w.api === 'Fetch' ? tskafkaFetch(FETCH_VERSION, w.payload, false) : undefined),
};

export const tskafkaResponseOnly: ResponseContender = {
  library: 'tskafka, records as bytes',
  comparable: false,
  recordsAsBytes: true,
  bind: (w) => (w.api === 'Fetch' ? tskafkaFetchResponseOnly(w.payload) : undefined),
};

export const tskafkaV12: ResponseContender = {
  library: `tskafka, v${FLEXIBLE_VERSION} bytes`,
  comparable: false,
  bind: (w) => tskafkaEager(w, true),
};
