import type { KafkaClusterInfo } from './cluster-info.js';
import { type CommandOptions, type CommandResult, runCommand } from './command.js';
import { toolArgv } from './jvm.js';
import { resolveKafka } from './maven.js';
import { javaBin } from './node-process.js';
import { type KafkaLineName, kafkaLine } from './versions.js';

/** Options of {@link runKafkaTool}. */
export interface ToolOptions extends CommandOptions {
  /**
   * Extra `java` flags, after the defaults (a 256 MiB heap and C1-only JIT, which start fastest),
   * so they override them: benchmarks pass e.g. `['-Xmx1g', '-XX:TieredStopAtLevel=4']`.
   */
  readonly jvmArgs?: readonly string[];
}

/** JVM flags that give a tool the full JIT and a 1 GiB heap, for benchmarks. */
export const BENCHMARK_JVM_ARGS: readonly string[] = ['-Xmx1g', '-XX:TieredStopAtLevel=4'];

/**
 * Runs one of Kafka's Java tools (TopicCommand, ConsoleProducer, ProducerPerformance, ...) from the
 * same jars as the broker of that line, logging WARN to stderr so stdout stays parseable.
 *
 * @example
 * await runKafkaTool('4', 'org.apache.kafka.tools.TopicCommand',
 *   ['--bootstrap-server', kafka.bootstrap, '--create', '--topic', 't1', '--partitions', '3']);
 */
export async function runKafkaTool(
  version: KafkaLineName,
  mainClass: string,
  args: readonly string[],
  options: ToolOptions = {},
): Promise<CommandResult> {
  const line = kafkaLine(version);
  const lib = await resolveKafka(line);
  const { jvmArgs, ...command } = options;
  return runCommand(javaBin(), toolArgv(line, lib, [mainClass, ...args], jvmArgs), command);
}

/** Runs Debian's `kcat` (librdkafka) with the given arguments: the independent C client of the proofs. */
export function kcat(args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  return runCommand('kcat', args, { timeoutMs: 30_000, ...options });
}

/** Options for {@link createTopic}. */
export interface CreateTopicOptions {
  readonly partitions?: number;
  readonly replicationFactor?: number;
}

/** Creates a topic with Kafka's own TopicCommand and waits for it to exist. */
export async function createTopic(
  cluster: KafkaClusterInfo,
  topic: string,
  options: CreateTopicOptions = {},
): Promise<void> {
  const rf = options.replicationFactor ?? Math.min(3, cluster.brokers.length);
  await runKafkaTool(cluster.version, 'org.apache.kafka.tools.TopicCommand', [
    ...['--bootstrap-server', cluster.bootstrap, '--create', '--topic', topic],
    ...['--partitions', String(options.partitions ?? 1), '--replication-factor', String(rf)],
  ]);
}
