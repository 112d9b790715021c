import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int16, int32, string, struct, uuid } from '../dsl/fields.js';

/**
 * DescribeTopicPartitions (API key 75, versions 0): Describes topics and partitions page by page.
 */
export const DescribeTopicPartitions = defineApi({
  key: 75,
  name: 'DescribeTopicPartitions',
  versions: '0',
  flexible: '0+',
  request: {
    topics: array({
      name: string(),
    }),
    responsePartitionLimit: int32({ default: 2000 }),
    cursor: struct(
      {
        topicName: string(),
        partitionIndex: int32(),
      },
      { nullable: '0+', default: null },
    ),
  },
  response: {
    throttleTimeMs: int32({ ignorable: true }),
    topics: array({
      errorCode: int16(),
      name: string({ nullable: '0+' }),
      topicId: uuid({ ignorable: true }),
      isInternal: bool({ ignorable: true }),
      partitions: array({
        errorCode: int16(),
        partitionIndex: int32(),
        leaderId: int32(),
        leaderEpoch: int32({ default: -1, ignorable: true }),
        replicaNodes: array(int32()),
        isrNodes: array(int32()),
        eligibleLeaderReplicas: array(int32(), { nullable: '0+', default: null }),
        lastKnownElr: array(int32(), { nullable: '0+', default: null }),
        offlineReplicas: array(int32(), { ignorable: true }),
      }),
      topicAuthorizedOperations: int32({ default: -2147483648 }),
    }),
    nextCursor: struct(
      {
        topicName: string(),
        partitionIndex: int32(),
      },
      { nullable: '0+', default: null },
    ),
  },
});

/** Request body of {@link DescribeTopicPartitions}. */
export type DescribeTopicPartitionsRequest = RequestOf<typeof DescribeTopicPartitions>;
/** Response body of {@link DescribeTopicPartitions}. */
export type DescribeTopicPartitionsResponse = ResponseOf<typeof DescribeTopicPartitions>;
