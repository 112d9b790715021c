import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, int32, int64, string, uuid } from '../dsl/fields.js';

/**
 * OffsetCommit (API key 8, versions 2-10): Stores consumed offsets for a consumer group.
 */
export const OffsetCommit = defineApi({
  key: 8,
  name: 'OffsetCommit',
  versions: '2-10',
  flexible: '8+',
  request: {
    groupId: string(),
    generationIdOrMemberEpoch: int32({ default: -1, ignorable: true }),
    memberId: string({ ignorable: true }),
    groupInstanceId: string({ v: '7+', nullable: '7+', default: null }),
    retentionTimeMs: int64({ v: '2-4', default: -1n, ignorable: true }),
    topics: array({
      name: string({ v: '2-9', ignorable: true }),
      topicId: uuid({ v: '10+', ignorable: true }),
      partitions: array({
        partitionIndex: int32(),
        committedOffset: int64(),
        committedLeaderEpoch: int32({ v: '6+', default: -1, ignorable: true }),
        committedMetadata: string({ nullable: '2+' }),
      }),
    }),
  },
  response: {
    throttleTimeMs: int32({ v: '3+', ignorable: true }),
    topics: array({
      name: string({ v: '2-9', ignorable: true }),
      topicId: uuid({ v: '10+', ignorable: true }),
      partitions: array({
        partitionIndex: int32(),
        errorCode: int16(),
      }),
    }),
  },
});

/** Request body of {@link OffsetCommit}. */
export type OffsetCommitRequest = RequestOf<typeof OffsetCommit>;
/** Response body of {@link OffsetCommit}. */
export type OffsetCommitResponse = ResponseOf<typeof OffsetCommit>;
