import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int8, int16, int32, string, uuid } from '../dsl/fields.js';

/**
 * CreateTopics (API key 19, versions 2-7): Creates topics with a partition count and replication
 * factor or explicit assignments.
 */
export const CreateTopics = defineApi({
  key: 19,
  name: 'CreateTopics',
  versions: '2-7',
  flexible: '5+',
  request: {
    topics: array({
      name: string(),
      numPartitions: int32(),
      replicationFactor: int16(),
      assignments: array({
        partitionIndex: int32(),
        brokerIds: array(int32()),
      }),
      configs: array({
        name: string(),
        value: string({ nullable: '2+' }),
      }),
    }),
    timeoutMs: int32({ default: 60000 }),
    validateOnly: bool(),
  },
  response: {
    throttleTimeMs: int32({ ignorable: true }),
    topics: array({
      name: string(),
      topicId: uuid({ v: '7+', ignorable: true }),
      errorCode: int16(),
      errorMessage: string({ nullable: '2+', ignorable: true }),
      topicConfigErrorCode: int16({ v: '5+', tag: 0, ignorable: true }),
      numPartitions: int32({ v: '5+', default: -1, ignorable: true }),
      replicationFactor: int16({ v: '5+', default: -1, ignorable: true }),
      configs: array(
        {
          name: string('5+'),
          value: string({ v: '5+', nullable: '5+' }),
          readOnly: bool('5+'),
          configSource: int8({ v: '5+', default: -1, ignorable: true }),
          isSensitive: bool('5+'),
        },
        { v: '5+', nullable: '5+', ignorable: true },
      ),
    }),
  },
});

/** Request body of {@link CreateTopics}. */
export type CreateTopicsRequest = RequestOf<typeof CreateTopics>;
/** Response body of {@link CreateTopics}. */
export type CreateTopicsResponse = ResponseOf<typeof CreateTopics>;
