import { type ClientSecurity, writeJavaClientConfig } from './client-security.js';
import type { KafkaClusterInfo } from './cluster-info.js';
import { HarnessError } from './errors.js';
import { runKafkaTool } from './tools.js';

// Kafka's own Java producer and consumer, driven through its console and perf tools: the reference
// client that tskafka's behaviour is compared with.

/** Which listener and credentials a Java tool uses; PLAINTEXT when absent. */
export interface JavaClientOptions {
  readonly security?: ClientSecurity;
  /** Killed after this long (default 60 s). */
  readonly timeoutMs?: number;
  /** Extra `java` flags (see `runKafkaTool`). */
  readonly jvmArgs?: readonly string[];
}

/** 3.x tools take `--producer.config` / `--consumer.config`; 4.x deprecates them for `--command-*`. */
const legacyTools = (cluster: KafkaClusterInfo) => cluster.kafkaVersion.startsWith('3.');

/** The tool flags naming a client config file and a single client property. */
function configFlags(cluster: KafkaClusterInfo, role: 'producer' | 'consumer') {
  return legacyTools(cluster)
    ? { file: `--${role}.config`, property: `--${role}-property` }
    : { file: '--command-config', property: '--command-property' };
}

/** The bootstrap list of the listener matching `security`, plus the tool flag carrying its config. */
function connection(cluster: KafkaClusterInfo, options: JavaClientOptions, role: 'producer' | 'consumer') {
  const configFlag = configFlags(cluster, role).file;
  const security = options.security ?? { protocol: 'PLAINTEXT' };
  const bootstrap = {
    PLAINTEXT: cluster.bootstrap,
    SASL_PLAINTEXT: cluster.saslBootstrap,
    SSL: cluster.sslBootstrap,
  }[security.protocol];
  if (bootstrap === undefined) throw new HarnessError(`the cluster has no ${security.protocol} listener`);
  const config =
    security.protocol === 'PLAINTEXT' ? [] : [configFlag, writeJavaClientConfig(cluster.runDir, security)];
  return { bootstrap, config };
}

/** 3.x keeps ConsoleProducer in core (Scala); 4.x moved it to the tools module. */
const consoleProducerClass = (cluster: KafkaClusterInfo) =>
  cluster.kafkaVersion.startsWith('3.')
    ? 'kafka.tools.ConsoleProducer'
    : 'org.apache.kafka.tools.ConsoleProducer';

/** Produces one message per value (no key) with Kafka's ConsoleProducer, `acks=all`. */
export async function consoleProduce(
  cluster: KafkaClusterInfo,
  topic: string,
  values: readonly string[],
  options: JavaClientOptions = {},
): Promise<void> {
  if (values.some((v) => v.includes('\n'))) throw new HarnessError('console values cannot contain newlines');
  const { bootstrap, config } = connection(cluster, options, 'producer');
  const acks = [configFlags(cluster, 'producer').property, 'acks=all'];
  const args = ['--bootstrap-server', bootstrap, '--topic', topic, ...acks, ...config];
  await runKafkaTool(cluster.version, consoleProducerClass(cluster), args, {
    input: values.map((v) => `${v}\n`).join(''),
    timeoutMs: options.timeoutMs,
  });
}

/** Reads `count` values from the beginning of a topic with Kafka's ConsoleConsumer. */
export async function consoleConsume(
  cluster: KafkaClusterInfo,
  topic: string,
  count: number,
  options: JavaClientOptions = {},
): Promise<string[]> {
  const { bootstrap, config } = connection(cluster, options, 'consumer');
  const timeoutMs = options.timeoutMs ?? 60_000;
  const { stdout } = await runKafkaTool(
    cluster.version,
    'org.apache.kafka.tools.consumer.ConsoleConsumer',
    [
      ...['--bootstrap-server', bootstrap, '--topic', topic, '--from-beginning'],
      ...[
        '--max-messages',
        String(count),
        '--timeout-ms',
        String(Math.max(1000, timeoutMs - 10_000)),
        ...config,
      ],
    ],
    { timeoutMs },
  );
  return stdout.split('\n').filter((line) => line !== '');
}

