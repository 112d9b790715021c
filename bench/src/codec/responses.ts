import {
  apis,
  decodeResponse,
  encodeRecordBatch,
  encodeResponse,
  visitRecordBatches,
} from '@tskafka/protocol';
import { measureAll } from './measure.js';

/** A Metadata v12 answer for a mid-sized cluster: 6 brokers, 50 topics of 24 partitions, RF 3. */
function metadataResponse(): Buffer {
  return encodeResponse(apis.Metadata, 12, 7, {
    brokers: Array.from({ length: 6 }, (_, i) => ({
      nodeId: i,
      host: `kafka-${i}.internal`,
      port: 9092,
      rack: `az${i % 3}`,
    })),
    clusterId: 'bench-cluster',
    controllerId: 0,
    topics: Array.from({ length: 50 }, (_, t) => ({
      errorCode: 0,
      name: `orders.events.v${t}`,
      topicId: Buffer.alloc(16, t + 1).toString('base64url'),
      partitions: Array.from({ length: 24 }, (_, p) => ({
        errorCode: 0,
        partitionIndex: p,
        leaderId: p % 6,
        leaderEpoch: 3,
        replicaNodes: [p % 6, (p + 1) % 6, (p + 2) % 6],
        isrNodes: [p % 6, (p + 1) % 6, (p + 2) % 6],
      })),
    })),
  }).subarray(4);
}

/** A Fetch v12 answer: 8 partitions, each one uncompressed batch of 500 records of 200 bytes. */
async function fetchResponse(): Promise<Buffer> {
  const records = await encodeRecordBatch(
    Array.from({ length: 500 }, (_, i) => ({
      key: `k${i}`,
      value: Buffer.alloc(200, i),
      timestamp: 1_700_000_000_000 + i,
    })),
  );
  return encodeResponse(apis.Fetch, 12, 7, {
    throttleTimeMs: 0,
    responses: [
      {
        topic: 'orders',
        partitions: Array.from({ length: 8 }, (_, p) => ({
          partitionIndex: p,
          errorCode: 0,
          highWatermark: 500n,
          lastStableOffset: 500n,
          logStartOffset: 0n,
          abortedTransactions: null,
          records,
        })),
      },
    ],
  }).subarray(4);
}

/** Prints Metadata and Fetch response decode rates (tskafka only). */
export async function apiDecodeRates(ms: number, out: (line: string) => void): Promise<void> {
  out('\nRESPONSE DECODE (tskafka)');
  const metadata = metadataResponse();
  const [m] = await measureAll([() => decodeResponse(apis.Metadata, 12, metadata)], ms);
  out(
    `Metadata v12, 50 topics x 24 partitions (${metadata.length} B): ${m!.opsPerSec.toFixed(0)} responses/s, ${((m!.opsPerSec * metadata.length) / 1e6).toFixed(0)} MB/s`,
  );
  const fetch = await fetchResponse();
  let n = 0;
  const visitor = { record: () => void n++ };
  const full = async () => {
    const body = decodeResponse(apis.Fetch, 12, fetch).body;
    for (const t of body.responses)
      for (const p of t.partitions) await visitRecordBatches(p.records, visitor);
  };
  const [headerOnly, f] = await measureAll([() => decodeResponse(apis.Fetch, 12, fetch), full], ms);
  out(
    `Fetch v12, 8 partitions x 500 records (${fetch.length} B): response only ${headerOnly!.opsPerSec.toFixed(0)}/s; with every record ${(f!.opsPerSec * 4000).toFixed(0)} records/s, ${((f!.opsPerSec * fetch.length) / 1e6).toFixed(0)} MB/s`,
  );
}
