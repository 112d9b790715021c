/**
 * `@tskafka/protocol`: the pure Kafka wire codec. Primitives, the error-code table, and every
 * client-facing API declared once across its versions. No I/O.
 * @packageDocumentation
 */

export * as apis from './apis/all.js';
export {
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeRequestChunks,
  encodeResponse,
  readCorrelationId,
} from './apis/codec/api-codec.js';
export type { Api, DecodedRequestOf, RequestOf, ResponseInputOf, ResponseOf } from './apis/dsl/define-api.js';
export type {
  Field,
  FieldKind,
  FieldOptions,
  Fields,
  StructIn,
  StructOut,
  UnknownTags,
} from './apis/dsl/fields.js';
export {
  ConsumerProtocolAssignment,
  type ConsumerProtocolAssignmentData,
  type ConsumerProtocolAssignmentInput,
  ConsumerProtocolSubscription,
  type ConsumerProtocolSubscriptionData,
  type ConsumerProtocolSubscriptionInput,
} from './apis/embedded/consumer-protocol.js';
export { decodeBlob, encodeBlob, type VersionedBlob } from './apis/embedded/versioned-blob.js';
export type * from './apis/types.js';
export * from './compression/index.js';
export { type ErrorCodeInfo, errorCodes } from './errors/error-codes.js';
export {
  KafkaDecodeError,
  KafkaEncodeError,
  KafkaError,
  type KafkaErrorOptions,
} from './errors/kafka-error.js';
export { KafkaProtocolError, protocolErrorFromCode } from './errors/protocol-error.js';
export { findResponseErrors } from './errors/response-errors.js';
export { bufferView } from './primitives/buffer-view.js';
export {
  type RequestHeader,
  readRequestHeader,
  readResponseHeader,
  writeRequestHeader,
  writeResponseHeader,
} from './primitives/headers.js';
export { Reader } from './primitives/reader.js';
export {
  type RawTaggedField,
  readRawTaggedFields,
  writeRawTaggedFields,
} from './primitives/tagged-fields.js';
export { Writer } from './primitives/writer.js';
export * from './records/index.js';
