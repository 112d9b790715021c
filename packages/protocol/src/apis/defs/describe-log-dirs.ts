import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int16, int32, int64, string } from '../dsl/fields.js';

/**
 * DescribeLogDirs (API key 35, versions 1-5): Describes a broker's log directories and the replicas
 * they hold.
 */
export const DescribeLogDirs = defineApi({
  key: 35,
  name: 'DescribeLogDirs',
  versions: '1-5',
  flexible: '2+',
  request: {
    topics: array(
      {
        topic: string(),
        partitions: array(int32()),
      },
      { nullable: '1+' },
    ),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16({ v: '3+', ignorable: true }),
    results: array({
      errorCode: int16(),
      logDir: string(),
      topics: array({
        name: string(),
        partitions: array({
          partitionIndex: int32(),
          partitionSize: int64(),
          offsetLag: int64(),
          isFutureKey: bool(),
        }),
      }),
      totalBytes: int64({ v: '4+', default: -1n, ignorable: true }),
      usableBytes: int64({ v: '4+', default: -1n, ignorable: true }),
      isCordoned: bool({ v: '5+', ignorable: true }),
    }),
  },
});

/** Request body of {@link DescribeLogDirs}. */
export type DescribeLogDirsRequest = RequestOf<typeof DescribeLogDirs>;
/** Response body of {@link DescribeLogDirs}. */
export type DescribeLogDirsResponse = ResponseOf<typeof DescribeLogDirs>;
