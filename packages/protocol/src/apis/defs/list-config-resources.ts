import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int8, int16, int32, string } from '../dsl/fields.js';

/**
 * ListConfigResources (API key 74, versions 0-1): Lists resources that have configurations, such as
 * client-metrics subscriptions.
 */
export const ListConfigResources = defineApi({
  key: 74,
  name: 'ListConfigResources',
  versions: '0-1',
  flexible: '0+',
  request: {
    resourceTypes: array(int8(), '1+'),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
    configResources: array({
      resourceName: string(),
      resourceType: int8({ v: '1+', default: 16, ignorable: true }),
    }),
  },
});

/** Request body of {@link ListConfigResources}. */
export type ListConfigResourcesRequest = RequestOf<typeof ListConfigResources>;
/** Response body of {@link ListConfigResources}. */
export type ListConfigResourcesResponse = ResponseOf<typeof ListConfigResources>;
