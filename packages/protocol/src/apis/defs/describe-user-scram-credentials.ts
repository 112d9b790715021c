import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int8, int16, int32, string } from '../dsl/fields.js';

/**
 * DescribeUserScramCredentials (API key 50, versions 0): Describes the SCRAM credentials of users.
 */
export const DescribeUserScramCredentials = defineApi({
  key: 50,
  name: 'DescribeUserScramCredentials',
  versions: '0',
  flexible: '0+',
  request: {
    users: array(
      {
        name: string(),
      },
      { nullable: '0+' },
    ),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
    errorMessage: string({ nullable: '0+' }),
    results: array({
      user: string(),
      errorCode: int16(),
      errorMessage: string({ nullable: '0+' }),
      credentialInfos: array({
        mechanism: int8(),
        iterations: int32(),
      }),
    }),
  },
});

/** Request body of {@link DescribeUserScramCredentials}. */
export type DescribeUserScramCredentialsRequest = RequestOf<typeof DescribeUserScramCredentials>;
/** Response body of {@link DescribeUserScramCredentials}. */
export type DescribeUserScramCredentialsResponse = ResponseOf<typeof DescribeUserScramCredentials>;
