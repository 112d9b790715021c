/**
 * `@tskafka/network`: connections (TCP/TLS, framing, pipelining, timeouts), ApiVersions
 * negotiation, SASL, brokers and the cluster metadata model, the retry policy, admin calls.
 * @packageDocumentation
 */

export {
  Admin,
  type AdminCallOptions,
  type ConfigChanges,
  type NewTopic,
  type TopicConfigEntry,
} from './admin/admin.js';
export { Broker, type BrokerRequestOptions, type SharedConnectionOptions } from './cluster/broker.js';
export { Cluster, type ClusterOptions, type CoordinatorType, type HostPort } from './cluster/cluster.js';
export {
  EARLIEST_OFFSET,
  LATEST_OFFSET,
  type ListOffsetsOptions,
  listOffsets,
  type PartitionOffset,
} from './cluster/list-offsets.js';
export type {
  BrokerMetadata,
  ClusterMetadata,
  PartitionMetadata,
  TopicMetadata,
} from './cluster/metadata.js';
export { Connection, type ConnectionOptions, type RequestOptions } from './connection/connection.js';
export { DEFAULT_MAX_FRAME_BYTES, FrameSplitter } from './connection/frame-splitter.js';
export {
  FrameTransport,
  type FrameTransportOptions,
  type SendOptions,
} from './connection/frame-transport.js';
export type { TlsOptions } from './connection/open-socket.js';
export { type ApiIdentity, type BrokerApiRange, VersionTable } from './connection/version-table.js';
export {
  AbortedError,
  AuthenticationError,
  ClosedError,
  ConfigurationError,
  ConnectionError,
  RequestTimeoutError,
  TlsError,
  UnknownTopicError,
  UnsupportedApiError,
} from './errors.js';
export { type LogFields, type Logger, silentLogger } from './logger.js';
export { boolOption, intOption, oneOfOption } from './options/read-option.js';
export {
  type AttemptInfo,
  backoffDelay,
  DEFAULT_RETRY,
  isRetriable,
  type ResolvedRetryOptions,
  type RetryControl,
  type RetryOptions,
  resolveRetry,
  retry,
} from './retry/retry-policy.js';
export { type SaslMechanism, type SaslOptions, validateSasl } from './sasl/authenticate.js';
export { ScramClient, type ScramHash } from './sasl/scram.js';
export {
  type RequestTraceContext,
  type RequestTraceHandlers,
  requestChannel,
  traceRequests,
} from './tracing.js';
export { sleep } from './util/abort.js';
