import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int8, int16, int32, int64, string, struct, uuid } from '../dsl/fields.js';

/**
 * ShareAcknowledge (API key 79, versions 1-2): Acknowledges records delivered to a share-group member
 * (KIP-932).
 */
export const ShareAcknowledge = defineApi({
  key: 79,
  name: 'ShareAcknowledge',
  versions: '1-2',
  flexible: '1+',
  request: {
    groupId: string({ nullable: '1+', default: null }),
    memberId: string({ nullable: '1+' }),
    shareSessionEpoch: int32(),
    isRenewAck: bool('2+'),
    topics: array({
      topicId: uuid(),
      partitions: array({
        partitionIndex: int32(),
        acknowledgementBatches: array({
          firstOffset: int64(),
          lastOffset: int64(),
          acknowledgeTypes: array(int8()),
        }),
      }),
    }),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
    errorMessage: string({ nullable: '1+', default: null }),
    acquisitionLockTimeoutMs: int32({ v: '2+', ignorable: true }),
    responses: array({
      topicId: uuid(),
      partitions: array({
        partitionIndex: int32(),
        errorCode: int16(),
        errorMessage: string({ nullable: '1+', default: null }),
        currentLeader: struct({
          leaderId: int32(),
          leaderEpoch: int32(),
        }),
      }),
    }),
    nodeEndpoints: array({
      nodeId: int32(),
      host: string(),
      port: int32(),
      rack: string({ nullable: '1+', default: null }),
    }),
  },
});

/** Request body of {@link ShareAcknowledge}. */
export type ShareAcknowledgeRequest = RequestOf<typeof ShareAcknowledge>;
/** Response body of {@link ShareAcknowledge}. */
export type ShareAcknowledgeResponse = ResponseOf<typeof ShareAcknowledge>;
