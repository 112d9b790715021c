import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, string } from '../dsl/fields.js';

/**
 * SaslHandshake (API key 17, versions 0-1): Chooses the SASL mechanism before authentication (never
 * flexible).
 */
export const SaslHandshake = defineApi({
  key: 17,
  name: 'SaslHandshake',
  versions: '0-1',
  flexible: 'none',
  request: {
    mechanism: string(),
  },
  response: {
    errorCode: int16(),
    mechanisms: array(string()),
  },
});

/** Request body of {@link SaslHandshake}. */
export type SaslHandshakeRequest = RequestOf<typeof SaslHandshake>;
/** Response body of {@link SaslHandshake}. */
export type SaslHandshakeResponse = ResponseOf<typeof SaslHandshake>;
