import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { int16, int32, int64, string } from '../dsl/fields.js';

/**
 * AddOffsetsToTxn (API key 25, versions 0-4): Registers a group's offset commit with an ongoing
 * transaction (transactions V1).
 */
export const AddOffsetsToTxn = defineApi({
  key: 25,
  name: 'AddOffsetsToTxn',
  versions: '0-4',
  flexible: '3+',
  request: {
    transactionalId: string(),
    producerId: int64(),
    producerEpoch: int16(),
    groupId: string(),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
  },
});

/** Request body of {@link AddOffsetsToTxn}. */
export type AddOffsetsToTxnRequest = RequestOf<typeof AddOffsetsToTxn>;
/** Response body of {@link AddOffsetsToTxn}. */
export type AddOffsetsToTxnResponse = ResponseOf<typeof AddOffsetsToTxn>;
