import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int16, int32, string, struct, uuid } from '../dsl/fields.js';

const ResponseTopicPartitions = {
  topicId: uuid(),
  topicName: string(),
  partitions: array(int32()),
};

const ResponseAssignment = {
  topicPartitions: array(ResponseTopicPartitions),
};

/**
 * ShareGroupDescribe (API key 77, versions 1): Describes share groups and their members (KIP-932).
 */
export const ShareGroupDescribe = defineApi({
  key: 77,
  name: 'ShareGroupDescribe',
  versions: '1',
  flexible: '1+',
  request: {
    groupIds: array(string()),
    includeAuthorizedOperations: bool(),
  },
  response: {
    throttleTimeMs: int32(),
    groups: array({
      errorCode: int16(),
      errorMessage: string({ nullable: '1+', default: null }),
      groupId: string(),
      groupState: string(),
      groupEpoch: int32(),
      assignmentEpoch: int32(),
      assignorName: string(),
      members: array({
        memberId: string(),
        rackId: string({ nullable: '1+', default: null }),
        memberEpoch: int32(),
        clientId: string(),
        clientHost: string(),
        subscribedTopicNames: array(string()),
        assignment: struct(ResponseAssignment),
      }),
      authorizedOperations: int32({ default: -2147483648 }),
    }),
  },
});

/** Request body of {@link ShareGroupDescribe}. */
export type ShareGroupDescribeRequest = RequestOf<typeof ShareGroupDescribe>;
/** Response body of {@link ShareGroupDescribe}. */
export type ShareGroupDescribeResponse = ResponseOf<typeof ShareGroupDescribe>;
