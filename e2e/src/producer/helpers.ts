import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { kcat } from '@tskafka/harness';
import { Admin, Cluster } from '@tskafka/network';
import { afterAll, beforeAll } from 'vitest';
import type { Flavour } from '../setup/clusters.js';
import { uniqueName } from '../setup/clusters.js';

/** A cluster client on a flavour's (or any) PLAINTEXT bootstrap list. */
export function openCluster(bootstrap: string): Cluster {
  const hosts = bootstrap.split(',').map((hp) => {
    const [host, port] = hp.split(':');
    return { host: host ?? '', port: Number(port) };
  });
  return new Cluster({ bootstrap: hosts, clientId: 'tskafka-e2e-producer' });
}

/** Creates a fresh topic and returns its name. */
export async function newTopic(
  cluster: Cluster,
  prefix: string,
  partitions: number,
  replicationFactor = 1,
  configs?: Record<string, string>,
): Promise<string> {
  const name = uniqueName(prefix);
  await new Admin(cluster).createTopics([{ name, partitions, replicationFactor, configs }]);
  return name;
}

/** One message as `kcat -J` prints it. */
export interface KcatRecord {
  partition: number;
  offset: number;
  ts: number;
  key: string | null;
  payload: string | null;
  headers?: string[];
}

/** Reads `count` messages of every partition from the beginning with kcat (librdkafka). */
export async function kcatReadAll(
  bootstrap: string,
  topic: string,
  count: number,
  extra: string[] = [],
): Promise<KcatRecord[]> {
  const { stdout } = await kcat(
    [...['-b', bootstrap, '-C', '-t', topic, '-o', 'beginning', '-c', String(count), '-e', '-J'], ...extra],
    { timeoutMs: 120_000 },
  );
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as KcatRecord);
}

/** Groups records by partition, each list in offset order. */
export function byPartition<T extends { partition: number; offset: number | bigint }>(
  records: T[],
): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const r of records) map.set(r.partition, [...(map.get(r.partition) ?? []), r]);
  for (const list of map.values()) list.sort((a, b) => Number(a.offset) - Number(b.offset));
  return map;
}

/** The flavours' PLAINTEXT facts this suite needs. */
export type ProducerFlavour = Pick<Flavour, 'bootstrap' | 'version' | 'name'>;

const execFileAsync = promisify(execFile);

/**
 * Reads `count` records from the beginning with Debian's python3-kafka (kafka-python 2.0.2), in
 * the same shape as {@link kcatReadAll}. That package has no snappy, lz4 or zstd module here,
 * so it can check only uncompressed and gzip data.
 */
export async function pythonReadAll(bootstrap: string, topic: string, count: number): Promise<KcatRecord[]> {
  const script = fileURLToPath(new URL('./python-read.py', import.meta.url));
  const { stdout } = await execFileAsync('/usr/bin/python3', [script, bootstrap, topic, String(count)], {
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as KcatRecord);
}

/**
 * Opens a cluster client before the suite's tests and closes it after them; call inside a
 * `describe`. Returns a getter for it.
 */
export function suiteCluster(bootstrap: string): () => Cluster {
  let cluster: Cluster | undefined;
  beforeAll(() => {
    cluster = openCluster(bootstrap);
  });
  afterAll(async () => {
    await cluster?.close();
  });
  return () => {
    if (cluster === undefined) throw new Error('the suite cluster is not open yet');
    return cluster;
  };
}
