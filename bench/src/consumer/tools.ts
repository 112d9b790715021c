/** The consumers that are not Node libraries: kcat (librdkafka) and Kafka's own Java tool. */
import { BENCHMARK_JVM_ARGS, kcat, runKafkaTool } from '@tskafka/harness';
import type { Contender } from './contenders.js';

export const kcatTool: Contender = {
  library: 'kcat (librdkafka 2.0.2, incl. process start)',
  async consume(bootstrap, t) {
    const start = performance.now();
    const { stdout } = await kcat(
      [
        '-b',
        bootstrap,
        '-C',
        '-t',
        t.topic,
        '-o',
        'beginning',
        '-c',
        String(t.count),
        '-e',
        '-q',
        '-f',
        '%o\n',
      ],
      { timeoutMs: 600_000 },
    );
    const seconds = (performance.now() - start) / 1000;
    const lines = stdout.split('\n').length - 1;
    if (lines !== t.count) throw new Error(`kcat read ${lines} messages, expected ${t.count}`);
    return { seconds, cpuMs: null };
  },
};

export const javaPerf: Contender = {
  library: 'Java ConsumerPerformance (its fetch time)',
  async consume(bootstrap, t, version) {
    const { stdout } = await runKafkaTool(
      version,
      'org.apache.kafka.tools.ConsumerPerformance',
      ['--bootstrap-server', bootstrap, '--topic', t.topic, '--messages', String(t.count)],
      { timeoutMs: 600_000, jvmArgs: BENCHMARK_JVM_ARGS },
    );
    // start.time, end.time, MB, MB.sec, nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
    const row =
      stdout
        .trim()
        .split('\n')
        .at(-1)
        ?.split(',')
        .map((c) => c.trim()) ?? [];
    const messages = Number(row[4]);
    const fetchMs = Number(row[7]);
    if (!(messages >= t.count) || !(fetchMs > 0))
      throw new Error(`unexpected ConsumerPerformance output: ${stdout}`);
    return { seconds: fetchMs / 1000, cpuMs: null };
  },
};
