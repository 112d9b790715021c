import { createRequire } from 'node:module';
import { fetchV11, metadataV6, Reader as PlatformaticReader } from '@platformatic/kafka';
import {
  apis,
  decodeRecordBatches,
  decodeResponse,
  type RecordBatchHeader,
  visitRecordBatches,
} from '@tskafka/protocol';
import { fetchSummary, summarizeFetch, summarizeMetadata } from './response-summary.js';
import {
  FETCH_VERSION,
  FLEXIBLE_VERSION,
  METADATA_VERSION,
  type ResponseWorkload,
} from './response-workloads.js';

const require = createRequire(import.meta.url);

/** A decoder bound to one response: `run` is timed, `summary` checks its result first. */
export interface BoundDecoder {
  run: () => unknown;
  summary: () => Promise<string>;
}

/** One library's way of decoding Metadata and Fetch responses. */
export interface ResponseContender {
  library: string;
  /** False for a tskafka row that does not do the peers' work; it gets no ratio. */
  comparable: boolean;
  /** True for the row that leaves a Fetch response's records as bytes (no records/s). */
  recordsAsBytes?: boolean;
  /** Undefined when this row does not apply to the workload's API. */
  bind(w: ResponseWorkload): BoundDecoder | undefined;
}

interface KafkaJsResponse {
  decode(body: Buffer): Promise<unknown>;
  parse(decoded: unknown): Promise<unknown>;
}

/* KafkaJS's own response modules: its connection calls decode, then parse, on the body after the correlation id. */
const kafkajs = {
  Metadata: require(
    `kafkajs/src/protocol/requests/metadata/v${METADATA_VERSION}/response`,
  ) as KafkaJsResponse,
  Fetch: require(`kafkajs/src/protocol/requests/fetch/v${FETCH_VERSION}/response`) as KafkaJsResponse,
};

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

export const platformatic: ResponseContender = {
  library: '@platformatic/kafka',
  comparable: true,
  bind: (w) => {
    if (w.api === 'Metadata') {
      const run = () => metadataV6.parseResponse(7, 3, METADATA_VERSION, PlatformaticReader.from(w.body));
      return { run, summary: async () => summarizeMetadata(run()) };
    }
    const run = () => fetchV11.parseResponse(7, 1, FETCH_VERSION, PlatformaticReader.from(w.body));
    return {
      run,
      summary: async () => {
        const partitions = run().responses.flatMap((t) => t.partitions);
        const records = partitions.flatMap((p) =>
          (p.records ?? []).flatMap((b) =>
            b.records.map((r) => ({ ...r, offset: b.firstOffset + BigInt(r.offsetDelta) })),
          ),
        );
        return summarizeFetch(partitions.length, records);
      },
    };
  },
};

interface KafkaJsMetadata {
  brokers: unknown[];
  topicMetadata: Array<{ topic: string; partitionMetadata: Array<{ replicas: number[] }> }>;
}
interface KafkaJsFetch {
  responses: Array<{
    partitions: Array<{ messages: Array<{ offset: string; key: Buffer | null; value: Buffer | null }> }>;
  }>;
}

export const kafkaJs: ResponseContender = {
  library: 'KafkaJS',
  comparable: true,
  bind: (w) => {
    const api = kafkajs[w.api];
    const run = async () => {
      const decoded = await api.decode(w.body);
      await api.parse(decoded);
      return decoded;
    };
    const summarize = (decoded: unknown) => {
      if (w.api === 'Fetch') {
        const partitions = (decoded as KafkaJsFetch).responses.flatMap((t) => t.partitions);
        return summarizeFetch(
          partitions.length,
          partitions.flatMap((p) => p.messages),
        );
      }
      const m = decoded as KafkaJsMetadata;
      return summarizeMetadata({
        brokers: m.brokers,
        topics: m.topicMetadata.map((t) => ({
          name: t.topic,
          partitions: t.partitionMetadata.map((p) => ({ replicaNodes: p.replicas })),
        })),
      });
    };
    return { run, summary: async () => summarize(await run()) };
  },
};

/** Every row, tskafka's first; rows that do not apply to a workload's API are skipped. */
export const responseContenders: ResponseContender[] = [
  tskafka,
  tskafkaVisitor,
  tskafkaNoCrc,
  tskafkaResponseOnly,
  tskafkaV12,
  platformatic,
  kafkaJs,
];
