import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int16, int32, string, uuid } from '../dsl/fields.js';

/**
 * DeleteTopics (API key 20, versions 1-6): Deletes topics by name or id.
 */
export const DeleteTopics = defineApi({
  key: 20,
  name: 'DeleteTopics',
  versions: '1-6',
  flexible: '4+',
  request: {
    topics: array(
      {
        name: string({ v: '6+', nullable: '6+', default: null }),
        topicId: uuid('6+'),
      },
      '6+',
    ),
    topicNames: array(string(), { v: '1-5', ignorable: true }),
    timeoutMs: int32(),
  },
  response: {
    throttleTimeMs: int32({ ignorable: true }),
    responses: array({
      name: string({ nullable: '6+' }),
      topicId: uuid({ v: '6+', ignorable: true }),
      errorCode: int16(),
      errorMessage: string({ v: '5+', nullable: '5+', default: null, ignorable: true }),
    }),
  },
});

/** Request body of {@link DeleteTopics}. */
export type DeleteTopicsRequest = RequestOf<typeof DeleteTopics>;
/** Response body of {@link DeleteTopics}. */
export type DeleteTopicsResponse = ResponseOf<typeof DeleteTopics>;
