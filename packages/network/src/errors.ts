import { KafkaError, type KafkaErrorOptions } from '@tskafka/protocol';

/**
 * The connection to a broker could not be opened or broke: refused, reset, closed by the peer,
 * TLS handshake failure. Every request pending on that connection rejects with one at once.
 * Retriable: another attempt (after a metadata refresh) may reach a live broker.
 */
export class ConnectionError extends KafkaError {
  /** `host:port` of the broker, when known. */
  readonly broker: string | undefined;

  constructor(message: string, options: KafkaErrorOptions & { broker?: string } = {}) {
    super(options.broker === undefined ? message : `${message} (${options.broker})`, {
      retriable: true,
      ...options,
    });
    this.broker = options.broker;
  }
}

/**
 * The TLS handshake failed: the broker's certificate does not verify against the configured CA,
 * its name does not match, or the peer does not speak TLS. Not retriable: the same settings fail
 * the same way.
 */
export class TlsError extends ConnectionError {
  constructor(message: string, options: KafkaErrorOptions & { broker?: string } = {}) {
    super(message, { ...options, retriable: false });
  }
}

/** A request got no response within its timeout. Retriable; the connection is closed with it. */
export class RequestTimeoutError extends KafkaError {
  /** The timeout that expired, in ms. */
  readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number, options: KafkaErrorOptions = {}) {
    super(message, { retriable: true, ...options });
    this.timeoutMs = timeoutMs;
  }
}

/**
 * SASL authentication failed: wrong credentials, a mechanism the broker does not enable, a SCRAM
 * server that cannot prove itself. The broker's error (a `KafkaProtocolError`) is the `cause`
 * when it sent one. Not retriable.
 */
export class AuthenticationError extends KafkaError {
  constructor(message: string, options: KafkaErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}

/**
 * An option or argument is invalid: the message names it and says what is allowed.
 * Raised synchronously at construction or call time; never retriable.
 */
export class ConfigurationError extends KafkaError {
  /** The option or argument at fault, e.g. `socketTimeoutMs`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super(`${option}: ${message}`, { retriable: false });
    this.option = option;
  }
}

/**
 * The broker and this client share no version of an API (or the broker lacks the API).
 * The message names the API and both version ranges. Not retriable against that broker.
 */
export class UnsupportedApiError extends KafkaError {
  /** Kafka's name of the API, e.g. `Produce`. */
  readonly api: string;

  constructor(api: string, message: string) {
    super(message, { retriable: false });
    this.api = api;
  }
}

/**
 * The cluster has no such topic (after a metadata refresh), or the client hides it
 * (`excludeInternalTopics`). Not retriable unless the topic is being created concurrently.
 */
export class UnknownTopicError extends KafkaError {
  /** The topic name asked for. */
  readonly topic: string;

  constructor(
    topic: string,
    reason = 'the cluster has no topic by that name',
    options: KafkaErrorOptions = {},
  ) {
    super(`unknown topic '${topic}': ${reason}`, { ...options, retriable: false });
    this.topic = topic;
  }
}

/** The client, connection or broker was closed before or while the operation ran. */
export class ClosedError extends KafkaError {
  constructor(message: string, options: KafkaErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}

/** The caller's `AbortSignal` fired; its reason is the `cause`. */
export class AbortedError extends KafkaError {
  constructor(message: string, options: KafkaErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}
