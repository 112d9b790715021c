/**
 * `@tskafka/producer`: PyKafka's Producer and SyncProducer for one topic — per-partition
 * accumulation, partitioners (Java-compatible murmur2, KIP-794 sticky, round-robin, random,
 * PyKafka's hashing), bounded memory, retries without reordering, delivery reports,
 * idempotence and transactions.
 * @packageDocumentation
 */

export type { RecordMetadata } from './batch.js';
export type { DeliveredMessage, DeliveryReport } from './delivery-reports.js';
export { ProducerQueueFullError, SerializationError, TransactionStateError } from './errors.js';
export { murmur2, toPositive } from './murmur2.js';
export type { CompressionName, ProducerOptions } from './options.js';
export {
  murmur2Partitioner,
  type Partitioner,
  type PartitionerName,
  pykafkaHashingPartitioner,
  randomPartitioner,
  roundRobinPartitioner,
  stickyPartitioner,
} from './partitioners.js';
export { type ProduceOptions, Producer } from './producer.js';
export type { ProduceHeader, Serializer } from './serialize.js';
export { SyncProducer } from './sync-producer.js';
export type { TransactionOffset } from './transactions.js';
