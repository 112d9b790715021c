/** One request/response pair recorded between a real broker and an independent client. */
export interface GoldenFixture {
  /** Which client sent the request: `kcat` (librdkafka) or `java` (Kafka's own tools). */
  readonly client: string;
  readonly apiKey: number;
  readonly apiVersion: number;
  /** The exact Kafka version of the broker, e.g. `4.3.1`. */
  readonly kafkaVersion?: string;
  /** Request frame without its size prefix, hex. */
  readonly request: string;
  /** Response frame without its size prefix, hex. */
  readonly response: string;
}

/** `<client>-<apiKey>-v<version>.json`, zero-padded so files sort by API key. */
export const goldenFileName = (f: GoldenFixture): string =>
  `${f.client}-${String(f.apiKey).padStart(2, '0')}-v${f.apiVersion}.json`;
