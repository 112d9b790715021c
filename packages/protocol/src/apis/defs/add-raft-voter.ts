import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int16, int32, string, uint16, uuid } from '../dsl/fields.js';

/**
 * AddRaftVoter (API key 80, versions 0-1): Adds a voter to the KRaft controller quorum.
 */
export const AddRaftVoter = defineApi({
  key: 80,
  name: 'AddRaftVoter',
  versions: '0-1',
  flexible: '0+',
  request: {
    clusterId: string({ nullable: '0+' }),
    timeoutMs: int32(),
    voterId: int32(),
    voterDirectoryId: uuid(),
    listeners: array({
      name: string(),
      host: string(),
      port: uint16(),
    }),
    ackWhenCommitted: bool({ v: '1+', default: true }),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
    errorMessage: string({ nullable: '0+', ignorable: true }),
  },
});

/** Request body of {@link AddRaftVoter}. */
export type AddRaftVoterRequest = RequestOf<typeof AddRaftVoter>;
/** Response body of {@link AddRaftVoter}. */
export type AddRaftVoterResponse = ResponseOf<typeof AddRaftVoter>;
