import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bytes, int8, int16, int32, string } from '../dsl/fields.js';

/**
 * AlterUserScramCredentials (API key 51, versions 0): Creates, changes or deletes SCRAM credentials.
 */
export const AlterUserScramCredentials = defineApi({
  key: 51,
  name: 'AlterUserScramCredentials',
  versions: '0',
  flexible: '0+',
  request: {
    deletions: array({
      name: string(),
      mechanism: int8(),
    }),
    upsertions: array({
      name: string(),
      mechanism: int8(),
      iterations: int32(),
      salt: bytes(),
      saltedPassword: bytes(),
    }),
  },
  response: {
    throttleTimeMs: int32(),
    results: array({
      user: string(),
      errorCode: int16(),
      errorMessage: string({ nullable: '0+' }),
    }),
  },
});

/** Request body of {@link AlterUserScramCredentials}. */
export type AlterUserScramCredentialsRequest = RequestOf<typeof AlterUserScramCredentials>;
/** Response body of {@link AlterUserScramCredentials}. */
export type AlterUserScramCredentialsResponse = ResponseOf<typeof AlterUserScramCredentials>;