/** Options for {@link producerPerformance}. */
export interface ProducerPerformanceOptions extends JavaClientOptions {
  readonly records: number;
  readonly recordSize: number;
  /** Messages per second; -1 (default) for no limit. */
  readonly throughput?: number;
  /** Producer settings such as `acks`, `linger.ms`, `compression.type`. Set `linger.ms`: 3.9 and 4.x differ. */
  readonly producerProps?: Readonly<Record<string, string | number>>;
}

/** The summary line of ProducerPerformance. */
export interface ProducerPerformanceResult {
  readonly records: number;
  readonly recordsPerSecond: number;
  readonly mbPerSecond: number;
  readonly avgLatencyMs: number;
  readonly maxLatencyMs: number;
}

const SUMMARY =
  /(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency/;

/** Runs Kafka's ProducerPerformance against a topic and parses its final summary. */
export async function producerPerformance(
  cluster: KafkaClusterInfo,
  topic: string,
  options: ProducerPerformanceOptions,
): Promise<ProducerPerformanceResult> {
  const { bootstrap, config } = connection(cluster, options, 'producer');
  const propsFlag = legacyTools(cluster) ? '--producer-props' : '--command-property';
  const props = Object.entries({ ...options.producerProps, 'bootstrap.servers': bootstrap }).map(
    ([k, v]) => `${k}=${v}`,
  );
  const { stdout } = await runKafkaTool(
    cluster.version,
    'org.apache.kafka.tools.ProducerPerformance',
    [
      ...[
        '--topic',
        topic,
        '--num-records',
        String(options.records),
        '--record-size',
        String(options.recordSize),
      ],
      ...['--throughput', String(options.throughput ?? -1), propsFlag, ...props, ...config],
    ],
    { timeoutMs: options.timeoutMs ?? 300_000, jvmArgs: options.jvmArgs },
  );
  const summary = stdout.trim().split('\n').at(-1) ?? '';
  const m = SUMMARY.exec(summary);
  if (m === null) throw new HarnessError(`unexpected ProducerPerformance output: ${summary}`);
  const [records, rate, mb, avg, max] = m.slice(1).map(Number) as [number, number, number, number, number];
  return { records, recordsPerSecond: rate, mbPerSecond: mb, avgLatencyMs: avg, maxLatencyMs: max };
}

/** Options for {@link consumerPerformance}. */
export interface ConsumerPerformanceOptions extends JavaClientOptions {
  readonly records: number;
  /** Consumer group (default: a fresh one, so the topic is read from the start). */
  readonly group?: string;
}

/** ConsumerPerformance's summary: its header names mapped to the numbers below them. */
export type ConsumerPerformanceResult = Readonly<Record<string, number>>;

/** Runs Kafka's ConsumerPerformance over a topic and returns its summary row by column name. */
export async function consumerPerformance(
  cluster: KafkaClusterInfo,
  topic: string,
  options: ConsumerPerformanceOptions,
): Promise<ConsumerPerformanceResult> {
  const { bootstrap, config } = connection(cluster, options, 'consumer');
  const group = options.group ?? `perf-${process.pid}-${Date.now()}`;
  const { stdout } = await runKafkaTool(
    cluster.version,
    'org.apache.kafka.tools.ConsumerPerformance',
    [
      ...['--bootstrap-server', bootstrap, '--topic', topic, '--group', group],
      ...[legacyTools(cluster) ? '--messages' : '--num-records', String(options.records), ...config],
    ],
    { timeoutMs: options.timeoutMs ?? 300_000, jvmArgs: options.jvmArgs },
  );
  const lines = stdout.trim().split('\n');
  const header = lines.findIndex((line) => line.startsWith('start.time'));
  const names = lines[header]?.split(',').map((s) => s.trim()) ?? [];
  const values = lines[header + 1]?.split(',').map((s) => s.trim()) ?? [];
  if (header < 0 || values.length !== names.length) {
    throw new HarnessError(`unexpected ConsumerPerformance output: ${stdout.slice(-500)}`);
  }
  // The first two columns are timestamps; the rest are numbers.
  return Object.fromEntries(names.slice(2).map((name, i) => [name, Number(values[i + 2])]));
}
