import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, int32, int64, string } from '../dsl/fields.js';

/**
 * DeleteRecords (API key 21, versions 0-2): Moves partitions' log start offsets forward, deleting
 * older records.
 */
export const DeleteRecords = defineApi({
  key: 21,
  name: 'DeleteRecords',
  versions: '0-2',
  flexible: '2+',
  request: {
    topics: array({
      name: string(),
      partitions: array({
        partitionIndex: int32(),
        offset: int64(),
      }),
    }),
    timeoutMs: int32(),
  },
  response: {
    throttleTimeMs: int32(),
    topics: array({
      name: string(),
      partitions: array({
        partitionIndex: int32(),
        lowWatermark: int64(),
        errorCode: int16(),
      }),
    }),
  },
});

/** Request body of {@link DeleteRecords}. */
export type DeleteRecordsRequest = RequestOf<typeof DeleteRecords>;
/** Response body of {@link DeleteRecords}. */
export type DeleteRecordsResponse = ResponseOf<typeof DeleteRecords>;
