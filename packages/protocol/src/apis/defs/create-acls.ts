import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int8, int16, int32, string } from '../dsl/fields.js';

/**
 * CreateAcls (API key 30, versions 1-3): Creates ACL bindings.
 */
export const CreateAcls = defineApi({
  key: 30,
  name: 'CreateAcls',
  versions: '1-3',
  flexible: '2+',
  request: {
    creations: array({
      resourceType: int8(),
      resourceName: string(),
      resourcePatternType: int8({ default: 3 }),
      principal: string(),
      host: string(),
      operation: int8(),
      permissionType: int8(),
    }),
  },
  response: {
    throttleTimeMs: int32(),
    results: array({
      errorCode: int16(),
      errorMessage: string({ nullable: '1+' }),
    }),
  },
});

/** Request body of {@link CreateAcls}. */
export type CreateAclsRequest = RequestOf<typeof CreateAcls>;
/** Response body of {@link CreateAcls}. */
export type CreateAclsResponse = ResponseOf<typeof CreateAcls>;
