import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int8, int16, int32, string, struct, uuid } from '../dsl/fields.js';

const ResponseTopicPartitions = {
  topicId: uuid(),
  topicName: string(),
  partitions: array(int32()),
};

const ResponseAssignment = {
  topicPartitions: array(ResponseTopicPartitions),
};

/**
 * ConsumerGroupDescribe (API key 69, versions 0-1): Describes KIP-848 consumer groups and their
 * members.
 */
export const ConsumerGroupDescribe = defineApi({
  key: 69,
  name: 'ConsumerGroupDescribe',
  versions: '0-1',
  flexible: '0+',
  request: {
    groupIds: array(string()),
    includeAuthorizedOperations: bool(),
  },
  response: {
    throttleTimeMs: int32(),
    groups: array({
      errorCode: int16(),
      errorMessage: string({ nullable: '0+', default: null }),
      groupId: string(),
      groupState: string(),
      groupEpoch: int32(),
      assignmentEpoch: int32(),
      assignorName: string(),
      members: array({
        memberId: string(),
        instanceId: string({ nullable: '0+', default: null }),
        rackId: string({ nullable: '0+', default: null }),
        memberEpoch: int32(),
        clientId: string(),
        clientHost: string(),
        subscribedTopicNames: array(string()),
        subscribedTopicRegex: string({ nullable: '0+', default: null }),
        assignment: struct(ResponseAssignment),
        targetAssignment: struct(ResponseAssignment),
        memberType: int8({ v: '1+', default: -1, ignorable: true }),
      }),
      authorizedOperations: int32({ default: -2147483648 }),
    }),
  },
});

/** Request body of {@link ConsumerGroupDescribe}. */
export type ConsumerGroupDescribeRequest = RequestOf<typeof ConsumerGroupDescribe>;
/** Response body of {@link ConsumerGroupDescribe}. */
export type ConsumerGroupDescribeResponse = ResponseOf<typeof ConsumerGroupDescribe>;
