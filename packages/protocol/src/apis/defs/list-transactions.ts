import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, int32, int64, string } from '../dsl/fields.js';

/**
 * ListTransactions (API key 66, versions 0-2): Lists transactional ids, optionally filtered by state,
 * producer, duration or pattern.
 */
export const ListTransactions = defineApi({
  key: 66,
  name: 'ListTransactions',
  versions: '0-2',
  flexible: '0+',
  request: {
    stateFilters: array(string()),
    producerIdFilters: array(int64()),
    durationFilter: int64({ v: '1+', default: -1n }),
    transactionalIdPattern: string({ v: '2+', nullable: '2+', default: null }),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
    unknownStateFilters: array(string()),
    transactionStates: array({
      transactionalId: string(),
      producerId: int64(),
      transactionState: string(),
    }),
  },
});

/** Request body of {@link ListTransactions}. */
export type ListTransactionsRequest = RequestOf<typeof ListTransactions>;
/** Response body of {@link ListTransactions}. */
export type ListTransactionsResponse = ResponseOf<typeof ListTransactions>;
