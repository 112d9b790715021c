import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, int32, string } from '../dsl/fields.js';

/**
 * ListGroups (API key 16, versions 0-5): Lists the groups a broker coordinates, optionally filtered by
 * state and type.
 */
export const ListGroups = defineApi({
  key: 16,
  name: 'ListGroups',
  versions: '0-5',
  flexible: '3+',
  request: {
    statesFilter: array(string(), '4+'),
    typesFilter: array(string(), '5+'),
  },
  response: {
    throttleTimeMs: int32({ v: '1+', ignorable: true }),
    errorCode: int16(),
    groups: array({
      groupId: string(),
      protocolType: string(),
      groupState: string({ v: '4+', ignorable: true }),
      groupType: string({ v: '5+', ignorable: true }),
    }),
  },
});

/** Request body of {@link ListGroups}. */
export type ListGroupsRequest = RequestOf<typeof ListGroups>;
/** Response body of {@link ListGroups}. */
export type ListGroupsResponse = ResponseOf<typeof ListGroups>;
