import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, int32, int64, string } from '../dsl/fields.js';

/**
 * TxnOffsetCommit (API key 28, versions 0-5): Commits consumer offsets as part of a transaction.
 */
export const TxnOffsetCommit = defineApi({
  key: 28,
  name: 'TxnOffsetCommit',
  versions: '0-5',
  flexible: '3+',
  request: {
    transactionalId: string(),
    groupId: string(),
    producerId: int64(),
    producerEpoch: int16(),
    generationId: int32({ v: '3+', default: -1 }),
    memberId: string('3+'),
    groupInstanceId: string({ v: '3+', nullable: '3+', default: null }),
    topics: array({
      name: string(),
      partitions: array({
        partitionIndex: int32(),
        committedOffset: int64(),
        committedLeaderEpoch: int32({ v: '2+', default: -1, ignorable: true }),
        committedMetadata: string({ nullable: '0+' }),
      }),
    }),
  },
  response: {
    throttleTimeMs: int32(),
    topics: array({
      name: string(),
      partitions: array({
        partitionIndex: int32(),
        errorCode: int16(),
      }),
    }),
  },
});

/** Request body of {@link TxnOffsetCommit}. */
export type TxnOffsetCommitRequest = RequestOf<typeof TxnOffsetCommit>;
/** Response body of {@link TxnOffsetCommit}. */
export type TxnOffsetCommitResponse = ResponseOf<typeof TxnOffsetCommit>;
