import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int8, int16, int32, string } from '../dsl/fields.js';

/**
 * IncrementalAlterConfigs (API key 44, versions 0-1): Sets, deletes, appends to or subtracts from
 * individual configuration entries.
 */
export const IncrementalAlterConfigs = defineApi({
  key: 44,
  name: 'IncrementalAlterConfigs',
  versions: '0-1',
  flexible: '1+',
  request: {
    resources: array({
      resourceType: int8(),
      resourceName: string(),
      configs: array({
        name: string(),
        configOperation: int8(),
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

/** Request body of {@link IncrementalAlterConfigs}. */
export type IncrementalAlterConfigsRequest = RequestOf<typeof IncrementalAlterConfigs>;
/** Response body of {@link IncrementalAlterConfigs}. */
export type IncrementalAlterConfigsResponse = ResponseOf<typeof IncrementalAlterConfigs>;
