import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, int32, int64, records, string, struct, uuid } from '../dsl/fields.js';

/**
 * Produce (API key 0, versions 3-13): Writes record batches to partition leaders.
 */
export const Produce = defineApi({
  key: 0,
  name: 'Produce',
  versions: '3-13',
  flexible: '9+',
  request: {
    transactionalId: string({ nullable: '3+', default: null }),
    acks: int16(),
    timeoutMs: int32(),
    topicData: array({
      name: string({ v: '3-12', ignorable: true }),
      topicId: uuid({ v: '13+', ignorable: true }),
      partitionData: array({
        index: int32(),
        records: records({ nullable: '3+' }),
      }),
    }),
  },
  response: {
    responses: array({
      name: string({ v: '3-12', ignorable: true }),
      topicId: uuid({ v: '13+', ignorable: true }),
      partitionResponses: array({
        index: int32(),
        errorCode: int16(),
        baseOffset: int64(),
        logAppendTimeMs: int64({ default: -1n, ignorable: true }),
        logStartOffset: int64({ v: '5+', default: -1n, ignorable: true }),
        recordErrors: array(
          {
            batchIndex: int32('8+'),
            batchIndexErrorMessage: string({ v: '8+', nullable: '8+', default: null }),
          },
          { v: '8+', ignorable: true },
        ),
        errorMessage: string({ v: '8+', nullable: '8+', default: null, ignorable: true }),
        currentLeader: struct(
          {
            leaderId: int32({ v: '10+', default: -1 }),
            leaderEpoch: int32({ v: '10+', default: -1 }),
          },
          { v: '10+', tag: 0 },
        ),
      }),
    }),
    throttleTimeMs: int32({ ignorable: true }),
    nodeEndpoints: array(
      {
        nodeId: int32('10+'),
        host: string('10+'),
        port: int32('10+'),
        rack: string({ v: '10+', nullable: '10+', default: null }),
      },
      { v: '10+', tag: 0 },
    ),
  },
});

/** Request body of {@link Produce}. */
export type ProduceRequest = RequestOf<typeof Produce>;
/** Response body of {@link Produce}. */
export type ProduceResponse = ResponseOf<typeof Produce>;
