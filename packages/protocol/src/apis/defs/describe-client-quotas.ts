import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, float64, int8, int16, int32, string } from '../dsl/fields.js';

/**
 * DescribeClientQuotas (API key 48, versions 0-1): Reads client quotas matching filters.
 */
export const DescribeClientQuotas = defineApi({
  key: 48,
  name: 'DescribeClientQuotas',
  versions: '0-1',
  flexible: '1+',
  request: {
    components: array({
      entityType: string(),
      matchType: int8(),
      match: string({ nullable: '0+' }),
    }),
    strict: bool(),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
    errorMessage: string({ nullable: '0+' }),
    entries: array(
      {
        entity: array({
          entityType: string(),
          entityName: string({ nullable: '0+' }),
        }),
        values: array({
          key: string(),
          value: float64(),
        }),
      },
      { nullable: '0+' },
    ),
  },
});

/** Request body of {@link DescribeClientQuotas}. */
export type DescribeClientQuotasRequest = RequestOf<typeof DescribeClientQuotas>;
/** Response body of {@link DescribeClientQuotas}. */
export type DescribeClientQuotasResponse = ResponseOf<typeof DescribeClientQuotas>;
