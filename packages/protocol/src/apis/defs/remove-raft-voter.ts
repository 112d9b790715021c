import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { int16, int32, string, uuid } from '../dsl/fields.js';

/**
 * RemoveRaftVoter (API key 81, versions 0): Removes a voter from the KRaft controller quorum.
 */
export const RemoveRaftVoter = defineApi({
  key: 81,
  name: 'RemoveRaftVoter',
  versions: '0',
  flexible: '0+',
  request: {
    clusterId: string({ nullable: '0+' }),
    voterId: int32(),
    voterDirectoryId: uuid(),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
    errorMessage: string({ nullable: '0+', ignorable: true }),
  },
});

/** Request body of {@link RemoveRaftVoter}. */
export type RemoveRaftVoterRequest = RequestOf<typeof RemoveRaftVoter>;
/** Response body of {@link RemoveRaftVoter}. */
export type RemoveRaftVoterResponse = ResponseOf<typeof RemoveRaftVoter>;
