import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, float64, int16, int32, string } from '../dsl/fields.js';

/**
 * AlterClientQuotas (API key 49, versions 0-1): Sets or removes client quotas.
 */
export const AlterClientQuotas = defineApi({
  key: 49,
  name: 'AlterClientQuotas',
  versions: '0-1',
  flexible: '1+',
  request: {
    entries: array({
      entity: array({
        entityType: string(),
        entityName: string({ nullable: '0+' }),
      }),
      ops: array({
        key: string(),
        value: float64(),
        remove: bool(),
      }),
    }),
    validateOnly: bool(),
  },
  response: {
    throttleTimeMs: int32(),
    entries: array({
      errorCode: int16(),
      errorMessage: string({ nullable: '0+' }),
      entity: array({
        entityType: string(),
        entityName: string({ nullable: '0+' }),
      }),
    }),
  },
});

/** Request body of {@link AlterClientQuotas}. */
export type AlterClientQuotasRequest = RequestOf<typeof AlterClientQuotas>;
/** Response body of {@link AlterClientQuotas}. */
export type AlterClientQuotasResponse = ResponseOf<typeof AlterClientQuotas>;
