import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int8, int16, int32, string } from '../dsl/fields.js';

/**
 * FindCoordinator (API key 10, versions 0-6): Finds the broker coordinating a group, transactional id
 * or share group.
 */
export const FindCoordinator = defineApi({
  key: 10,
  name: 'FindCoordinator',
  versions: '0-6',
  flexible: '3+',
  request: {
    key: string('0-3'),
    keyType: int8('1+'),
    coordinatorKeys: array(string(), '4+'),
  },
  response: {
    throttleTimeMs: int32({ v: '1+', ignorable: true }),
    errorCode: int16('0-3'),
    errorMessage: string({ v: '1-3', nullable: '1-3', ignorable: true }),
    nodeId: int32('0-3'),
    host: string('0-3'),
    port: int32('0-3'),
    coordinators: array(
      {
        key: string('4+'),
        nodeId: int32('4+'),
        host: string('4+'),
        port: int32('4+'),
        errorCode: int16('4+'),
        errorMessage: string({ v: '4+', nullable: '4+', ignorable: true }),
      },
      '4+',
    ),
  },
});

/** Request body of {@link FindCoordinator}. */
export type FindCoordinatorRequest = RequestOf<typeof FindCoordinator>;
/** Response body of {@link FindCoordinator}. */
export type FindCoordinatorResponse = ResponseOf<typeof FindCoordinator>;
