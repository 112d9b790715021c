import { createHash } from 'node:crypto';
import { murmur2, toPositive } from './murmur2.js';

/**
 * Chooses the partition of one record. `partitions` holds every partition id of the topic in
 * ascending order (PyKafka passes the partition list first too); `key` is the serialized key;
 * `recordBytes` the record's approximate encoded size (sticky partitioning counts it).
 * Must return one of `partitions`.
 */
export type Partitioner = (partitions: readonly number[], key: Buffer | null, recordBytes: number) => number;

/** Built-in partitioners by name; each producer gets its own instance (some keep state). */
export type PartitionerName = 'default' | 'murmur2' | 'sticky' | 'round-robin' | 'random' | 'pykafka-hashing';

/**
 * Java-compatible key hashing: `toPositive(murmur2(key)) % partitionCount`, the partition Kafka's
 * Java client (and librdkafka's `murmur2_random`) picks for the same key. Keyless records go to a
 * random partition.
 */
export const murmur2Partitioner: Partitioner = (partitions, key) => {
  if (key === null) return randomPartitioner(partitions, key, 0);
  return partitions[toPositive(murmur2(key)) % partitions.length]!;
};

/** A uniformly random partition per record, key ignored. */
export const randomPartitioner: Partitioner = (partitions) =>
  partitions[Math.floor(Math.random() * partitions.length)]!;

/**
 * Cycles through the partitions, key ignored. This is what PyKafka's `RandomPartitioner` (its
 * default) really does; like it, the first record goes to the second partition.
 */
export function roundRobinPartitioner(): Partitioner {
  let counter = 0;
  return (partitions) => partitions[++counter % partitions.length]!;
}

/**
 * PyKafka's `HashingPartitioner` with its default hash: SHA-1 of the key read as one big unsigned
 * integer, modulo the partition count, indexing the partitions sorted by id. Use it only to keep
 * keyed data where PyKafka put it; it is not what Java clients pick. Keyless records are refused
 * as PyKafka does (it raises ValueError).
 */
export const pykafkaHashingPartitioner: Partitioner = (partitions, key) => {
  if (key === null) throw new TypeError('the pykafka-hashing partitioner needs a partitionKey');
  const digest = createHash('sha1').update(key).digest();
  // Horner's rule on the digest bytes keeps every intermediate below 2^40 for any partition count.
  let rest = 0;
  for (const byte of digest) rest = (rest * 256 + byte) % partitions.length;
  return partitions[rest]!;
};

/**
 * KIP-794 uniform sticky partitioning for keyless records: stay on one partition until at least
 * `batchSize` bytes went to it, then move to another random one, so batches fill up instead of
 * spreading one record per partition. Keyed records use {@link murmur2Partitioner}. (Java's
 * adaptive weighting by queue length is not implemented: the next partition is drawn uniformly.)
 */
export function stickyPartitioner(batchSize: number): Partitioner {
  let current = -1;
  let bytes = 0;
  return (partitions, key, recordBytes) => {
    if (key !== null) return murmur2Partitioner(partitions, key, recordBytes);
    if (current < 0 || bytes >= batchSize || !partitions.includes(current)) {
      const previous = current;
      current = randomPartitioner(partitions, null, 0);
      if (current === previous && partitions.length > 1)
        current = partitions[(partitions.indexOf(current) + 1) % partitions.length]!;
      bytes = 0;
    }
    bytes += recordBytes;
    return current;
  };
}

/** A fresh instance of a built-in partitioner; `default` is sticky for keyless, murmur2 for keyed. */
export function namedPartitioner(name: PartitionerName, batchSize: number): Partitioner {
  switch (name) {
    case 'default':
    case 'sticky':
      return stickyPartitioner(batchSize);
    case 'murmur2':
      return murmur2Partitioner;
    case 'round-robin':
      return roundRobinPartitioner();
    case 'random':
      return randomPartitioner;
    case 'pykafka-hashing':
      return pykafkaHashingPartitioner;
  }
}
