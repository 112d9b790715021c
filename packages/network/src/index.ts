/**
 * `@tskafka/network`: connections (TCP/TLS, framing, pipelining, timeouts), ApiVersions
 * negotiation, SASL, brokers and the cluster metadata model, the retry policy, admin calls.
 * @packageDocumentation
 */
export { DEFAULT_MAX_FRAME_BYTES, FrameSplitter } from './connection/frame-splitter.js';
export {
  FrameTransport,
  type FrameTransportOptions,
  type SendOptions,
} from './connection/frame-transport.js';
export {
  AbortedError,
  AuthenticationError,
  ClosedError,
  ConfigurationError,
  ConnectionError,
  RequestTimeoutError,
  UnsupportedApiError,
} from './errors.js';
export { type LogFields, type Logger, silentLogger } from './logger.js';
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
export { ScramClient, type ScramHash } from './sasl/scram.js';
export { type RequestTraceContext, requestChannel } from './tracing.js';
export { sleep } from './util/abort.js';
