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
    generationIdOrMemberEpoch: int32({ default: -1 }),
    memberId: string(),
    groupInstanceId: string({ v: '7+', nullable: '7+', default: null }),
    retentionTimeMs: int64({ v: '2-4', default: -1n }),
    topics: array({
      name: string('2-9'),
      topicId: uuid('10+'),
      partitions: array({
        partitionIndex: int32(),
        committedOffset: int64(),
        committedLeaderEpoch: int32({ v: '6+', default: -1 }),
        committedMetadata: string({ nullable: '2+' }),
      }),
    }),
  },
  response: {
    throttleTimeMs: int32('3+'),
    topics: array({
      name: string('2-9'),
      topicId: uuid('10+'),
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
