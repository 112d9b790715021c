import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, int32, int64, string } from '../dsl/fields.js';

/**
 * DescribeTransactions (API key 65, versions 0): Describes the state of transactional ids.
 */
export const DescribeTransactions = defineApi({
  key: 65,
  name: 'DescribeTransactions',
  versions: '0',
  flexible: '0+',
  request: {
    transactionalIds: array(string()),
  },
  response: {
    throttleTimeMs: int32(),
    transactionStates: array({
      errorCode: int16(),
      transactionalId: string(),
      transactionState: string(),
      transactionTimeoutMs: int32(),
      transactionStartTimeMs: int64(),
      producerId: int64(),
      producerEpoch: int16(),
      topics: array({
        topic: string(),
        partitions: array(int32()),
      }),
    }),
  },
});

/** Request body of {@link DescribeTransactions}. */
export type DescribeTransactionsRequest = RequestOf<typeof DescribeTransactions>;
/** Response body of {@link DescribeTransactions}. */
export type DescribeTransactionsResponse = ResponseOf<typeof DescribeTransactions>;
