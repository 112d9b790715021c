import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int8, int16, int32, string } from '../dsl/fields.js';

/**
 * DescribeAcls (API key 29, versions 1-3): Lists ACL bindings matching a filter.
 */
export const DescribeAcls = defineApi({
  key: 29,
  name: 'DescribeAcls',
  versions: '1-3',
  flexible: '2+',
  request: {
    resourceTypeFilter: int8(),
    resourceNameFilter: string({ nullable: '1+' }),
    patternTypeFilter: int8({ default: 3 }),
    principalFilter: string({ nullable: '1+' }),
    hostFilter: string({ nullable: '1+' }),
    operation: int8(),
    permissionType: int8(),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
    errorMessage: string({ nullable: '1+' }),
    resources: array({
      resourceType: int8(),
      resourceName: string(),
      patternType: int8({ default: 3 }),
      acls: array({
        principal: string(),
        host: string(),
        operation: int8(),
        permissionType: int8(),
      }),
    }),
  },
});

/** Request body of {@link DescribeAcls}. */
export type DescribeAclsRequest = RequestOf<typeof DescribeAcls>;
/** Response body of {@link DescribeAcls}. */
export type DescribeAclsResponse = ResponseOf<typeof DescribeAcls>;
