/**
 * `@tskafka/consumer`: PyKafka's SimpleConsumer over the network layer: explicit partitions,
 * pipelined fetching per broker with bounded prefetch, offsets in Kafka's group offset store.
 * @packageDocumentation
 */

export { DeserializationError, UnknownPartitionError } from './errors.js';
export { iterateMessages, type Message } from './message.js';
export type { CommittedOffset } from './offset-store.js';
export {
  type Deserializer,
  EARLIEST,
  type GroupMembership,
  LATEST,
  NO_MEMBERSHIP,
  type OffsetResetPolicy,
  type ResolvedConsumerOptions,
  resolveConsumerOptions,
  type SimpleConsumerOptions,
} from './options.js';
export { SimpleConsumer } from './simple-consumer.js';
export { TopicRecreatedError } from './topic-identity.js';
export { Wake } from './wake.js';
