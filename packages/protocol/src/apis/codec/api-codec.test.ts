import { describe, expect, it } from 'vitest';
import { KafkaDecodeError, KafkaEncodeError } from '../../errors/kafka-error.js';
import { ApiVersions, Fetch, Metadata, Produce } from '../all.js';
import {
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeRequestChunks,
  encodeResponse,
  readCorrelationId,
} from './api-codec.js';

describe('encodeRequestChunks', () => {
  const header = { correlationId: 7, clientId: 'c' };
  const body = (records: Buffer[]) => ({
    transactionalId: null,
    acks: 1,
    timeoutMs: 1000,
    topicData: [{ name: 't', partitionData: records.map((r, index) => ({ index, records: r })) }],
  });

  it('keeps large bytes fields by reference and joins to the same bytes as encodeRequest', () => {
    const big = [Buffer.alloc(4000, 1), Buffer.alloc(5000, 2)];
    const small = Buffer.alloc(10, 3);
    for (const version of [3, 8, 9, 12]) {
      const request = body([big[0]!, small, big[1]!]);
      const chunks = encodeRequestChunks(Produce, version, header, request, 1000);
      expect(chunks.some((c) => c === big[0])).toBe(true);
      expect(chunks.some((c) => c === big[1])).toBe(true);
      expect(chunks.includes(small)).toBe(false);
      expect(Buffer.concat(chunks)).toEqual(encodeRequest(Produce, version, header, request));
    }
  });

  it('is one buffer when no field reaches the threshold', () => {
    const request = body([Buffer.alloc(100, 1)]);
    const chunks = encodeRequestChunks(Produce, 9, header, request, 1000);
    expect(chunks).toHaveLength(1);
    expect(Buffer.concat(chunks)).toEqual(encodeRequest(Produce, 9, header, request));
  });
});

describe('encodeRequest', () => {
  it('ApiVersions v3 request matches the 43-byte Java admin client capture (KAFKA-14935)', () => {
    const frame = encodeRequest(
      ApiVersions,
      3,
      { correlationId: 0, clientId: 'admin-1' },
      { clientSoftwareName: 'apache-kafka-java', clientSoftwareVersion: '3.3.1' },
    );
    const expected = Buffer.concat([
      Buffer.from('0000002b' + '0012' + '0003' + '00000000' + '0007', 'hex'),
      Buffer.from('admin-1'),
      Buffer.from('0012', 'hex'),
      Buffer.from('apache-kafka-java'),
      Buffer.from('06', 'hex'),
      Buffer.from('3.3.1'),
      Buffer.from('00', 'hex'),
    ]);
    expect(frame.toString('hex')).toBe(expected.toString('hex'));
    const back = decodeRequest(ApiVersions, 3, frame.subarray(4));
    expect(back.clientId).toBe('admin-1');
    expect(back.body).toEqual({ clientSoftwareName: 'apache-kafka-java', clientSoftwareVersion: '3.3.1' });
  });

  it('fills defaults for omitted optional fields', () => {
    const frame = encodeRequest(Metadata, 12, { correlationId: 9, clientId: null }, { topics: null });
    const { body } = decodeRequest(Metadata, 12, frame.subarray(4));
    expect(body).toEqual({
      topics: null,
      allowAutoTopicCreation: true,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
  });

  it('rejects undeclared versions and bad values with KafkaEncodeError', () => {
    expect(() => encodeRequest(Metadata, 14, { correlationId: 1, clientId: null }, { topics: [] })).toThrow(
      KafkaEncodeError,
    );
    expect(() =>
      encodeRequest(
        Metadata,
        12,
        { correlationId: 1, clientId: null },
        {
          topics: [{ name: 'x', topicId: 'bad' }],
        },
      ),
    ).toThrow(KafkaEncodeError);
    expect(() =>
      encodeRequest(Metadata, 12, { correlationId: 1, clientId: null }, { topics: 5 } as never),
    ).toThrow(KafkaEncodeError);
  });
});

describe('writer sizing', () => {
  it('after a large frame, small frames go back to allocating small buffers', () => {
    const header = { correlationId: 1, clientId: null };
    const produce = (bytes: number) => ({
      acks: 1,
      timeoutMs: 1000,
      topicData: [{ name: 't', partitionData: [{ index: 0, records: Buffer.alloc(bytes) }] }],
    });
    expect(encodeRequest(Produce, 9, header, produce(4 << 20)).length).toBeGreaterThan(4 << 20);
    encodeRequest(Produce, 9, header, produce(100)); // starts from the last (large) size once
    const small = encodeRequest(Produce, 9, header, produce(100));
    expect(small.buffer.byteLength).toBeLessThan(1 << 20); // a pool slab, not the 4 MiB of the large frame
  });
});

describe('fields a version cannot carry', () => {
  const header = { correlationId: 1, clientId: null };

  it('a non-default value of a non-ignorable field fails instead of being dropped', () => {
    const fetch = { maxWaitMs: 1, minBytes: 1, isolationLevel: 0, topics: [{ topic: 't', partitions: [] }] };
    expect(() =>
      encodeRequest(Fetch, 11, header, {
        ...fetch,
        topics: [
          {
            topic: 't',
            partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1, lastFetchedEpoch: 3 }],
          },
        ],
      }),
    ).toThrow(KafkaEncodeError);
    expect(() => encodeRequest(Fetch, 11, header, fetch)).not.toThrow();
    expect(() => encodeRequest(Metadata, 3, header, { topics: [], allowAutoTopicCreation: false })).toThrow(
      /allowAutoTopicCreation/,
    );
  });

  it('default values and ignorable fields are accepted and left out', () => {
    const a = encodeRequest(Metadata, 9, header, {
      topics: [{ name: 't', topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }],
    });
    const b = encodeRequest(Metadata, 9, header, { topics: [{ name: 't' }] });
    expect(a.equals(b)).toBe(true);
    const r = encodeResponse(Metadata, 0, 1, { throttleTimeMs: 100, brokers: [], topics: [] });
    expect(decodeResponse(Metadata, 0, r.subarray(4)).body.throttleTimeMs).toBe(0);
  });
});

