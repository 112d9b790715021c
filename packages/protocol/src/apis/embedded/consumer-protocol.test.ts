import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KafkaDecodeError, KafkaEncodeError } from '../../errors/kafka-error.js';
import { arbitraryBody } from '../test-support/arbitrary.js';
import { ConsumerProtocolAssignment, ConsumerProtocolSubscription } from './consumer-protocol.js';
import { decodeBlob, encodeBlob, type VersionedBlob } from './versioned-blob.js';

describe('consumer protocol blobs', () => {
  it('subscription v0 bytes: version, topics array, null user data', () => {
    const b = encodeBlob(ConsumerProtocolSubscription, 0, { topics: ['ab'] });
    expect(b.toString('hex')).toBe('0000' + '00000001' + '0002' + '6162' + 'ffffffff');
    expect(decodeBlob(ConsumerProtocolSubscription, b)).toEqual({
      version: 0,
      body: { topics: ['ab'], userData: null, ownedPartitions: [], generationId: -1, rackId: null },
    });
  });

  it('assignment v1 bytes: partitions per topic and user data', () => {
    const b = encodeBlob(ConsumerProtocolAssignment, 1, {
      assignedPartitions: [{ topic: 't', partitions: [0, 2] }],
      userData: Buffer.from([9]),
    });
    expect(b.toString('hex')).toBe(
      '0001' + '00000001' + '000174' + '00000002' + '00000000' + '00000002' + '0000000109',
    );
  });

  it('reads a newer version with the newest layout and ignores appended fields', () => {
    const v3 = encodeBlob(ConsumerProtocolSubscription, 3, { topics: ['x'], rackId: 'r1', generationId: 4 });
    const v9 = Buffer.concat([Buffer.from([0, 9]), v3.subarray(2), Buffer.from([1, 2, 3])]);
    const { version, body } = decodeBlob(ConsumerProtocolSubscription, v9);
    expect(version).toBe(9);
    expect(body.rackId).toBe('r1');
    expect(body.generationId).toBe(4);
  });

  it('rejects trailing bytes at known versions, truncation and negative versions', () => {
    const b = encodeBlob(ConsumerProtocolAssignment, 0, { assignedPartitions: [] });
    expect(() => decodeBlob(ConsumerProtocolAssignment, Buffer.concat([b, Buffer.from([0])]))).toThrow(
      KafkaDecodeError,
    );
    expect(() => decodeBlob(ConsumerProtocolAssignment, b.subarray(0, 3))).toThrow(KafkaDecodeError);
    expect(() => decodeBlob(ConsumerProtocolAssignment, Buffer.from('ffff', 'hex'))).toThrow(
      KafkaDecodeError,
    );
    expect(() => encodeBlob(ConsumerProtocolAssignment, 4, { assignedPartitions: [] })).toThrow(
      KafkaEncodeError,
    );
  });

  it.each([0, 1, 2, 3])('v%i round-trips arbitrary bodies byte for byte', (v) => {
    for (const blob of [ConsumerProtocolSubscription, ConsumerProtocolAssignment] as VersionedBlob[]) {
      fc.assert(
        fc.property(arbitraryBody(blob.fields, v, false), (body) => {
          const bytes = encodeBlob(blob, v, body as never);
          const back = decodeBlob(blob, bytes);
          expect(back.body).toEqual(body);
          expect(encodeBlob(blob, v, back.body as never).equals(bytes)).toBe(true);
        }),
        { numRuns: 50 },
      );
    }
  });
});
