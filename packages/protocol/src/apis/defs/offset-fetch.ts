import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int16, int32, int64, string, uuid } from '../dsl/fields.js';

/**
 * OffsetFetch (API key 9, versions 1-10): Reads the committed offsets of one or more consumer groups.
 */
export const OffsetFetch = defineApi({
  key: 9,
  name: 'OffsetFetch',
  versions: '1-10',
  flexible: '6+',
  request: {
    groupId: string('1-7'),
    topics: array(
      {
        name: string('1-7'),
        partitionIndexes: array(int32(), '1-7'),
      },
      { v: '1-7', nullable: '2-7' },
    ),
    groups: array(
      {
        groupId: string('8+'),
        memberId: string({ v: '9+', nullable: '9+', default: null, ignorable: true }),
        memberEpoch: int32({ v: '9+', default: -1, ignorable: true }),
        topics: array(
          {
            name: string({ v: '8-9', ignorable: true }),
            topicId: uuid({ v: '10+', ignorable: true }),
            partitionIndexes: array(int32(), '8+'),
          },
          { v: '8+', nullable: '8+' },
        ),
      },
      '8+',
    ),
    requireStable: bool('7+'),
  },
  response: {
    throttleTimeMs: int32({ v: '3+', ignorable: true }),
    topics: array(
      {
        name: string('1-7'),
        partitions: array(
          {
            partitionIndex: int32('1-7'),
            committedOffset: int64('1-7'),
            committedLeaderEpoch: int32({ v: '5-7', default: -1, ignorable: true }),
            metadata: string({ v: '1-7', nullable: '1-7' }),
            errorCode: int16('1-7'),
          },
          '1-7',
        ),
      },
      '1-7',
    ),
    errorCode: int16({ v: '2-7', ignorable: true }),
    groups: array(
      {
        groupId: string('8+'),
        topics: array(
          {
            name: string({ v: '8-9', ignorable: true }),
            topicId: uuid({ v: '10+', ignorable: true }),
            partitions: array(
              {
                partitionIndex: int32('8+'),
                committedOffset: int64('8+'),
                committedLeaderEpoch: int32({ v: '8+', default: -1, ignorable: true }),
                metadata: string({ v: '8+', nullable: '8+' }),
                errorCode: int16('8+'),
              },
              '8+',
            ),
          },
          '8+',
        ),
        errorCode: int16('8+'),
      },
      '8+',
    ),
  },
});

/** Request body of {@link OffsetFetch}. */
export type OffsetFetchRequest = RequestOf<typeof OffsetFetch>;
/** Response body of {@link OffsetFetch}. */
export type OffsetFetchResponse = ResponseOf<typeof OffsetFetch>;
