// Public API of the broker harness: real Kafka and ZooKeeper JVMs for tests, benchmarks and dev use.
export { SASL_MECHANISMS, type SaslUser } from './broker-config.js';
export {
  type ClientSecurity,
  javaClientProperties,
  kcatSecurityArgs,
  writeJavaClientConfig,
} from './client-security.js';
export { attachKafka, type KafkaCluster } from './cluster-control.js';
export type { BrokerInfo, KafkaClusterInfo } from './cluster-info.js';
export type { CommandOptions, CommandResult } from './command.js';
export { HarnessError } from './errors.js';
export {
  type ConsumerPerformanceOptions,
  type ConsumerPerformanceResult,
  consoleConsume,
  consoleProduce,
  consumerPerformance,
  type JavaClientOptions,
  type ProducerPerformanceOptions,
  type ProducerPerformanceResult,
  producerPerformance,
} from './java-clients.js';
export { DEFAULT_SASL_USERS, type StartKafkaOptions, startKafka } from './kafka.js';
export { libDir, resolveKafka } from './maven.js';
export { nodeCpuSeconds } from './node-process.js';
export { freePorts } from './ports.js';
export { reapLeftovers } from './run-dir.js';
export {
  BENCHMARK_JVM_ARGS,
  type CreateTopicOptions,
  createTopic,
  kcat,
  runKafkaTool,
  type ToolOptions,
} from './tools.js';
export { KAFKA_LINE_NAMES, KAFKA_LINES, type KafkaLine, type KafkaLineName, kafkaLine } from './versions.js';
export { type ClusterMetadata, fetchMetadata, type MetadataBroker } from './wire.js';
export { startZooKeeper, type ZooKeeper, type ZooKeeperOptions } from './zookeeper.js';
