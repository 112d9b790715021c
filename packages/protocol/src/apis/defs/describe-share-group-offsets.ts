import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, int32, int64, string, uuid } from '../dsl/fields.js';

/**
 * DescribeShareGroupOffsets (API key 90, versions 0-1): Reads the start offsets of share groups.
 */
export const DescribeShareGroupOffsets = defineApi({
  key: 90,
  name: 'DescribeShareGroupOffsets',
  versions: '0-1',
  flexible: '0+',
  request: {
    groups: array({
      groupId: string(),
      topics: array(
        {
          topicName: string(),
          partitions: array(int32()),
        },
        { nullable: '0+' },
      ),
    }),
  },
  response: {
    throttleTimeMs: int32(),
    groups: array({
      groupId: string(),
      topics: array({
        topicName: string(),
        topicId: uuid(),
        partitions: array({
          partitionIndex: int32(),
          startOffset: int64(),
          leaderEpoch: int32(),
          lag: int64({ v: '1+', default: -1n, ignorable: true }),
          errorCode: int16(),
          errorMessage: string({ nullable: '0+', default: null }),
        }),
      }),
      errorCode: int16(),
      errorMessage: string({ nullable: '0+', default: null }),
    }),
  },
});

/** Request body of {@link DescribeShareGroupOffsets}. */
export type DescribeShareGroupOffsetsRequest = RequestOf<typeof DescribeShareGroupOffsets>;
/** Response body of {@link DescribeShareGroupOffsets}. */
export type DescribeShareGroupOffsetsResponse = ResponseOf<typeof DescribeShareGroupOffsets>;
