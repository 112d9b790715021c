import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, int32, int64, string, uint16, uuid } from '../dsl/fields.js';

const ResponseReplicaState = {
  replicaId: int32(),
  replicaDirectoryId: uuid('2+'),
  logEndOffset: int64(),
  lastFetchTimestamp: int64({ v: '1+', default: -1n, ignorable: true }),
  lastCaughtUpTimestamp: int64({ v: '1+', default: -1n, ignorable: true }),
};

/**
 * DescribeQuorum (API key 55, versions 0-2): Describes the KRaft controller quorum.
 */
export const DescribeQuorum = defineApi({
  key: 55,
  name: 'DescribeQuorum',
  versions: '0-2',
  flexible: '0+',
  request: {
    topics: array({
      topicName: string(),
      partitions: array({
        partitionIndex: int32(),
      }),
    }),
  },
  response: {
    errorCode: int16(),
    errorMessage: string({ v: '2+', nullable: '2+', ignorable: true }),
    topics: array({
      topicName: string(),
      partitions: array({
        partitionIndex: int32(),
        errorCode: int16(),
        errorMessage: string({ v: '2+', nullable: '2+', ignorable: true }),
        leaderId: int32(),
        leaderEpoch: int32(),
        highWatermark: int64(),
        currentVoters: array(ResponseReplicaState),
        observers: array(ResponseReplicaState),
      }),
    }),
    nodes: array(
      {
        nodeId: int32('2+'),
        listeners: array(
          {
            name: string('2+'),
            host: string('2+'),
            port: uint16('2+'),
          },
          '2+',
        ),
      },
      '2+',
    ),
  },
});

/** Request body of {@link DescribeQuorum}. */
export type DescribeQuorumRequest = RequestOf<typeof DescribeQuorum>;
/** Response body of {@link DescribeQuorum}. */
export type DescribeQuorumResponse = ResponseOf<typeof DescribeQuorum>;
