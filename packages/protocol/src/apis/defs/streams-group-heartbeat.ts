import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int8, int16, int32, int64, string, struct, uint16 } from '../dsl/fields.js';

const RequestKeyValue = {
  key: string(),
  value: string(),
};

const RequestTopicInfo = {
  name: string(),
  partitions: int32(),
  replicationFactor: int16(),
  topicConfigs: array(RequestKeyValue),
};

const RequestTaskIds = {
  subtopologyId: string(),
  partitions: array(int32()),
};

const RequestEndpoint = {
  host: string(),
  port: uint16(),
};

const RequestTaskOffset = {
  subtopologyId: string(),
  partition: int32(),
  offset: int64(),
};

const ResponseStatus = {
  statusCode: int8(),
  statusDetail: string(),
};

const ResponseTaskIds = {
  subtopologyId: string(),
  partitions: array(int32()),
};

const ResponseEndpoint = {
  host: string(),
  port: uint16(),
};

const ResponseTopicPartition = {
  topic: string(),
  partitions: array(int32()),
};

/**
 * StreamsGroupHeartbeat (API key 88, versions 0): Joins and heartbeats a Kafka Streams group
 * (KIP-1071).
 */
export const StreamsGroupHeartbeat = defineApi({
  key: 88,
  name: 'StreamsGroupHeartbeat',
  versions: '0',
  flexible: '0+',
  request: {
    groupId: string(),
    memberId: string(),
    memberEpoch: int32(),
    endpointInformationEpoch: int32(),
    instanceId: string({ nullable: '0+', default: null }),
    rackId: string({ nullable: '0+', default: null }),
    rebalanceTimeoutMs: int32({ default: -1 }),
    topology: struct(
      {
        epoch: int32(),
        subtopologies: array({
          subtopologyId: string(),
          sourceTopics: array(string()),
          sourceTopicRegex: array(string()),
          stateChangelogTopics: array(RequestTopicInfo),
          repartitionSinkTopics: array(string()),
          repartitionSourceTopics: array(RequestTopicInfo),
          copartitionGroups: array({
            sourceTopics: array(int16()),
            sourceTopicRegex: array(int16()),
            repartitionSourceTopics: array(int16()),
          }),
        }),
      },
      { nullable: '0+', default: null },
    ),
    activeTasks: array(RequestTaskIds, { nullable: '0+', default: null }),
    standbyTasks: array(RequestTaskIds, { nullable: '0+', default: null }),
    warmupTasks: array(RequestTaskIds, { nullable: '0+', default: null }),
    processId: string({ nullable: '0+', default: null }),
    userEndpoint: struct(RequestEndpoint, { nullable: '0+', default: null }),
    clientTags: array(RequestKeyValue, { nullable: '0+', default: null }),
    taskOffsets: array(RequestTaskOffset, { nullable: '0+', default: null }),
    taskEndOffsets: array(RequestTaskOffset, { nullable: '0+', default: null }),
    shutdownApplication: bool(),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
    errorMessage: string({ nullable: '0+', default: null }),
    memberId: string(),
    memberEpoch: int32(),
    heartbeatIntervalMs: int32(),
    acceptableRecoveryLag: int32(),
    taskOffsetIntervalMs: int32(),
    status: array(ResponseStatus, { nullable: '0+' }),
    activeTasks: array(ResponseTaskIds, { nullable: '0+', default: null }),
    standbyTasks: array(ResponseTaskIds, { nullable: '0+', default: null }),
    warmupTasks: array(ResponseTaskIds, { nullable: '0+', default: null }),
    endpointInformationEpoch: int32(),
    partitionsByUserEndpoint: array(
      {
        userEndpoint: struct(ResponseEndpoint),
        activePartitions: array(ResponseTopicPartition),
        standbyPartitions: array(ResponseTopicPartition),
      },
      { nullable: '0+', default: null },
    ),
  },
});

/** Request body of {@link StreamsGroupHeartbeat}. */
export type StreamsGroupHeartbeatRequest = RequestOf<typeof StreamsGroupHeartbeat>;
/** Response body of {@link StreamsGroupHeartbeat}. */
export type StreamsGroupHeartbeatResponse = ResponseOf<typeof StreamsGroupHeartbeat>;
