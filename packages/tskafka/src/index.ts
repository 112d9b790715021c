/**
 * `tskafka`: PyKafka's abstraction level for Kafka in TypeScript. Start with {@link KafkaClient};
 * the lower layers' building blocks are re-exported for advanced use.
 * @packageDocumentation
 */
export * from '@tskafka/balanced';
export * from '@tskafka/consumer';
export * from '@tskafka/network';
export * from '@tskafka/producer';
export * from '@tskafka/protocol';
export { KafkaClient } from './client.js';
export { type KafkaClientOptions, parseHosts, type ResolvedClientOptions } from './client-options.js';
export { Partition } from './partition.js';
export { type OffsetQuery, Topic, type TopicBalancedConsumerOptions, type TopicDefaults } from './topic.js';
export { TopicsView } from './topics-view.js';