describe('decodeResponse', () => {
  it('ApiVersions responses use response header v0 even when flexible', () => {
    const frame = encodeResponse(ApiVersions, 3, 77, {
      errorCode: 0,
      apiKeys: [{ apiKey: 3, minVersion: 0, maxVersion: 13 }],
      throttleTimeMs: 0,
    });
    // size, correlation id, then straight into the body: error code 0.
    expect(frame.subarray(4, 10).toString('hex')).toBe('0000004d0000');
    expect(readCorrelationId(frame.subarray(4))).toBe(77);
    const { correlationId, body } = decodeResponse(ApiVersions, 3, frame.subarray(4));
    expect(correlationId).toBe(77);
    expect(body.apiKeys).toEqual([{ apiKey: 3, minVersion: 0, maxVersion: 13 }]);
    expect(body.finalizedFeaturesEpoch).toBe(-1n);
  });

  it('preserves unknown tagged fields and re-encodes them byte for byte', () => {
    const frame = encodeResponse(Metadata, 12, 5, {
      brokers: [],
      topics: [],
      _unknownTaggedFields: [{ tag: 7, data: Buffer.from('beef', 'hex') }],
    });
    const { body } = decodeResponse(Metadata, 12, frame.subarray(4));
    expect(body._unknownTaggedFields).toEqual([{ tag: 7, data: Buffer.from('beef', 'hex') }]);
    expect(encodeResponse(Metadata, 12, 5, body).equals(frame)).toBe(true);
  });

  it('rejects trailing bytes and truncation with KafkaDecodeError', () => {
    const frame = encodeResponse(Metadata, 1, 5, { brokers: [], topics: [] });
    const payload = frame.subarray(4);
    expect(() => decodeResponse(Metadata, 1, Buffer.concat([payload, Buffer.from([0])]))).toThrow(
      KafkaDecodeError,
    );
    expect(() => decodeResponse(Metadata, 1, payload.subarray(0, payload.length - 1))).toThrow(
      KafkaDecodeError,
    );
    expect(() => decodeResponse(Metadata, 99, payload)).toThrow(KafkaDecodeError);
  });

  it('hostile counts and lengths inside a body fail before any large allocation', () => {
    const header = Buffer.from('00000001', 'hex');
    // Metadata v1 response: brokers array claiming 2^31-1 entries, 8 bytes left.
    const hugeArray = Buffer.concat([header, Buffer.from('7fffffff' + '00'.repeat(8), 'hex')]);
    expect(() => decodeResponse(Metadata, 1, hugeArray)).toThrow(/array count 2147483647/);
    // One broker whose host string claims 32767 bytes.
    const longString = Buffer.concat([header, Buffer.from('00000001' + '00000001' + '7fff' + '41', 'hex')]);
    expect(() => decodeResponse(Metadata, 1, longString)).toThrow(KafkaDecodeError);
    // Flexible v12: compact array count from a 5-byte varint, then an over-long varint.
    expect(() =>
      decodeResponse(Metadata, 12, Buffer.from('0000000100' + '00000000' + 'ffffffff0f', 'hex')),
    ).toThrow(KafkaDecodeError);
    expect(() =>
      decodeResponse(Metadata, 12, Buffer.from('0000000100' + '00000000' + 'ffffffffff01', 'hex')),
    ).toThrow(/longer than 5 bytes/);
    // Non-nullable array sent as null.
    expect(() =>
      decodeResponse(Metadata, 1, Buffer.concat([header, Buffer.from('ffffffff', 'hex')])),
    ).toThrow(/non-nullable array is null/);
  });
});
