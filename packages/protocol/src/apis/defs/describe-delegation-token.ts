import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bytes, int16, int32, int64, string } from '../dsl/fields.js';

/**
 * DescribeDelegationToken (API key 41, versions 1-3): Lists delegation tokens.
 */
export const DescribeDelegationToken = defineApi({
  key: 41,
  name: 'DescribeDelegationToken',
  versions: '1-3',
  flexible: '2+',
  request: {
    owners: array(
      {
        principalType: string(),
        principalName: string(),
      },
      { nullable: '1+' },
    ),
  },
  response: {
    errorCode: int16(),
    tokens: array({
      principalType: string(),
      principalName: string(),
      tokenRequesterPrincipalType: string('3+'),
      tokenRequesterPrincipalName: string('3+'),
      issueTimestamp: int64(),
      expiryTimestamp: int64(),
      maxTimestamp: int64(),
      tokenId: string(),
      hmac: bytes(),
      renewers: array({
        principalType: string(),
        principalName: string(),
      }),
    }),
    throttleTimeMs: int32(),
  },
});

/** Request body of {@link DescribeDelegationToken}. */
export type DescribeDelegationTokenRequest = RequestOf<typeof DescribeDelegationToken>;
/** Response body of {@link DescribeDelegationToken}. */
export type DescribeDelegationTokenResponse = ResponseOf<typeof DescribeDelegationToken>;
