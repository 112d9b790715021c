import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int8, int16, int32, int64, string } from '../dsl/fields.js';

/**
 * ListOffsets (API key 2, versions 1-11): Looks up offsets by timestamp, or the earliest/latest/max-
 * timestamp offset of partitions.
 */
export const ListOffsets = defineApi({
  key: 2,
  name: 'ListOffsets',
  versions: '1-11',
  flexible: '6+',
  request: {
    replicaId: int32(),
    isolationLevel: int8('2+'),
    topics: array({
      name: string(),
      partitions: array({
        partitionIndex: int32(),
        currentLeaderEpoch: int32({ v: '4+', default: -1, ignorable: true }),
        timestamp: int64(),
      }),
    }),
    timeoutMs: int32({ v: '10+', ignorable: true }),
  },
  response: {
    throttleTimeMs: int32({ v: '2+', ignorable: true }),
    topics: array({
      name: string(),
      partitions: array({
        partitionIndex: int32(),
        errorCode: int16(),
        timestamp: int64({ default: -1n }),
        offset: int64({ default: -1n }),
        leaderEpoch: int32({ v: '4+', default: -1 }),
      }),
    }),
  },
});

/** Request body of {@link ListOffsets}. */
export type ListOffsetsRequest = RequestOf<typeof ListOffsets>;
/** Response body of {@link ListOffsets}. */
export type ListOffsetsResponse = ResponseOf<typeof ListOffsets>;
