/** Structured fields attached to a log line. */
export type LogFields = Record<string, unknown>;

/**
 * The logging interface every layer accepts through its options. Shaped after pino's
 * `(fields, message)` call so a pino logger (or a child of one) can be passed as is.
 */
export interface Logger {
  /** Detailed tracing of connection and protocol steps. */
  debug(fields: LogFields, message: string): void;
  /** Normal lifecycle events (connected, metadata refreshed). */
  info(fields: LogFields, message: string): void;
  /** Something went wrong but was handled (a retry, a reconnect). */
  warn(fields: LogFields, message: string): void;
  /** An operation failed for good. */
  error(fields: LogFields, message: string): void;
}

const noop = (): void => {};

/** The default logger: drops everything, so the library is silent unless given a logger. */
export const silentLogger: Logger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop });
