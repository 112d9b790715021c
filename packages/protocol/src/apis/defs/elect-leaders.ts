import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int8, int16, int32, string } from '../dsl/fields.js';

/**
 * ElectLeaders (API key 43, versions 0-2): Triggers preferred or unclean leader elections.
 */
export const ElectLeaders = defineApi({
  key: 43,
  name: 'ElectLeaders',
  versions: '0-2',
  flexible: '2+',
  request: {
    electionType: int8('1+'),
    topicPartitions: array(
      {
        topic: string(),
        partitions: array(int32()),
      },
      { nullable: '0+' },
    ),
    timeoutMs: int32({ default: 60000 }),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16('1+'),
    replicaElectionResults: array({
      topic: string(),
      partitionResult: array({
        partitionId: int32(),
        errorCode: int16(),
        errorMessage: string({ nullable: '0+' }),
      }),
    }),
  },
});

/** Request body of {@link ElectLeaders}. */
export type ElectLeadersRequest = RequestOf<typeof ElectLeaders>;
/** Response body of {@link ElectLeaders}. */
export type ElectLeadersResponse = ResponseOf<typeof ElectLeaders>;
