import { kcat } from '@tskafka/harness';
import { Admin, Connection } from '@tskafka/network';
import { apis, decodeRecordBatches, type RecordBatch } from '@tskafka/protocol';
import { openCluster } from '../producer/helpers.js';
import type { Flavour } from '../setup/clusters.js';

// Produce/Fetch v13 address topics by id; v12 keeps names, which is all these tests need.
const BY_NAME = { maxVersion: 12 };

/** Opens a connection to the (single) broker of a flavour. */
export async function connect(kafka: Flavour): Promise<Connection> {
  const broker = kafka.brokers[0];
  if (broker === undefined) throw new Error(`flavour ${kafka.name} has no broker`);
  return Connection.connect({ host: broker.host, port: broker.port });
}

/**
 * Creates a one-partition topic for a test, with optional topic configs (`name=value`). Resolves
 * once the broker's metadata shows it (Admin waits for that): a Produce sent right after a
 * TopicCommand could meet a broker that had not learnt of the topic yet (seen once on Kafka 4).
 */
export async function oneTopic(kafka: Flavour, topic: string, configs: string[] = []): Promise<void> {
  const cluster = openCluster(kafka.bootstrap);
  try {
    // split at the first '=' only: a value may contain '=' itself
    const entries = configs.map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)]);
    await new Admin(cluster).createTopics([
      { name: topic, partitions: 1, replicationFactor: 1, configs: Object.fromEntries(entries) },
    ]);
  } finally {
    await cluster.close();
  }
}

/** Appends one encoded batch to partition 0 with acks=all; resolves with its base offset. */
export async function produceBatch(connection: Connection, topic: string, batch: Buffer): Promise<bigint> {
  const response = await connection.request(
    apis.Produce,
    {
      transactionalId: null,
      acks: -1,
      timeoutMs: 10_000,
      topicData: [{ name: topic, partitionData: [{ index: 0, records: batch }] }],
    },
    BY_NAME,
  );
  const partition = response.responses[0]?.partitionResponses[0];
  if (partition === undefined || partition.errorCode !== 0)
    throw new Error(`produce to ${topic} failed: error ${partition?.errorCode}`);
  return partition.baseOffset;
}

/** Fetches partition 0 from `offset` and returns the raw RECORDS bytes the broker sent. */
export async function fetchRaw(connection: Connection, topic: string, offset = 0n): Promise<Buffer | null> {
  const response = await connection.request(
    apis.Fetch,
    {
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 10 * 1024 * 1024,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        { topic, partitions: [{ partition: 0, fetchOffset: offset, partitionMaxBytes: 10 * 1024 * 1024 }] },
      ],
      forgottenTopicsData: [],
      rackId: '',
    },
    BY_NAME,
  );
  const partition = response.responses[0]?.partitions[0];
  if (partition === undefined || partition.errorCode !== 0)
    throw new Error(`fetch from ${topic} failed: error ${partition?.errorCode}`);
  return partition.records;
}

/** Fetches and decodes until at least `count` records have arrived (the broker may answer early). */
export async function fetchBatches(
  connection: Connection,
  topic: string,
  count: number,
): Promise<RecordBatch[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const batches = await decodeRecordBatches(await fetchRaw(connection, topic));
    const got = batches.reduce((n, b) => n + b.records.length, 0);
    if (got >= count || Date.now() > deadline) return batches;
  }
}

/** One message as `kcat -C -J` prints it. */
export interface KcatMessage {
  offset: number;
  ts: number;
  key: string | null;
  payload: string | null;
  headers?: string[];
}

/** Reads `count` messages of partition 0 from the beginning with kcat (librdkafka), as JSON. */
export async function kcatRead(kafka: Flavour, topic: string, count: number): Promise<KcatMessage[]> {
  const { stdout } = await kcat([
    ...['-b', kafka.bootstrap, '-C', '-t', topic, '-p', '0', '-o', 'beginning'],
    ...['-c', String(count), '-e', '-J'],
  ]);
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as KcatMessage);
}

/** Produces `key:value` lines to partition 0 with kcat, compressed with `codec`, with headers (and extra kcat arguments). */
export async function kcatWrite(
  kafka: Flavour,
  topic: string,
  codec: string,
  lines: string[],
  headers: string[],
  extra: string[] = [],
): Promise<void> {
  await kcat(
    [
      ...['-b', kafka.bootstrap, '-P', '-t', topic, '-p', '0', '-z', codec, '-K', ':'],
      ...headers.flatMap((h) => ['-H', h]),
      ...['-X', 'acks=all', '-X', 'linger.ms=100'],
      ...extra,
    ],
    { input: `${lines.join('\n')}\n` },
  );
}
