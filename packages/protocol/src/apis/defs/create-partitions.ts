import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int16, int32, string } from '../dsl/fields.js';

/**
 * CreatePartitions (API key 37, versions 0-3): Adds partitions to existing topics.
 */
export const CreatePartitions = defineApi({
  key: 37,
  name: 'CreatePartitions',
  versions: '0-3',
  flexible: '2+',
  request: {
    topics: array({
      name: string(),
      count: int32(),
      assignments: array(
        {
          brokerIds: array(int32()),
        },
        { nullable: '0+' },
      ),
    }),
    timeoutMs: int32(),
    validateOnly: bool(),
  },
  response: {
    throttleTimeMs: int32(),
    results: array({
      name: string(),
      errorCode: int16(),
      errorMessage: string({ nullable: '0+', default: null }),
    }),
  },
});

/** Request body of {@link CreatePartitions}. */
export type CreatePartitionsRequest = RequestOf<typeof CreatePartitions>;
/** Response body of {@link CreatePartitions}. */
export type CreatePartitionsResponse = ResponseOf<typeof CreatePartitions>;
