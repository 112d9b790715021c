import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { int16, int32, string } from '../dsl/fields.js';

/**
 * UnregisterBroker (API key 64, versions 0): Removes a broker registration from a KRaft cluster.
 */
export const UnregisterBroker = defineApi({
  key: 64,
  name: 'UnregisterBroker',
  versions: '0',
  flexible: '0+',
  request: {
    brokerId: int32(),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
    errorMessage: string({ nullable: '0+' }),
  },
});

/** Request body of {@link UnregisterBroker}. */
export type UnregisterBrokerRequest = RequestOf<typeof UnregisterBroker>;
/** Response body of {@link UnregisterBroker}. */
export type UnregisterBrokerResponse = ResponseOf<typeof UnregisterBroker>;
