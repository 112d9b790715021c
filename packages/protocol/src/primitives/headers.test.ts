import { describe, expect, it } from 'vitest';
import { KafkaDecodeError } from '../errors/kafka-error.js';
import { readRequestHeader, readResponseHeader, writeRequestHeader, writeResponseHeader } from './headers.js';
import { Reader } from './reader.js';
import { readRawTaggedFields, writeRawTaggedFields } from './tagged-fields.js';
import { Writer } from './writer.js';

describe('headers', () => {
  it('request header v1 and v2 sizes match the spec (10 and 11 bytes with an empty client id)', () => {
    const h = { apiKey: 18, apiVersion: 3, correlationId: 0, clientId: '' };
    const w1 = new Writer();
    writeRequestHeader(w1, 1, h);
    expect(w1.finish().toString('hex')).toBe('0012000300000000' + '0000');
    const w2 = new Writer();
    writeRequestHeader(w2, 2, h);
    expect(w2.finish().toString('hex')).toBe('0012000300000000' + '0000' + '00');
  });

  it('request header v2 keeps the client id as a classic INT16 string (KAFKA-14935 capture)', () => {
    const w = new Writer();
    writeRequestHeader(w, 2, { apiKey: 18, apiVersion: 3, correlationId: 0, clientId: 'admin-1' });
    const out = w.finish();
    expect(out.toString('hex')).toBe(`00120003000000000007${Buffer.from('admin-1').toString('hex')}00`);
    expect(readRequestHeader(new Reader(out), 2)).toEqual({
      apiKey: 18,
      apiVersion: 3,
      correlationId: 0,
      clientId: 'admin-1',
    });
  });

  it('response headers v0 and v1', () => {
    const w = new Writer();
    writeResponseHeader(w, 0, 7);
    writeResponseHeader(w, 1, -5);
    const r = new Reader(w.finish());
    expect(r.remaining).toBe(9);
    expect(readResponseHeader(r, 0)).toBe(7);
    expect(readResponseHeader(r, 1)).toBe(-5);
  });
});

describe('raw tagged fields', () => {
  it('round-trip in ascending order', () => {
    const fields = [
      { tag: 0, data: Buffer.from([1]) },
      { tag: 300, data: Buffer.from([2, 3]) },
    ];
    const w = new Writer();
    writeRawTaggedFields(w, fields);
    const out = w.finish();
    expect(out.toString('hex')).toBe('02' + '000101' + 'ac02020203');
    expect(readRawTaggedFields(new Reader(out))).toEqual(fields);
  });

  it('reject repeated or descending tags, truncated values and absurd counts', () => {
    for (const h of ['020001010001 01', '02050100 000100', '01000501', 'ffffffff0f00']) {
      expect(() => readRawTaggedFields(new Reader(Buffer.from(h.replace(/ /g, ''), 'hex')))).toThrow(
        KafkaDecodeError,
      );
    }
  });
});
