/**
 * Decode/encode-rate micro-benchmark (CPU time) for the hot response decoders (Metadata, Fetch) and request
 * encoders (Produce, Fetch).
 *
 *   pnpm --filter @tskafka/protocol build && node scripts/bench-decode.ts
 */
import { apis, decodeResponse, encodeRequest, encodeResponse } from '../dist/index.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
const uuid = (i: number) => Buffer.alloc(16, i).toString('base64url');

// CPU time rather than wall time: the numbers stay meaningful on a shared, busy machine.
function bench(name: string, bytes: number, run: () => void): void {
  for (let i = 0; i < 200; i++) run();
  let n = 0;
  const started = process.cpuUsage();
  let elapsedMs = 0;
  while (elapsedMs < 1500) {
    for (let i = 0; i < 50; i++) run();
    n += 50;
    const used = process.cpuUsage(started);
    elapsedMs = (used.user + used.system) / 1000;
  }
  const perSec = (n / elapsedMs) * 1000;
  out(
    `${name.padEnd(58)} ${perSec.toFixed(0).padStart(8)} ops/s  ${((perSec * bytes) / 1e6).toFixed(0).padStart(6)} MB/s`,
  );
}

const metadata = encodeResponse(apis.Metadata, 12, 1, {
  brokers: [0, 1, 2].map((i) => ({ nodeId: i, host: `broker-${i}.example.com`, port: 9092, rack: `r${i}` })),
  clusterId: 'cluster-1',
  controllerId: 1,
  topics: Array.from({ length: 100 }, (_, t) => ({
    name: `topic-${t}`,
    topicId: uuid(t),
    partitions: Array.from({ length: 10 }, (_, p) => ({
      partitionIndex: p,
      leaderId: p % 3,
      leaderEpoch: 5,
      replicaNodes: [0, 1, 2],
      isrNodes: [0, 1, 2],
    })),
  })),
}).subarray(4);
bench('Metadata v12 response, 100 topics x 10 partitions', metadata.length, () =>
  decodeResponse(apis.Metadata, 12, metadata),
);

const records = Buffer.alloc(16 * 1024, 7);
const fetch = encodeResponse(apis.Fetch, 16, 1, {
  responses: Array.from({ length: 10 }, (_, t) => ({
    topicId: uuid(t),
    partitions: Array.from({ length: 10 }, (_, p) => ({
      partitionIndex: p,
      highWatermark: 1000n,
      lastStableOffset: 1000n,
      logStartOffset: 0n,
      abortedTransactions: null,
      records,
    })),
  })),
}).subarray(4);
bench('Fetch v16 response, 100 partitions x 16 KiB (records are views)', fetch.length, () =>
  decodeResponse(apis.Fetch, 16, fetch),
);

const fetchRequest = {
  maxWaitMs: 500,
  minBytes: 1,
  isolationLevel: 1,
  sessionId: 0,
  sessionEpoch: -1,
  topics: Array.from({ length: 10 }, (_, t) => ({
    topicId: uuid(t),
    partitions: Array.from({ length: 10 }, (_, p) => ({
      partition: p,
      fetchOffset: 100n,
      partitionMaxBytes: 1 << 20,
    })),
  })),
  forgottenTopicsData: [],
  rackId: '',
};
const fetchSize = encodeRequest(apis.Fetch, 16, { correlationId: 1, clientId: 'bench' }, fetchRequest).length;
bench('Fetch v16 request encode, 10 topics x 10 partitions', fetchSize, () =>
  encodeRequest(apis.Fetch, 16, { correlationId: 1, clientId: 'bench' }, fetchRequest),
);

const produceRequest = {
  transactionalId: null,
  acks: -1,
  timeoutMs: 30000,
  topicData: Array.from({ length: 10 }, (_, t) => ({
    name: `topic-${t}`,
    partitionData: Array.from({ length: 10 }, (_, p) => ({ index: p, records })),
  })),
};
const produceSize = encodeRequest(
  apis.Produce,
  11,
  { correlationId: 1, clientId: 'bench' },
  produceRequest,
).length;
const smallProduce = {
  acks: -1,
  timeoutMs: 30000,
  topicData: [{ name: 'topic-a', partitionData: [{ index: 3, records: records.subarray(0, 1024) }] }],
};
const smallSize = encodeRequest(
  apis.Produce,
  11,
  { correlationId: 1, clientId: 'bench' },
  smallProduce,
).length;
bench('Produce v11 request encode, 1 partition x 1 KiB', smallSize, () =>
  encodeRequest(apis.Produce, 11, { correlationId: 1, clientId: 'bench' }, smallProduce),
);
bench('Produce v11 request encode, 100 partitions x 16 KiB', produceSize, () =>
  encodeRequest(apis.Produce, 11, { correlationId: 1, clientId: 'bench' }, produceRequest),
);
