/**
 * Decoded responses reduced to a line of counts, so every library's output can be checked
 * against what was encoded whatever shape it decodes into.
 */

const sum = <T>(items: readonly T[], f: (item: T) => number) => items.reduce((n, item) => n + f(item), 0);

/** The summary of a Metadata response: counts, and the last topic's name. */
export const metadataSummary = (
  brokers: number,
  topics: number,
  partitions: number,
  replicas: number,
  lastTopic: string,
) => `brokers=${brokers} topics=${topics} partitions=${partitions} replicas=${replicas} last=${lastTopic}`;

/** The summary of a Fetch response: counts, value bytes, and the last record's offset and key. */
export const fetchSummary = (
  partitions: number,
  records: number,
  valueBytes: number,
  lastOffset: string,
  lastKey: string,
) => `partitions=${partitions} records=${records} valueBytes=${valueBytes} last=${lastOffset}:${lastKey}`;

/** A decoded Metadata response in tskafka's and @platformatic/kafka's field names. */
export interface MetadataLike {
  brokers: readonly unknown[];
  topics: ReadonlyArray<{
    name: string | null;
    partitions: ReadonlyArray<{ replicaNodes: readonly number[] }>;
  }>;
}

export function summarizeMetadata(m: MetadataLike): string {
  const partitions = m.topics.flatMap((t) => t.partitions);
  return metadataSummary(
    m.brokers.length,
    m.topics.length,
    partitions.length,
    sum(partitions, (p) => p.replicaNodes.length),
    m.topics.at(-1)?.name ?? '',
  );
}

/** One decoded record, whatever type the library gives its offset. */
export interface RecordLike {
  offset: bigint | string;
  key: Buffer | null;
  value: Buffer | null;
}

export function summarizeFetch(partitions: number, records: readonly RecordLike[]): string {
  const last = records.at(-1);
  return fetchSummary(
    partitions,
    records.length,
    sum(records, (r) => r.value?.length ?? 0),
    String(last?.offset),
    last?.key?.toString() ?? '',
  );
}
