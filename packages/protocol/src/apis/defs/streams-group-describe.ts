import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int16, int32, int64, string, struct, uint16 } from '../dsl/fields.js';

const ResponseKeyValue = {
  key: string(),
  value: string(),
};

const ResponseTopicInfo = {
  name: string(),
  partitions: int32(),
  replicationFactor: int16(),
  topicConfigs: array(ResponseKeyValue),
};

const ResponseEndpoint = {
  host: string(),
  port: uint16(),
};

const ResponseTaskOffset = {
  subtopologyId: string(),
  partition: int32(),
  offset: int64(),
};

const ResponseTaskIds = {
  subtopologyId: string(),
  partitions: array(int32()),
};

const ResponseAssignment = {
  activeTasks: array(ResponseTaskIds),
  standbyTasks: array(ResponseTaskIds),
  warmupTasks: array(ResponseTaskIds),
};

/**
 * StreamsGroupDescribe (API key 89, versions 0): Describes Kafka Streams groups (KIP-1071).
 */
export const StreamsGroupDescribe = defineApi({
  key: 89,
  name: 'StreamsGroupDescribe',
  versions: '0',
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
      topology: struct(
        {
          epoch: int32(),
          subtopologies: array(
            {
              subtopologyId: string(),
              sourceTopics: array(string()),
              repartitionSinkTopics: array(string()),
              stateChangelogTopics: array(ResponseTopicInfo),
              repartitionSourceTopics: array(ResponseTopicInfo),
            },
            { nullable: '0+', default: null },
          ),
        },
        { nullable: '0+', default: null },
      ),
      members: array({
        memberId: string(),
        memberEpoch: int32(),
        instanceId: string({ nullable: '0+', default: null }),
        rackId: string({ nullable: '0+', default: null }),
        clientId: string(),
        clientHost: string(),
        topologyEpoch: int32(),
        processId: string(),
        userEndpoint: struct(ResponseEndpoint, { nullable: '0+', default: null }),
        clientTags: array(ResponseKeyValue),
        taskOffsets: array(ResponseTaskOffset),
        taskEndOffsets: array(ResponseTaskOffset),
        assignment: struct(ResponseAssignment),
        targetAssignment: struct(ResponseAssignment),
        isClassic: bool(),
      }),
      authorizedOperations: int32({ default: -2147483648 }),
    }),
  },
});

/** Request body of {@link StreamsGroupDescribe}. */
export type StreamsGroupDescribeRequest = RequestOf<typeof StreamsGroupDescribe>;
/** Response body of {@link StreamsGroupDescribe}. */
export type StreamsGroupDescribeResponse = ResponseOf<typeof StreamsGroupDescribe>;
