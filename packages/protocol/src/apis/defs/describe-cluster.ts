import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int8, int16, int32, string } from '../dsl/fields.js';

/**
 * DescribeCluster (API key 60, versions 0-2): Brokers, controller and cluster id, for admin clients.
 */
export const DescribeCluster = defineApi({
  key: 60,
  name: 'DescribeCluster',
  versions: '0-2',
  flexible: '0+',
  request: {
    includeClusterAuthorizedOperations: bool(),
    endpointType: int8({ v: '1+', default: 1 }),
    includeFencedBrokers: bool('2+'),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
    errorMessage: string({ nullable: '0+', default: null }),
    endpointType: int8({ v: '1+', default: 1 }),
    clusterId: string(),
    controllerId: int32({ default: -1 }),
    brokers: array({
      brokerId: int32(),
      host: string(),
      port: int32(),
      rack: string({ nullable: '0+', default: null }),
      isFenced: bool('2+'),
    }),
    clusterAuthorizedOperations: int32({ default: -2147483648 }),
  },
});

/** Request body of {@link DescribeCluster}. */
export type DescribeClusterRequest = RequestOf<typeof DescribeCluster>;
/** Response body of {@link DescribeCluster}. */
export type DescribeClusterResponse = ResponseOf<typeof DescribeCluster>;
