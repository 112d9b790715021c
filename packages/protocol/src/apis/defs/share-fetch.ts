import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int8, int16, int32, int64, records, string, struct, uuid } from '../dsl/fields.js';

/**
 * ShareFetch (API key 78, versions 1-2): Fetches records for a share-group member and acknowledges
 * delivered ones (KIP-932).
 */
export const ShareFetch = defineApi({
  key: 78,
  name: 'ShareFetch',
  versions: '1-2',
  flexible: '1+',
  request: {
    groupId: string({ nullable: '1+', default: null }),
    memberId: string({ nullable: '1+' }),
    shareSessionEpoch: int32(),
    maxWaitMs: int32(),
    minBytes: int32(),
    maxBytes: int32({ default: 2147483647 }),
    maxRecords: int32(),
    batchSize: int32(),
    shareAcquireMode: int8({ v: '2+', ignorable: true }),
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
    forgottenTopicsData: array({
      topicId: uuid(),
      partitions: array(int32()),
    }),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
    errorMessage: string({ nullable: '1+', default: null }),
    acquisitionLockTimeoutMs: int32(),
    responses: array({
      topicId: uuid(),
      partitions: array({
        partitionIndex: int32(),
        errorCode: int16(),
        errorMessage: string({ nullable: '1+', default: null }),
        acknowledgeErrorCode: int16(),
        acknowledgeErrorMessage: string({ nullable: '1+', default: null }),
        currentLeader: struct({
          leaderId: int32(),
          leaderEpoch: int32(),
        }),
        records: records(),
        acquiredRecords: array({
          firstOffset: int64(),
          lastOffset: int64(),
          deliveryCount: int16(),
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

/** Request body of {@link ShareFetch}. */
export type ShareFetchRequest = RequestOf<typeof ShareFetch>;
/** Response body of {@link ShareFetch}. */
export type ShareFetchResponse = ResponseOf<typeof ShareFetch>;
