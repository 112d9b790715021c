import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { bytes, int16, int32, int64 } from '../dsl/fields.js';

/**
 * ExpireDelegationToken (API key 40, versions 1-2): Changes or ends a delegation token's expiry.
 */
export const ExpireDelegationToken = defineApi({
  key: 40,
  name: 'ExpireDelegationToken',
  versions: '1-2',
  flexible: '2+',
  request: {
    hmac: bytes(),
    expiryTimePeriodMs: int64(),
  },
  response: {
    errorCode: int16(),
    expiryTimestampMs: int64(),
    throttleTimeMs: int32(),
  },
});

/** Request body of {@link ExpireDelegationToken}. */
export type ExpireDelegationTokenRequest = RequestOf<typeof ExpireDelegationToken>;
/** Response body of {@link ExpireDelegationToken}. */
export type ExpireDelegationTokenResponse = ResponseOf<typeof ExpireDelegationToken>;
