import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, int32, string } from '../dsl/fields.js';

/**
 * DeleteGroups (API key 42, versions 0-2): Deletes empty groups and their committed offsets.
 */
export const DeleteGroups = defineApi({
  key: 42,
  name: 'DeleteGroups',
  versions: '0-2',
  flexible: '2+',
  request: {
    groupsNames: array(string()),
  },
  response: {
    throttleTimeMs: int32(),
    results: array({
      groupId: string(),
      errorCode: int16(),
    }),
  },
});

/** Request body of {@link DeleteGroups}. */
export type DeleteGroupsRequest = RequestOf<typeof DeleteGroups>;
/** Response body of {@link DeleteGroups}. */
export type DeleteGroupsResponse = ResponseOf<typeof DeleteGroups>;
