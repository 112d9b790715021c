import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, int32, int64, string } from '../dsl/fields.js';

/**
 * OffsetForLeaderEpoch (API key 23, versions 2-4): Finds the end offset of a leader epoch, to detect
 * log truncation after a leader change.
 */
export const OffsetForLeaderEpoch = defineApi({
  key: 23,
  name: 'OffsetForLeaderEpoch',
  versions: '2-4',
  flexible: '4+',
  request: {
    replicaId: int32({ v: '3+', default: -2, ignorable: true }),
    topics: array({
      topic: string(),
      partitions: array({
        partition: int32(),
        currentLeaderEpoch: int32({ default: -1, ignorable: true }),
        leaderEpoch: int32(),
      }),
    }),
  },
  response: {
    throttleTimeMs: int32({ ignorable: true }),
    topics: array({
      topic: string(),
      partitions: array({
        errorCode: int16(),
        partition: int32(),
        leaderEpoch: int32({ default: -1, ignorable: true }),
        endOffset: int64({ default: -1n }),
      }),
    }),
  },
});

/** Request body of {@link OffsetForLeaderEpoch}. */
export type OffsetForLeaderEpochRequest = RequestOf<typeof OffsetForLeaderEpoch>;
/** Response body of {@link OffsetForLeaderEpoch}. */
export type OffsetForLeaderEpochResponse = ResponseOf<typeof OffsetForLeaderEpoch>;
