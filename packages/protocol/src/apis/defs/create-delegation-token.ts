import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bytes, int16, int32, int64, string } from '../dsl/fields.js';

/**
 * CreateDelegationToken (API key 38, versions 1-3): Creates a delegation token.
 */
export const CreateDelegationToken = defineApi({
  key: 38,
  name: 'CreateDelegationToken',
  versions: '1-3',
  flexible: '2+',
  request: {
    ownerPrincipalType: string({ v: '3+', nullable: '3+' }),
    ownerPrincipalName: string({ v: '3+', nullable: '3+' }),
    renewers: array({
      principalType: string(),
      principalName: string(),
    }),
    maxLifetimeMs: int64(),
  },
  response: {
    errorCode: int16(),
    principalType: string(),
    principalName: string(),
    tokenRequesterPrincipalType: string('3+'),
    tokenRequesterPrincipalName: string('3+'),
    issueTimestampMs: int64(),
    expiryTimestampMs: int64(),
    maxTimestampMs: int64(),
    tokenId: string(),
    hmac: bytes(),
    throttleTimeMs: int32(),
  },
});

/** Request body of {@link CreateDelegationToken}. */
export type CreateDelegationTokenRequest = RequestOf<typeof CreateDelegationToken>;
/** Response body of {@link CreateDelegationToken}. */
export type CreateDelegationTokenResponse = ResponseOf<typeof CreateDelegationToken>;
