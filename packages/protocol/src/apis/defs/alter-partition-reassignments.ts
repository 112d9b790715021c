import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int16, int32, string } from '../dsl/fields.js';

/**
 * AlterPartitionReassignments (API key 45, versions 0-1): Starts or cancels partition replica
 * reassignments.
 */
export const AlterPartitionReassignments = defineApi({
  key: 45,
  name: 'AlterPartitionReassignments',
  versions: '0-1',
  flexible: '0+',
  request: {
    timeoutMs: int32({ default: 60000 }),
    allowReplicationFactorChange: bool({ v: '1+', default: true }),
    topics: array({
      name: string(),
      partitions: array({
        partitionIndex: int32(),
        replicas: array(int32(), { nullable: '0+', default: null }),
      }),
    }),
  },
  response: {
    throttleTimeMs: int32(),
    allowReplicationFactorChange: bool({ v: '1+', default: true, ignorable: true }),
    errorCode: int16(),
    errorMessage: string({ nullable: '0+' }),
    responses: array({
      name: string(),
      partitions: array({
        partitionIndex: int32(),
        errorCode: int16(),
        errorMessage: string({ nullable: '0+' }),
      }),
    }),
  },
});

/** Request body of {@link AlterPartitionReassignments}. */
export type AlterPartitionReassignmentsRequest = RequestOf<typeof AlterPartitionReassignments>;
/** Response body of {@link AlterPartitionReassignments}. */
export type AlterPartitionReassignmentsResponse = ResponseOf<typeof AlterPartitionReassignments>;
