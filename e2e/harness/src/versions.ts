/** How a Kafka line keeps its cluster metadata: in ZooKeeper (3.x) or in a KRaft quorum (3.3+ / 4.x). */
export type MetadataMode = 'zookeeper' | 'kraft';

/** Which SLF4J backend a Kafka line logs through; decides the extra jars and the config syntax. */
export type LoggingBackend = 'log4j1' | 'log4j2';

/** One Kafka release line the harness can run. */
export interface KafkaLine {
  /** Exact Maven version of `kafka_2.13` and `kafka-tools`. */
  readonly version: string;
  /** The metadata mode the harness runs this line in. */
  readonly mode: MetadataMode;
  /** The logging backend its distribution ships (the POMs leave it out, so the harness adds it). */
  readonly logging: LoggingBackend;
}

/**
 * The Kafka lines the harness knows, keyed by the short name tests use. Adding a line is one entry.
 * 4.x is the newest release whose broker and tools both resolve from Maven Central.
 */
export const KAFKA_LINES = {
  '3.9': { version: '3.9.1', mode: 'zookeeper', logging: 'log4j1' },
  '4': { version: '4.3.1', mode: 'kraft', logging: 'log4j2' },
} as const satisfies Record<string, KafkaLine>;

/** Short name of a Kafka line, e.g. `'3.9'` or `'4'`. */
export type KafkaLineName = keyof typeof KAFKA_LINES;

/** Every configured line name, oldest first. */
export const KAFKA_LINE_NAMES = (Object.keys(KAFKA_LINES) as KafkaLineName[]).sort();

/** The line whose jars also run ZooKeeper (its classpath carries the ZooKeeper server). */
export const ZOOKEEPER_LINE: KafkaLineName = '3.9';

/** Looks up a line by short name, throwing a clear error for unknown names (e.g. from the CLI). */
export function kafkaLine(name: string): KafkaLine & { readonly name: KafkaLineName } {
  if (!Object.hasOwn(KAFKA_LINES, name)) {
    throw new Error(`unknown Kafka version "${name}"; known: ${KAFKA_LINE_NAMES.join(', ')}`);
  }
  const key = name as KafkaLineName;
  return { name: key, ...KAFKA_LINES[key] };
}
