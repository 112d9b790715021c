import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { int16, int32, string } from '../dsl/fields.js';

/**
 * Heartbeat (API key 12, versions 0-4): Keeps a classic group membership alive and signals rebalances.
 */
export const Heartbeat = defineApi({
  key: 12,
  name: 'Heartbeat',
  versions: '0-4',
  flexible: '4+',
  request: {
    groupId: string(),
    generationId: int32(),
    memberId: string(),
    groupInstanceId: string({ v: '3+', nullable: '3+', default: null }),
  },
  response: {
    throttleTimeMs: int32({ v: '1+', ignorable: true }),
    errorCode: int16(),
  },
});

/** Request body of {@link Heartbeat}. */
export type HeartbeatRequest = RequestOf<typeof Heartbeat>;
/** Response body of {@link Heartbeat}. */
export type HeartbeatResponse = ResponseOf<typeof Heartbeat>;
