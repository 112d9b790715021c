import { apis, encodeRecordBatch, encodeResponse } from '@tskafka/protocol';
import { fetchSummary, metadataSummary } from './response-summary.js';
import { FETCH_VERSION, FLEXIBLE_VERSION, METADATA_VERSION } from './response-versions.js';
import { value } from './workloads.js';

/** One response, as bytes written by tskafka's encoder, and what decoding it must yield. */
export interface ResponseWorkload {
  api: 'Metadata' | 'Fetch';
  name: string;
  /** Frame without its size prefix at the shared version: what tskafka's decodeResponse takes. */
  payload: Buffer;
  /** The same frame without its (v0) response header: what the peers' response parsers take. */
  body: Buffer;
  /** The same content at v12 (flexible encoding), for a tskafka-only row. */
  payloadV12: Buffer;
  /** Records in the response (0 for Metadata). */
  records: number;
  /** The summary every library's decoded result must match (see response-libraries.ts). */
  expected: string;
}

const CORRELATION_ID = 7;

/** Strips the size prefix, and for `body` also the v0 header (the correlation id). */
function frame(encoded: Buffer): { payload: Buffer; body: Buffer } {
  return { payload: encoded.subarray(4), body: encoded.subarray(8) };
}

/** A cluster of `brokers` brokers with `topics` topics of `partitions` partitions, replication factor 3. */
function metadata(brokers: number, topics: number, partitions: number): ResponseWorkload {
  const replicas = (p: number) => [p % brokers, (p + 1) % brokers, (p + 2) % brokers];
  const content = {
    throttleTimeMs: 0,
    brokers: Array.from({ length: brokers }, (_, i) => ({
      nodeId: i,
      host: `kafka-${i}.kafka.svc.cluster.local`,
      port: 9092,
      rack: `eu-west-1${'abc'[i % 3]}`,
    })),
    clusterId: 'Jq0bmbJ4QkWcQ0gsfPTr5w',
    controllerId: 1,
    topics: Array.from({ length: topics }, (_, t) => ({
      errorCode: 0,
      name: `orders.events.v${t}`,
      topicId: Buffer.alloc(16, t + 1).toString('base64url'),
      isInternal: false,
      partitions: Array.from({ length: partitions }, (_, p) => ({
        errorCode: 0,
        partitionIndex: p,
        leaderId: p % brokers,
        leaderEpoch: 3,
        replicaNodes: replicas(p),
        isrNodes: replicas(p),
        offlineReplicas: [],
      })),
    })),
  };
  return {
    api: 'Metadata',
    name: `${brokers} brokers, ${topics} topics x ${partitions} partitions`,
    ...frame(encodeResponse(apis.Metadata, METADATA_VERSION, CORRELATION_ID, content)),
    payloadV12: frame(encodeResponse(apis.Metadata, FLEXIBLE_VERSION, CORRELATION_ID, content)).payload,
    records: 0,
    expected: metadataSummary(
      brokers,
      topics,
      topics * partitions,
      topics * partitions * 3,
      `orders.events.v${topics - 1}`,
    ),
  };
}

/**
 * One topic of 12 partitions, each holding `batches` uncompressed record batches of `perBatch`
 * records with `valueSize`-byte values (the same log in every partition), as a consumer at the
 * head of a busy topic receives with fetch.max.bytes large enough.
 */
async function fetch(valueSize: number, batches: number, perBatch: number): Promise<ResponseWorkload> {
  const partitions = 12;
  const parts: Buffer[] = [];
  for (let b = 0; b < batches; b++) {
    const records = Array.from({ length: perBatch }, (_, i) => ({
      key: `key-${b * perBatch + i}`,
      value: value(valueSize),
      timestamp: 1_700_000_000_000 + b * perBatch + i,
    }));
    parts.push(
      await encodeRecordBatch(records, { baseOffset: BigInt(b * perBatch), partitionLeaderEpoch: 5 }),
    );
  }
  const log = Buffer.concat(parts);
  const total = batches * perBatch;
  const content = {
    throttleTimeMs: 0,
    errorCode: 0,
    sessionId: 0,
    responses: [
      {
        topic: 'orders',
        partitions: Array.from({ length: partitions }, (_, p) => ({
          partitionIndex: p,
          errorCode: 0,
          highWatermark: BigInt(total),
          lastStableOffset: BigInt(total),
          logStartOffset: 0n,
          abortedTransactions: null,
          preferredReadReplica: -1,
          records: log,
        })),
      },
    ],
  };
  return {
    api: 'Fetch',
    name: `12 partitions x ${(log.length / 2 ** 20).toFixed(2)} MiB, ${total} records of ${valueSize} B`,
    ...frame(encodeResponse(apis.Fetch, FETCH_VERSION, CORRELATION_ID, content)),
    payloadV12: frame(encodeResponse(apis.Fetch, FLEXIBLE_VERSION, CORRELATION_ID, content)).payload,
    records: partitions * total,
    expected: fetchSummary(
      partitions,
      partitions * total,
      partitions * total * valueSize,
      String(total - 1),
      `key-${total - 1}`,
    ),
  };
}

/** The three responses: a mid-sized cluster's Metadata, and Fetch of 1 KiB records and of 100 B records. */
export async function responseWorkloads(): Promise<ResponseWorkload[]> {
  return [metadata(3, 50, 12), await fetch(1024, 16, 64), await fetch(100, 8, 1000)];
}
