import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { int16, int32, int64, string } from '../dsl/fields.js';

/**
 * InitProducerId (API key 22, versions 0-5): Obtains a producer id and epoch for idempotent or
 * transactional producing.
 */
export const InitProducerId = defineApi({
  key: 22,
  name: 'InitProducerId',
  versions: '0-5',
  flexible: '2+',
  request: {
    transactionalId: string({ nullable: '0+' }),
    transactionTimeoutMs: int32(),
    producerId: int64({ v: '3+', default: -1n }),
    producerEpoch: int16({ v: '3+', default: -1 }),
  },
  response: {
    throttleTimeMs: int32({ ignorable: true }),
    errorCode: int16(),
    producerId: int64({ default: -1n }),
    producerEpoch: int16(),
  },
});

/** Request body of {@link InitProducerId}. */
export type InitProducerIdRequest = RequestOf<typeof InitProducerId>;
/** Response body of {@link InitProducerId}. */
export type InitProducerIdResponse = ResponseOf<typeof InitProducerId>;
