import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, bytes, int16, int32, string } from '../dsl/fields.js';

/**
 * JoinGroup (API key 11, versions 0-9): Joins a classic consumer group; the elected leader receives
 * all member subscriptions.
 */
export const JoinGroup = defineApi({
  key: 11,
  name: 'JoinGroup',
  versions: '0-9',
  flexible: '6+',
  request: {
    groupId: string(),
    sessionTimeoutMs: int32(),
    rebalanceTimeoutMs: int32({ v: '1+', default: -1, ignorable: true }),
    memberId: string(),
    groupInstanceId: string({ v: '5+', nullable: '5+', default: null }),
    protocolType: string(),
    protocols: array({
      name: string(),
      metadata: bytes(),
    }),
    reason: string({ v: '8+', nullable: '8+', default: null, ignorable: true }),
  },
  response: {
    throttleTimeMs: int32({ v: '2+', ignorable: true }),
    errorCode: int16(),
    generationId: int32({ default: -1 }),
    protocolType: string({ v: '7+', nullable: '7+', default: null, ignorable: true }),
    protocolName: string({ nullable: '7+' }),
    leader: string(),
    skipAssignment: bool('9+'),
    memberId: string(),
    members: array({
      memberId: string(),
      groupInstanceId: string({ v: '5+', nullable: '5+', default: null, ignorable: true }),
      metadata: bytes(),
    }),
  },
});

/** Request body of {@link JoinGroup}. */
export type JoinGroupRequest = RequestOf<typeof JoinGroup>;
/** Response body of {@link JoinGroup}. */
export type JoinGroupResponse = ResponseOf<typeof JoinGroup>;
