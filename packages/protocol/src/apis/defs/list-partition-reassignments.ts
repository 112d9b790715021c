import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, int32, string } from '../dsl/fields.js';

/**
 * ListPartitionReassignments (API key 46, versions 0): Lists ongoing partition reassignments.
 */
export const ListPartitionReassignments = defineApi({
  key: 46,
  name: 'ListPartitionReassignments',
  versions: '0',
  flexible: '0+',
  request: {
    timeoutMs: int32({ default: 60000 }),
    topics: array(
      {
        name: string(),
        partitionIndexes: array(int32()),
      },
      { nullable: '0+', default: null },
    ),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
    errorMessage: string({ nullable: '0+' }),
    topics: array({
      name: string(),
      partitions: array({
        partitionIndex: int32(),
        replicas: array(int32()),
        addingReplicas: array(int32()),
        removingReplicas: array(int32()),
      }),
    }),
  },
});

/** Request body of {@link ListPartitionReassignments}. */
export type ListPartitionReassignmentsRequest = RequestOf<typeof ListPartitionReassignments>;
/** Response body of {@link ListPartitionReassignments}. */
export type ListPartitionReassignmentsResponse = ResponseOf<typeof ListPartitionReassignments>;
