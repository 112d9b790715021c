import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, bytes, int16, int32, string } from '../dsl/fields.js';

/**
 * DescribeGroups (API key 15, versions 0-6): Describes classic groups: state, protocol and members.
 */
export const DescribeGroups = defineApi({
  key: 15,
  name: 'DescribeGroups',
  versions: '0-6',
  flexible: '5+',
  request: {
    groups: array(string()),
    includeAuthorizedOperations: bool('3+'),
  },
  response: {
    throttleTimeMs: int32({ v: '1+', ignorable: true }),
    groups: array({
      errorCode: int16(),
      errorMessage: string({ v: '6+', nullable: '6+', default: null }),
      groupId: string(),
      groupState: string(),
      protocolType: string(),
      protocolData: string(),
      members: array({
        memberId: string(),
        groupInstanceId: string({ v: '4+', nullable: '4+', default: null, ignorable: true }),
        clientId: string(),
        clientHost: string(),
        memberMetadata: bytes(),
        memberAssignment: bytes(),
      }),
      authorizedOperations: int32({ v: '3+', default: -2147483648 }),
    }),
  },
});

/** Request body of {@link DescribeGroups}. */
export type DescribeGroupsRequest = RequestOf<typeof DescribeGroups>;
/** Response body of {@link DescribeGroups}. */
export type DescribeGroupsResponse = ResponseOf<typeof DescribeGroups>;
