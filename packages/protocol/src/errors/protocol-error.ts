import { type ErrorCodeInfo, errorCodes } from './error-codes.js';
import { KafkaError, type KafkaErrorOptions } from './kafka-error.js';

const unknownCode = errorCodes.get(-1)!;

/**
 * An error code returned by a broker, with its Kafka name, retriability and, where the code came
 * from inside a response, the JSON-pointer style location of the failing item
 * (e.g. `/topics/0/partitions/1`).
 */
export class KafkaProtocolError extends KafkaError {
  /** The numeric Kafka error code as received. */
  readonly code: number;
  /** Kafka's name for the code, e.g. `NOT_LEADER_OR_FOLLOWER`; `UNKNOWN_SERVER_ERROR` for unknown codes. */
  readonly errorName: string;
  /** Whether a client should refresh metadata before retrying. */
  readonly refreshMetadata: boolean;
  /** Where in the response the code was found, when known. */
  readonly location: string | undefined;
  /** The broker's own error message, when the response carried one. */
  readonly brokerMessage: string | undefined;

  constructor(
    code: number,
    info: ErrorCodeInfo,
    details: { location?: string; brokerMessage?: string | null } = {},
    options: KafkaErrorOptions = {},
  ) {
    const where = details.location === undefined ? '' : ` at ${details.location}`;
    const said = details.brokerMessage ? `: ${details.brokerMessage}` : '';
    super(`${info.name} (${code})${where}: ${info.message}${said}`, {
      cause: options.cause,
      retriable: options.retriable ?? info.retriable,
    });
    this.code = code;
    this.errorName = info.name;
    this.refreshMetadata = info.refreshMetadata;
    this.location = details.location;
    this.brokerMessage = details.brokerMessage ?? undefined;
  }
}

/**
 * Builds the {@link KafkaProtocolError} for a broker error code. Codes missing from the table are
 * treated as `UNKNOWN_SERVER_ERROR` (as the Java client does) but keep their numeric value.
 * @param code the error code from the response
 * @param location where in the response it was found, e.g. `/topics/0/partitions/1`
 * @param brokerMessage the response's error message field, if any
 */
export function protocolErrorFromCode(
  code: number,
  location?: string,
  brokerMessage?: string | null,
): KafkaProtocolError {
  const info = errorCodes.get(code) ?? unknownCode;
  const details: { location?: string; brokerMessage?: string | null } = {};
  if (location !== undefined) details.location = location;
  if (brokerMessage !== undefined) details.brokerMessage = brokerMessage;
  return new KafkaProtocolError(code, info, details);
}
