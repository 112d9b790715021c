import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { bytes, int16, int64, string } from '../dsl/fields.js';

/**
 * SaslAuthenticate (API key 36, versions 0-2): Carries SASL authentication tokens inside Kafka frames
 * (after SaslHandshake v1).
 */
export const SaslAuthenticate = defineApi({
  key: 36,
  name: 'SaslAuthenticate',
  versions: '0-2',
  flexible: '2+',
  request: {
    authBytes: bytes(),
  },
  response: {
    errorCode: int16(),
    errorMessage: string({ nullable: '0+' }),
    authBytes: bytes(),
    sessionLifetimeMs: int64({ v: '1+', ignorable: true }),
  },
});

/** Request body of {@link SaslAuthenticate}. */
export type SaslAuthenticateRequest = RequestOf<typeof SaslAuthenticate>;
/** Response body of {@link SaslAuthenticate}. */
export type SaslAuthenticateResponse = ResponseOf<typeof SaslAuthenticate>;
