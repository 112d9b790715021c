import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, int32, string, uuid } from '../dsl/fields.js';

/**
 * DeleteShareGroupOffsets (API key 92, versions 0): Deletes the offsets of a share group for given
 * topics.
 */
export const DeleteShareGroupOffsets = defineApi({
  key: 92,
  name: 'DeleteShareGroupOffsets',
  versions: '0',
  flexible: '0+',
  request: {
    groupId: string(),
    topics: array({
      topicName: string(),
    }),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
    errorMessage: string({ nullable: '0+', default: null }),
    responses: array({
      topicName: string(),
      topicId: uuid(),
      errorCode: int16(),
      errorMessage: string({ nullable: '0+', default: null }),
    }),
  },
});

/** Request body of {@link DeleteShareGroupOffsets}. */
export type DeleteShareGroupOffsetsRequest = RequestOf<typeof DeleteShareGroupOffsets>;
/** Response body of {@link DeleteShareGroupOffsets}. */
export type DeleteShareGroupOffsetsResponse = ResponseOf<typeof DeleteShareGroupOffsets>;
