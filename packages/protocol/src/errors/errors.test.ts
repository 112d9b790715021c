import { describe, expect, it } from 'vitest';
import { errorCodes } from './error-codes.js';
import { KafkaDecodeError, KafkaError } from './kafka-error.js';
import { KafkaProtocolError, protocolErrorFromCode } from './protocol-error.js';

describe('error-code table', () => {
  it('covers every code from -1 to 133 exactly once', () => {
    const codes = [...errorCodes.keys()].sort((a, b) => a - b);
    expect(codes).toEqual(Array.from({ length: 135 }, (_, i) => i - 1));
    expect(new Set([...errorCodes.values()].map((e) => e.name)).size).toBe(135);
  });

  it('classifies retriable codes as Kafka does', () => {
    expect(errorCodes.get(6)).toMatchObject({
      name: 'NOT_LEADER_OR_FOLLOWER',
      retriable: true,
      refreshMetadata: true,
    });
    expect(errorCodes.get(16)).toMatchObject({
      name: 'NOT_COORDINATOR',
      retriable: true,
      refreshMetadata: false,
    });
    expect(errorCodes.get(25)).toMatchObject({ name: 'UNKNOWN_MEMBER_ID', retriable: false });
    expect(errorCodes.get(133)).toMatchObject({ name: 'SHARE_SESSION_LIMIT_REACHED', retriable: true });
  });
});

describe('KafkaProtocolError', () => {
  it('carries code, name, retriability and location', () => {
    const e = protocolErrorFromCode(6, '/topics/0/partitions/1', 'moved');
    expect(e).toBeInstanceOf(KafkaProtocolError);
    expect(e).toBeInstanceOf(KafkaError);
    expect(e).toMatchObject({
      code: 6,
      errorName: 'NOT_LEADER_OR_FOLLOWER',
      retriable: true,
      location: '/topics/0/partitions/1',
      brokerMessage: 'moved',
      name: 'KafkaProtocolError',
    });
    expect(e.message).toContain('NOT_LEADER_OR_FOLLOWER (6) at /topics/0/partitions/1');
  });

  it('maps unknown codes to UNKNOWN_SERVER_ERROR but keeps the number', () => {
    const e = protocolErrorFromCode(9999);
    expect(e.code).toBe(9999);
    expect(e.errorName).toBe('UNKNOWN_SERVER_ERROR');
    expect(e.retriable).toBe(false);
  });

  it('decode errors are never retriable and keep their cause', () => {
    const cause = new Error('inner');
    const e = new KafkaDecodeError('bad', 3, { cause, retriable: true });
    expect(e.retriable).toBe(false);
    expect(e.cause).toBe(cause);
    expect(e.name).toBe('KafkaDecodeError');
  });
});
