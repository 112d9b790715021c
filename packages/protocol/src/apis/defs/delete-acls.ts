import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int8, int16, int32, string } from '../dsl/fields.js';

/**
 * DeleteAcls (API key 31, versions 1-3): Deletes ACL bindings matching filters.
 */
export const DeleteAcls = defineApi({
  key: 31,
  name: 'DeleteAcls',
  versions: '1-3',
  flexible: '2+',
  request: {
    filters: array({
      resourceTypeFilter: int8(),
      resourceNameFilter: string({ nullable: '1+' }),
      patternTypeFilter: int8({ default: 3 }),
      principalFilter: string({ nullable: '1+' }),
      hostFilter: string({ nullable: '1+' }),
      operation: int8(),
      permissionType: int8(),
    }),
  },
  response: {
    throttleTimeMs: int32(),
    filterResults: array({
      errorCode: int16(),
      errorMessage: string({ nullable: '1+' }),
      matchingAcls: array({
        errorCode: int16(),
        errorMessage: string({ nullable: '1+' }),
        resourceType: int8(),
        resourceName: string(),
        patternType: int8({ default: 3 }),
        principal: string(),
        host: string(),
        operation: int8(),
        permissionType: int8(),
      }),
    }),
  },
});

/** Request body of {@link DeleteAcls}. */
export type DeleteAclsRequest = RequestOf<typeof DeleteAcls>;
/** Response body of {@link DeleteAcls}. */
export type DeleteAclsResponse = ResponseOf<typeof DeleteAcls>;
