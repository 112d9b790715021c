import { kcat, runKafkaTool } from '@tskafka/harness';
import type { Flavour } from '../setup/clusters.js';

/** One partition as an independent tool reports it. */
export interface PartitionView {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

const byPartition = (a: PartitionView, b: PartitionView) => a.partition - b.partition;

/** Partition placement of a topic as kcat (librdkafka) sees it. */
export async function kcatPartitions(bootstrap: string, topic: string): Promise<PartitionView[]> {
  const { stdout } = await kcat(['-b', bootstrap, '-L', '-J', '-t', topic, '-m', '10']);
  const metadata = JSON.parse(stdout) as {
    topics: {
      topic: string;
      partitions: { partition: number; leader: number; replicas: { id: number }[]; isrs: { id: number }[] }[];
    }[];
  };
  const found = metadata.topics.find((t) => t.topic === topic);
  if (found === undefined) throw new Error(`kcat -L does not list ${topic}`);
  return found.partitions
    .map((p) => ({
      partition: p.partition,
      leader: p.leader,
      replicas: p.replicas.map((r) => r.id),
      isr: p.isrs.map((r) => r.id).sort(),
    }))
    .sort(byPartition);
}

/** Topic names kcat -L lists. */
export async function kcatTopicNames(bootstrap: string): Promise<string[]> {
  const { stdout } = await kcat(['-b', bootstrap, '-L', '-J', '-m', '10']);
  return (JSON.parse(stdout) as { topics: { topic: string }[] }).topics.map((t) => t.topic).sort();
}

/** Partition placement as Kafka's own TopicCommand --describe prints it. */
export async function topicCommandPartitions(kafka: Flavour, topic: string): Promise<PartitionView[]> {
  const { stdout } = await runKafkaTool(kafka.version, 'org.apache.kafka.tools.TopicCommand', [
    ...['--bootstrap-server', kafka.bootstrap, '--describe', '--topic', topic],
  ]);
  const views: PartitionView[] = [];
  for (const m of stdout.matchAll(
    /Partition: (\d+)\s+Leader: (-?\d+)\s+Replicas: ([\d,]+)\s+Isr: ([\d,]*)/g,
  )) {
    const list = (s: string | undefined) => (s ? s.split(',').filter(Boolean).map(Number) : []);
    views.push({
      partition: Number(m[1]),
      leader: Number(m[2]),
      replicas: list(m[3]),
      isr: list(m[4]).sort(),
    });
  }
  return views.sort(byPartition);
}

/** `kcat -Q`: the offset for a timestamp (-1 latest, -2 earliest) of one partition. */
export async function kcatOffset(bootstrap: string, topic: string, partition: number, timestamp: number) {
  const { stdout } = await kcat(['-b', bootstrap, '-Q', '-t', `${topic}:${partition}:${timestamp}`]);
  const match = /\[(\d+)\]\s+offset\s+(-?\d+)/.exec(stdout);
  if (match === null) throw new Error(`unexpected kcat -Q output: ${stdout}`);
  return BigInt(match[2] as string);
}

/** Produces `values` to one partition with kcat, acks=all. */
export async function kcatProduceTo(bootstrap: string, topic: string, partition: number, values: string[]) {
  await kcat(['-b', bootstrap, '-P', '-t', topic, '-p', String(partition), '-X', 'acks=all'], {
    input: `${values.join('\n')}\n`,
  });
}
