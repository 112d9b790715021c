import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bytes, int16, int32, string } from '../dsl/fields.js';

/**
 * SyncGroup (API key 14, versions 0-5): Distributes the leader's assignment to the members of a
 * classic group.
 */
export const SyncGroup = defineApi({
  key: 14,
  name: 'SyncGroup',
  versions: '0-5',
  flexible: '4+',
  request: {
    groupId: string(),
    generationId: int32(),
    memberId: string(),
    groupInstanceId: string({ v: '3+', nullable: '3+', default: null }),
    protocolType: string({ v: '5+', nullable: '5+', default: null, ignorable: true }),
    protocolName: string({ v: '5+', nullable: '5+', default: null, ignorable: true }),
    assignments: array({
      memberId: string(),
      assignment: bytes(),
    }),
  },
  response: {
    throttleTimeMs: int32({ v: '1+', ignorable: true }),
    errorCode: int16(),
    protocolType: string({ v: '5+', nullable: '5+', default: null, ignorable: true }),
    protocolName: string({ v: '5+', nullable: '5+', default: null, ignorable: true }),
    assignment: bytes(),
  },
});

/** Request body of {@link SyncGroup}. */
export type SyncGroupRequest = RequestOf<typeof SyncGroup>;
/** Response body of {@link SyncGroup}. */
export type SyncGroupResponse = ResponseOf<typeof SyncGroup>;
