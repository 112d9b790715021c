import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, int32, int64, string, uuid } from '../dsl/fields.js';

/**
 * AlterShareGroupOffsets (API key 91, versions 0): Sets the start offsets of a share group.
 */
export const AlterShareGroupOffsets = defineApi({
  key: 91,
  name: 'AlterShareGroupOffsets',
  versions: '0',
  flexible: '0+',
  request: {
    groupId: string(),
    topics: array({
      topicName: string(),
      partitions: array({
        partitionIndex: int32(),
        startOffset: int64(),
      }),
    }),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
    errorMessage: string({ nullable: '0+', default: null }),
    responses: array({
      topicName: string(),
      topicId: uuid(),
      partitions: array({
        partitionIndex: int32(),
        errorCode: int16(),
        errorMessage: string({ nullable: '0+', default: null }),
      }),
    }),
  },
});

/** Request body of {@link AlterShareGroupOffsets}. */
export type AlterShareGroupOffsetsRequest = RequestOf<typeof AlterShareGroupOffsets>;
/** Response body of {@link AlterShareGroupOffsets}. */
export type AlterShareGroupOffsetsResponse = ResponseOf<typeof AlterShareGroupOffsets>;
