import { describe, expect, it } from 'vitest';
import { CreateTopics, Metadata } from '../apis/all.js';
import { decodeResponse, encodeResponse } from '../apis/codec/api-codec.js';
import { findResponseErrors } from './response-errors.js';

describe('findResponseErrors', () => {
  it('finds item-level codes under a successful response, with their locations', () => {
    const frame = encodeResponse(Metadata, 12, 1, {
      brokers: [],
      topics: [
        {
          errorCode: 0,
          name: 'ok',
          partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, replicaNodes: [], isrNodes: [] }],
        },
        {
          errorCode: 0,
          name: 'moving',
          partitions: [
            { errorCode: 0, partitionIndex: 0, leaderId: 1, replicaNodes: [], isrNodes: [] },
            { partitionIndex: 1, errorCode: 6, leaderId: -1, replicaNodes: [], isrNodes: [] },
          ],
        },
      ],
    });
    const errors = findResponseErrors(decodeResponse(Metadata, 12, frame.subarray(4)).body);
    expect(errors.map((e) => [e.errorName, e.location, e.retriable])).toEqual([
      ['NOT_LEADER_OR_FOLLOWER', '/topics/1/partitions/1', true],
    ]);
  });

  it('takes the sibling error message and prefixed codes', () => {
    const frame = encodeResponse(CreateTopics, 7, 1, {
      throttleTimeMs: 0,
      topics: [{ name: 't', errorCode: 36, errorMessage: 'exists already', topicConfigErrorCode: 40 }],
    });
    const errors = findResponseErrors(decodeResponse(CreateTopics, 7, frame.subarray(4)).body);
    expect(errors.map((e) => [e.code, e.location, e.brokerMessage])).toEqual([
      [36, '/topics/0', 'exists already'],
      [40, '/topics/0', undefined],
    ]);
  });

  it('returns nothing for a clean response and a top-level code at "/"', () => {
    expect(findResponseErrors({ errorCode: 0, topics: [] })).toEqual([]);
    expect(findResponseErrors({ errorCode: 129 })[0]).toMatchObject({
      errorName: 'REBOOTSTRAP_REQUIRED',
      location: '/',
    });
  });
});
