/** The producers that are not Node libraries: kcat (librdkafka) and Kafka's own Java tool. */
import { BENCHMARK_JVM_ARGS, kcat, runKafkaTool } from '@tskafka/harness';
import { BATCH_BYTES, type Contender } from './contenders.js';

export const kcatTool: Contender = {
  library: 'kcat (librdkafka 2.0.2, incl. process start)',
  async produce(bootstrap, topic, w) {
    const line = `${'x'.repeat(w.size)}\n`;
    const input = line.repeat(w.count);
    const start = performance.now();
    await kcat(
      [
        ...['-b', bootstrap, '-P', '-t', topic, '-z', w.lz4 ? 'lz4' : 'none'],
        ...['-X', `acks=${w.acks === -1 ? 'all' : '1'}`, '-X', 'linger.ms=5'],
      ],
      { input, timeoutMs: 300_000 },
    );
    return { seconds: (performance.now() - start) / 1000, cpuMs: null };
  },
};

export const javaPerf: Contender = {
  library: 'Java ProducerPerformance (its own timing)',
  async produce(bootstrap, topic, w, version) {
    const { stdout } = await runKafkaTool(
      version,
      'org.apache.kafka.tools.ProducerPerformance',
      [
        ...['--topic', topic, '--num-records', String(w.count), '--record-size', String(w.size)],
        ...['--throughput', '-1', '--producer-props', `bootstrap.servers=${bootstrap}`],
        `acks=${w.acks === -1 ? 'all' : '1'}`,
        `compression.type=${w.lz4 ? 'lz4' : 'none'}`,
        `batch.size=${BATCH_BYTES}`,
        'linger.ms=5',
      ],
      { timeoutMs: 300_000, jvmArgs: BENCHMARK_JVM_ARGS },
    );
    const last = stdout.trim().split('\n').pop() ?? '';
    const match = /([\d.]+) records\/sec/.exec(last);
    if (match === null) throw new Error(`cannot parse ProducerPerformance output: ${last}`);
    return { seconds: w.count / Number(match[1]), cpuMs: null };
  },
};
