import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, int32, string } from '../dsl/fields.js';

/**
 * LeaveGroup (API key 13, versions 0-5): Removes one or more members from a classic group.
 */
export const LeaveGroup = defineApi({
  key: 13,
  name: 'LeaveGroup',
  versions: '0-5',
  flexible: '4+',
  request: {
    groupId: string(),
    memberId: string('0-2'),
    members: array(
      {
        memberId: string('3+'),
        groupInstanceId: string({ v: '3+', nullable: '3+', default: null }),
        reason: string({ v: '5+', nullable: '5+', default: null, ignorable: true }),
      },
      '3+',
    ),
  },
  response: {
    throttleTimeMs: int32({ v: '1+', ignorable: true }),
    errorCode: int16(),
    members: array(
      {
        memberId: string('3+'),
        groupInstanceId: string({ v: '3+', nullable: '3+' }),
        errorCode: int16('3+'),
      },
      '3+',
    ),
  },
});

/** Request body of {@link LeaveGroup}. */
export type LeaveGroupRequest = RequestOf<typeof LeaveGroup>;
/** Response body of {@link LeaveGroup}. */
export type LeaveGroupResponse = ResponseOf<typeof LeaveGroup>;
