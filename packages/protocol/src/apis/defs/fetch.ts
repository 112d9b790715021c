import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, int8, int16, int32, int64, records, string, struct, uuid } from '../dsl/fields.js';

/**
 * Fetch (API key 1, versions 4-18): Reads record batches from partitions, optionally within an
 * incremental fetch session (KIP-227).
 */
export const Fetch = defineApi({
  key: 1,
  name: 'Fetch',
  versions: '4-18',
  flexible: '12+',
  request: {
    clusterId: string({ v: '12+', nullable: '12+', default: null, tag: 0, ignorable: true }),
    replicaId: int32({ v: '4-14', default: -1 }),
    replicaState: struct(
      {
        replicaId: int32({ v: '15+', default: -1 }),
        replicaEpoch: int64({ v: '15+', default: -1n }),
      },
      { v: '15+', tag: 1 },
    ),
    maxWaitMs: int32(),
    minBytes: int32(),
    maxBytes: int32({ default: 2147483647, ignorable: true }),
    isolationLevel: int8({ ignorable: true }),
    sessionId: int32({ v: '7+', ignorable: true }),
    sessionEpoch: int32({ v: '7+', default: -1, ignorable: true }),
    topics: array({
      topic: string({ v: '4-12', ignorable: true }),
      topicId: uuid({ v: '13+', ignorable: true }),
      partitions: array({
        partition: int32(),
        currentLeaderEpoch: int32({ v: '9+', default: -1, ignorable: true }),
        fetchOffset: int64(),
        lastFetchedEpoch: int32({ v: '12+', default: -1 }),
        logStartOffset: int64({ v: '5+', default: -1n, ignorable: true }),
        partitionMaxBytes: int32(),
        replicaDirectoryId: uuid({ v: '17+', tag: 0, ignorable: true }),
        highWatermark: int64({ v: '18+', default: 9223372036854775807n, tag: 1, ignorable: true }),
      }),
    }),
    forgottenTopicsData: array(
      {
        topic: string({ v: '7-12', ignorable: true }),
        topicId: uuid({ v: '13+', ignorable: true }),
        partitions: array(int32(), '7+'),
      },
      '7+',
    ),
    rackId: string({ v: '11+', ignorable: true }),
  },
  response: {
    throttleTimeMs: int32({ ignorable: true }),
    errorCode: int16({ v: '7+', ignorable: true }),
    sessionId: int32('7+'),
    responses: array({
      topic: string({ v: '4-12', ignorable: true }),
      topicId: uuid({ v: '13+', ignorable: true }),
      partitions: array({
        partitionIndex: int32(),
        errorCode: int16(),
        highWatermark: int64(),
        lastStableOffset: int64({ default: -1n, ignorable: true }),
        logStartOffset: int64({ v: '5+', default: -1n, ignorable: true }),
        divergingEpoch: struct(
          {
            epoch: int32({ v: '12+', default: -1 }),
            endOffset: int64({ v: '12+', default: -1n }),
          },
          { v: '12+', tag: 0 },
        ),
        currentLeader: struct(
          {
            leaderId: int32({ v: '12+', default: -1 }),
            leaderEpoch: int32({ v: '12+', default: -1 }),
          },
          { v: '12+', tag: 1 },
        ),
        snapshotId: struct(
          {
            endOffset: int64({ default: -1n }),
            epoch: int32({ default: -1 }),
          },
          { v: '12+', tag: 2 },
        ),
        abortedTransactions: array(
          {
            producerId: int64(),
            firstOffset: int64(),
          },
          { nullable: '4+', ignorable: true },
        ),
        preferredReadReplica: int32({ v: '11+', default: -1 }),
        records: records({ nullable: '4+' }),
      }),
    }),
    nodeEndpoints: array(
      {
        nodeId: int32('16+'),
        host: string('16+'),
        port: int32('16+'),
        rack: string({ v: '16+', nullable: '16+', default: null }),
      },
      { v: '16+', tag: 0 },
    ),
  },
});

/** Request body of {@link Fetch}. */
export type FetchRequest = RequestOf<typeof Fetch>;
/** Response body of {@link Fetch}. */
export type FetchResponse = ResponseOf<typeof Fetch>;
