import { describe, expect, it } from 'vitest';
import { decodeMetadataResponse, encodeMetadataRequest } from './wire.js';

/** A Metadata v1 response body as a broker would send it (after the size prefix). */
function response(
  correlationId: number,
  brokers: [number, string, number, string | null][],
  controller: number,
) {
  const parts: Buffer[] = [];
  const i32 = (v: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    parts.push(b);
  };
  const str = (s: string | null) => {
    const b = Buffer.alloc(2);
    b.writeInt16BE(s === null ? -1 : s.length);
    parts.push(b);
    if (s !== null) parts.push(Buffer.from(s));
  };
  i32(correlationId);
  i32(brokers.length);
  for (const [id, host, port, rack] of brokers) {
    i32(id);
    str(host);
    i32(port);
    str(rack);
  }
  i32(controller);
  i32(0); // topics
  return Buffer.concat(parts);
}

describe('Metadata v1 codec', () => {
  it('frames a request for no topics', () => {
    const req = encodeMetadataRequest(7);
    expect(req.readInt32BE(0)).toBe(req.length - 4);
    expect(req.readInt16BE(4)).toBe(3); // api key
    expect(req.readInt16BE(6)).toBe(1); // version
    expect(req.readInt32BE(8)).toBe(7);
    expect(req.readInt32BE(req.length - 4)).toBe(0); // empty topic array
  });

  it('decodes brokers and the controller id', () => {
    const md = decodeMetadataResponse(
      response(
        7,
        [
          [1, '127.0.0.1', 9092, null],
          [2, '127.0.0.1', 9093, 'r1'],
        ],
        2,
      ),
      7,
    );
    expect(md).toEqual({
      brokers: [
        { id: 1, host: '127.0.0.1', port: 9092 },
        { id: 2, host: '127.0.0.1', port: 9093 },
      ],
      controllerId: 2,
    });
  });

  it('rejects truncated frames, wrong correlation ids and absurd counts with an Error', () => {
    const good = response(7, [[1, '127.0.0.1', 9092, null]], 1);
    expect(() => decodeMetadataResponse(good.subarray(0, good.length - 10), 7)).toThrow(/truncated/);
    expect(() => decodeMetadataResponse(good, 8)).toThrow(/correlation/);
    const absurd = Buffer.alloc(8);
    absurd.writeInt32BE(7, 0);
    absurd.writeInt32BE(2 ** 30, 4);
    expect(() => decodeMetadataResponse(absurd, 7)).toThrow(/implausible/);
  });
});
