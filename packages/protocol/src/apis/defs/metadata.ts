import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int16, int32, string, uuid } from '../dsl/fields.js';

/**
 * Metadata (API key 3, versions 0-13): Brokers, controller, topics and partition leaders of the
 * cluster.
 */
export const Metadata = defineApi({
  key: 3,
  name: 'Metadata',
  versions: '0-13',
  flexible: '9+',
  request: {
    topics: array(
      {
        topicId: uuid({ v: '10+', ignorable: true }),
        name: string({ nullable: '10+' }),
      },
      { nullable: '1+' },
    ),
    allowAutoTopicCreation: bool({ v: '4+', default: true }),
    includeClusterAuthorizedOperations: bool('8-10'),
    includeTopicAuthorizedOperations: bool('8+'),
  },
  response: {
    throttleTimeMs: int32({ v: '3+', ignorable: true }),
    brokers: array({
      nodeId: int32(),
      host: string(),
      port: int32(),
      rack: string({ v: '1+', nullable: '1+', default: null, ignorable: true }),
    }),
    clusterId: string({ v: '2+', nullable: '2+', default: null, ignorable: true }),
    controllerId: int32({ v: '1+', default: -1, ignorable: true }),
    topics: array({
      errorCode: int16(),
      name: string({ nullable: '12+' }),
      topicId: uuid({ v: '10+', ignorable: true }),
      isInternal: bool({ v: '1+', ignorable: true }),
      partitions: array({
        errorCode: int16(),
        partitionIndex: int32(),
        leaderId: int32(),
        leaderEpoch: int32({ v: '7+', default: -1, ignorable: true }),
        replicaNodes: array(int32()),
        isrNodes: array(int32()),
        offlineReplicas: array(int32(), { v: '5+', ignorable: true }),
      }),
      topicAuthorizedOperations: int32({ v: '8+', default: -2147483648 }),
    }),
    clusterAuthorizedOperations: int32({ v: '8-10', default: -2147483648 }),
    errorCode: int16({ v: '13+', ignorable: true }),
  },
});

/** Request body of {@link Metadata}. */
export type MetadataRequest = RequestOf<typeof Metadata>;
/** Response body of {@link Metadata}. */
export type MetadataResponse = ResponseOf<typeof Metadata>;
