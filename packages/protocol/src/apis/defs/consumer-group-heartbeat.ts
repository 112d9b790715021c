import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, int32, string, struct, uuid } from '../dsl/fields.js';

const ResponseTopicPartitions = {
  topicId: uuid(),
  partitions: array(int32()),
};

/**
 * ConsumerGroupHeartbeat (API key 68, versions 0-1): The KIP-848 consumer group protocol: join,
 * heartbeat, receive assignments, leave.
 */
export const ConsumerGroupHeartbeat = defineApi({
  key: 68,
  name: 'ConsumerGroupHeartbeat',
  versions: '0-1',
  flexible: '0+',
  request: {
    groupId: string(),
    memberId: string(),
    memberEpoch: int32(),
    instanceId: string({ nullable: '0+', default: null }),
    rackId: string({ nullable: '0+', default: null }),
    rebalanceTimeoutMs: int32({ default: -1 }),
    subscribedTopicNames: array(string(), { nullable: '0+', default: null }),
    subscribedTopicRegex: string({ v: '1+', nullable: '1+', default: null }),
    serverAssignor: string({ nullable: '0+', default: null }),
    topicPartitions: array(
      {
        topicId: uuid(),
        partitions: array(int32()),
      },
      { nullable: '0+', default: null },
    ),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
    errorMessage: string({ nullable: '0+', default: null }),
    memberId: string({ nullable: '0+', default: null }),
    memberEpoch: int32(),
    heartbeatIntervalMs: int32(),
    assignment: struct(
      {
        topicPartitions: array(ResponseTopicPartitions),
      },
      { nullable: '0+', default: null },
    ),
  },
});

/** Request body of {@link ConsumerGroupHeartbeat}. */
export type ConsumerGroupHeartbeatRequest = RequestOf<typeof ConsumerGroupHeartbeat>;
/** Response body of {@link ConsumerGroupHeartbeat}. */
export type ConsumerGroupHeartbeatResponse = ResponseOf<typeof ConsumerGroupHeartbeat>;
