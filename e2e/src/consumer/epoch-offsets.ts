import { runKafkaTool } from '@tskafka/harness';
import type { Cluster } from '@tskafka/network';
import { apis, protocolErrorFromCode } from '@tskafka/protocol';

/**
 * Stores `offset` with `leaderEpoch` for partition 0 of `topic` in `group`, as a consumer that
 * read up to there under that epoch would (OffsetCommit through the network layer, no membership).
 */
export async function commitWithEpoch(
  cluster: Cluster,
  group: string,
  topic: string,
  offset: bigint,
  leaderEpoch: number,
): Promise<void> {
  const meta = await cluster.refresh([topic]);
  const topicId = meta.topics.get(topic)?.topicId ?? '';
  const partition = { partitionIndex: 0, committedOffset: offset, committedLeaderEpoch: leaderEpoch };
  // Retried while the coordinator moves or loads (a broker was just killed in some suites).
  await cluster.withRetry(async () => {
    const coordinator = await cluster.findCoordinator(group);
    const response = await coordinator.request(apis.OffsetCommit, {
      groupId: group,
      generationIdOrMemberEpoch: -1,
      memberId: '',
      groupInstanceId: null,
      topics: [{ name: topic, topicId, partitions: [{ ...partition, committedMetadata: '' }] }],
    });
    const code = response.topics[0]?.partitions[0]?.errorCode ?? -1;
    if (code !== 0) throw protocolErrorFromCode(code, '/topics/0/partitions/0');
  });
}

/**
 * The offset of the first message Kafka's Java consumer reads from `topic` as a member of `group`
 * (from its committed offsets, `auto.offset.reset=earliest`): what Java makes of the commit.
 * Null when it reads nothing within `timeoutMs`.
 */
export async function javaFirstOffset(
  version: '3.9' | '4',
  bootstrap: string,
  topic: string,
  group: string,
  timeoutMs = 30_000,
): Promise<bigint | null> {
  // 4.x renamed --property to --formatter-property and --consumer-property to --command-property
  // (and warns on stdout otherwise).
  const [p, c] =
    version === '3.9'
      ? ['--property', '--consumer-property']
      : ['--formatter-property', '--command-property'];
  const { stdout } = await runKafkaTool(version, 'org.apache.kafka.tools.consumer.ConsoleConsumer', [
    ...['--bootstrap-server', bootstrap, '--topic', topic, '--group', group],
    ...['--max-messages', '1', '--timeout-ms', String(timeoutMs)],
    ...[c, 'auto.offset.reset=earliest', p, 'print.offset=true'],
  ]);
  const found = /Offset:(\d+)/.exec(stdout);
  return found === null ? null : BigInt(found[1] as string);
}
