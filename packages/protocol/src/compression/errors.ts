import { KafkaError, type KafkaErrorOptions } from '../errors/kafka-error.js';

/**
 * Compressed bytes that cannot be decompressed: a corrupt stream, an unknown framing, or output
 * that would exceed the configured maximum size (a decompression bomb). Never retriable.
 */
export class KafkaCompressionError extends KafkaError {
  constructor(message: string, options: KafkaErrorOptions = {}) {
    super(message, { ...options, retriable: false });
  }
}

/**
 * A compression codec whose optional npm package is not installed or cannot load on this
 * machine. {@link KafkaCodecUnavailableError.packageName} names the package to install.
 */
export class KafkaCodecUnavailableError extends KafkaError {
  /** The npm package that provides the codec (e.g. `snappy`, `lz4`). */
  readonly packageName: string;

  constructor(codecName: string, packageName: string, cause: unknown) {
    super(
      `${codecName} compression needs the optional npm package '${packageName}', which could not be loaded; install it with \`npm install ${packageName}\``,
      { cause, retriable: false },
    );
    this.packageName = packageName;
  }
}
