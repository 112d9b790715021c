import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int16, int32, int64, string } from '../dsl/fields.js';

const RequestAddPartitionsToTxnTopic = {
  name: string(),
  partitions: array(int32()),
};

const ResponseAddPartitionsToTxnPartitionResult = {
  partitionIndex: int32(),
  partitionErrorCode: int16(),
};

const ResponseAddPartitionsToTxnTopicResult = {
  name: string(),
  resultsByPartition: array(ResponseAddPartitionsToTxnPartitionResult),
};

/**
 * AddPartitionsToTxn (API key 24, versions 0-5): Registers partitions with an ongoing transaction
 * (transactions V1).
 */
export const AddPartitionsToTxn = defineApi({
  key: 24,
  name: 'AddPartitionsToTxn',
  versions: '0-5',
  flexible: '3+',
  request: {
    transactions: array(
      {
        transactionalId: string('4+'),
        producerId: int64('4+'),
        producerEpoch: int16('4+'),
        verifyOnly: bool('4+'),
        topics: array(RequestAddPartitionsToTxnTopic, '4+'),
      },
      '4+',
    ),
    v3AndBelowTransactionalId: string('0-3'),
    v3AndBelowProducerId: int64('0-3'),
    v3AndBelowProducerEpoch: int16('0-3'),
    v3AndBelowTopics: array(RequestAddPartitionsToTxnTopic, '0-3'),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16({ v: '4+', ignorable: true }),
    resultsByTransaction: array(
      {
        transactionalId: string('4+'),
        topicResults: array(ResponseAddPartitionsToTxnTopicResult, '4+'),
      },
      '4+',
    ),
    resultsByTopicV3AndBelow: array(ResponseAddPartitionsToTxnTopicResult, '0-3'),
  },
});

/** Request body of {@link AddPartitionsToTxn}. */
export type AddPartitionsToTxnRequest = RequestOf<typeof AddPartitionsToTxn>;
/** Response body of {@link AddPartitionsToTxn}. */
export type AddPartitionsToTxnResponse = ResponseOf<typeof AddPartitionsToTxn>;
