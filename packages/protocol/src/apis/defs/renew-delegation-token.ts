import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { bytes, int16, int32, int64 } from '../dsl/fields.js';

/**
 * RenewDelegationToken (API key 39, versions 1-2): Extends a delegation token's expiry.
 */
export const RenewDelegationToken = defineApi({
  key: 39,
  name: 'RenewDelegationToken',
  versions: '1-2',
  flexible: '2+',
  request: {
    hmac: bytes(),
    renewPeriodMs: int64(),
  },
  response: {
    errorCode: int16(),
    expiryTimestampMs: int64(),
    throttleTimeMs: int32(),
  },
});

/** Request body of {@link RenewDelegationToken}. */
export type RenewDelegationTokenRequest = RequestOf<typeof RenewDelegationToken>;
/** Response body of {@link RenewDelegationToken}. */
export type RenewDelegationTokenResponse = ResponseOf<typeof RenewDelegationToken>;
