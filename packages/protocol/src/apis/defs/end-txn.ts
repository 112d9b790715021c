import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { bool, int16, int32, int64, string } from '../dsl/fields.js';

/**
 * EndTxn (API key 26, versions 0-5): Commits or aborts a transaction.
 */
export const EndTxn = defineApi({
  key: 26,
  name: 'EndTxn',
  versions: '0-5',
  flexible: '3+',
  request: {
    transactionalId: string(),
    producerId: int64(),
    producerEpoch: int16(),
    committed: bool(),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
    producerId: int64({ v: '5+', default: -1n, ignorable: true }),
    producerEpoch: int16({ v: '5+', default: -1, ignorable: true }),
  },
});

/** Request body of {@link EndTxn}. */
export type EndTxnRequest = RequestOf<typeof EndTxn>;
/** Response body of {@link EndTxn}. */
export type EndTxnResponse = ResponseOf<typeof EndTxn>;
