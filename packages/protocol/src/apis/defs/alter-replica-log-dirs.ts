import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, int32, string } from '../dsl/fields.js';

/**
 * AlterReplicaLogDirs (API key 34, versions 1-2): Moves replicas between log directories of a broker.
 */
export const AlterReplicaLogDirs = defineApi({
  key: 34,
  name: 'AlterReplicaLogDirs',
  versions: '1-2',
  flexible: '2+',
  request: {
    dirs: array({
      path: string(),
      topics: array({
        name: string(),
        partitions: array(int32()),
      }),
    }),
  },
  response: {
    throttleTimeMs: int32(),
    results: array({
      topicName: string(),
      partitions: array({
        partitionIndex: int32(),
        errorCode: int16(),
      }),
    }),
  },
});

/** Request body of {@link AlterReplicaLogDirs}. */
export type AlterReplicaLogDirsRequest = RequestOf<typeof AlterReplicaLogDirs>;
/** Response body of {@link AlterReplicaLogDirs}. */
export type AlterReplicaLogDirsResponse = ResponseOf<typeof AlterReplicaLogDirs>;
