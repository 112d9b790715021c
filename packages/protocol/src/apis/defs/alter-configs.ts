import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int8, int16, int32, string } from '../dsl/fields.js';

/**
 * AlterConfigs (API key 33, versions 0-2): Replaces the whole configuration of resources (prefer
 * IncrementalAlterConfigs).
 */
export const AlterConfigs = defineApi({
  key: 33,
  name: 'AlterConfigs',
  versions: '0-2',
  flexible: '2+',
  request: {
    resources: array({
      resourceType: int8(),
      resourceName: string(),
      configs: array({
        name: string(),
        value: string({ nullable: '0+' }),
      }),
    }),
    validateOnly: bool(),
  },
  response: {
    throttleTimeMs: int32(),
    responses: array({
      errorCode: int16(),
      errorMessage: string({ nullable: '0+' }),
      resourceType: int8(),
      resourceName: string(),
    }),
  },
});

/** Request body of {@link AlterConfigs}. */
export type AlterConfigsRequest = RequestOf<typeof AlterConfigs>;
/** Response body of {@link AlterConfigs}. */
export type AlterConfigsResponse = ResponseOf<typeof AlterConfigs>;
