import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, int32, string, struct, uuid } from '../dsl/fields.js';

const ResponseTopicPartitions = {
  topicId: uuid(),
  partitions: array(int32()),
};

/**
 * ShareGroupHeartbeat (API key 76, versions 1): Joins and heartbeats a share group (KIP-932).
 */
export const ShareGroupHeartbeat = defineApi({
  key: 76,
  name: 'ShareGroupHeartbeat',
  versions: '1',
  flexible: '1+',
  request: {
    groupId: string(),
    memberId: string(),
    memberEpoch: int32(),
    rackId: string({ nullable: '1+', default: null }),
    subscribedTopicNames: array(string(), { nullable: '1+', default: null }),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
    errorMessage: string({ nullable: '1+', default: null }),
    memberId: string({ nullable: '1+', default: null }),
    memberEpoch: int32(),
    heartbeatIntervalMs: int32(),
    assignment: struct(
      {
        topicPartitions: array(ResponseTopicPartitions),
      },
      { nullable: '1+', default: null },
    ),
  },
});

/** Request body of {@link ShareGroupHeartbeat}. */
export type ShareGroupHeartbeatRequest = RequestOf<typeof ShareGroupHeartbeat>;
/** Response body of {@link ShareGroupHeartbeat}. */
export type ShareGroupHeartbeatResponse = ResponseOf<typeof ShareGroupHeartbeat>;
