import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, int32, string } from '../dsl/fields.js';

/**
 * OffsetDelete (API key 47, versions 0): Deletes committed offsets of a group for given partitions
 * (never flexible).
 */
export const OffsetDelete = defineApi({
  key: 47,
  name: 'OffsetDelete',
  versions: '0',
  flexible: 'none',
  request: {
    groupId: string(),
    topics: array({
      name: string(),
      partitions: array({
        partitionIndex: int32(),
      }),
    }),
  },
  response: {
    errorCode: int16(),
    throttleTimeMs: int32({ ignorable: true }),
    topics: array({
      name: string(),
      partitions: array({
        partitionIndex: int32(),
        errorCode: int16(),
      }),
    }),
  },
});

/** Request body of {@link OffsetDelete}. */
export type OffsetDeleteRequest = RequestOf<typeof OffsetDelete>;
/** Response body of {@link OffsetDelete}. */
export type OffsetDeleteResponse = ResponseOf<typeof OffsetDelete>;
