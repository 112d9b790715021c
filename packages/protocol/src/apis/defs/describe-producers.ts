import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, int32, int64, string } from '../dsl/fields.js';

/**
 * DescribeProducers (API key 61, versions 0): Lists active producers of partitions.
 */
export const DescribeProducers = defineApi({
  key: 61,
  name: 'DescribeProducers',
  versions: '0',
  flexible: '0+',
  request: {
    topics: array({
      name: string(),
      partitionIndexes: array(int32()),
    }),
  },
  response: {
    throttleTimeMs: int32(),
    topics: array({
      name: string(),
      partitions: array({
        partitionIndex: int32(),
        errorCode: int16(),
        errorMessage: string({ nullable: '0+', default: null }),
        activeProducers: array({
          producerId: int64(),
          producerEpoch: int32(),
          lastSequence: int32({ default: -1 }),
          lastTimestamp: int64({ default: -1n }),
          coordinatorEpoch: int32(),
          currentTxnStartOffset: int64({ default: -1n }),
        }),
      }),
    }),
  },
});

/** Request body of {@link DescribeProducers}. */
export type DescribeProducersRequest = RequestOf<typeof DescribeProducers>;
/** Response body of {@link DescribeProducers}. */
export type DescribeProducersResponse = ResponseOf<typeof DescribeProducers>;
