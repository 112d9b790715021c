import { describe, expect, it } from 'vitest';
import { KafkaDecodeError, KafkaEncodeError } from '../../errors/kafka-error.js';
import { Reader } from '../../primitives/reader.js';
import { Writer } from '../../primitives/writer.js';
import { array, bool, int8, int16, int32, int64, string, struct } from '../dsl/fields.js';
import { compileStruct } from './struct-compiler.js';

// A made-up message exercising each encoding rule; expected bytes are worked out by hand from the
// protocol rules (KIP-482 for the flexible forms).
const Leader = { id: int32(), epoch: int32({ default: -1 }) };
const Message = {
  name: string(),
  note: string({ nullable: '0+', default: null }),
  items: array({ a: int8(), tags: array(int16()) }, { nullable: '1+' }),
  leader: struct(Leader, { v: '1+', nullable: '1+', default: null }),
  since2: int64({ v: '2+', default: -1n }),
  hint: int32({ v: '2+', tag: 3 }),
  flag: bool({ v: '2+', tag: 1, default: true }),
};

const encode = (v: number, flexible: boolean, body: object) => {
  const w = new Writer(8);
  compileStruct(Message, v, flexible).encode(w, body);
  return w.finish().toString('hex');
};
const decode = (v: number, flexible: boolean, hex: string) => {
  const r = new Reader(Buffer.from(hex, 'hex'));
  const body = compileStruct(Message, v, flexible).decode(r);
  expect(r.remaining).toBe(0);
  return body;
};

describe('compiled struct codecs follow the wire rules', () => {
  it('v0 (classic): INT16 strings, INT32 array counts, fields of later versions left out', () => {
    const hex = encode(0, false, { name: 'ab', items: [{ a: 1, tags: [2] }] });
    expect(hex).toBe('0002' + '6162' + 'ffff' + '00000001' + '01' + '00000001' + '0002');
    expect(decode(0, false, hex)).toEqual({
      name: 'ab',
      note: null,
      items: [{ a: 1, tags: [2] }],
      leader: null,
      since2: -1n,
      hint: 0,
      flag: true,
    });
  });

  it('v1 (classic): null array is count -1, a nullable struct has an INT8 marker', () => {
    expect(encode(1, false, { name: '', items: null, leader: null })).toBe(
      '0000' + 'ffff' + 'ffffffff' + 'ff',
    );
    expect(encode(1, false, { name: '', items: [], leader: { id: 7 } })).toBe(
      '0000' + 'ffff' + '00000000' + '01' + '00000007' + 'ffffffff',
    );
  });

  it('v2 flexible: compact forms, a tag section after every struct, known tags ascending', () => {
    const hex = encode(2, true, {
      name: 'ab',
      note: 'x',
      items: [{ a: 1, tags: [] }],
      since2: 5n,
      hint: 9,
      flag: false,
    });
    expect(hex).toBe(
      '03' +
        '6162' + // compact string
        '02' +
        '78' + // compact nullable string
        '02' +
        '01' +
        '01' +
        '00' + // compact array of one {a, empty compact array, no tags}
        'ff' + // null leader marker
        '0000000000000005' +
        '02' + // two tagged fields
        '01' +
        '01' +
        '00' + // tag 1 (flag=false), size 1
        '03' +
        '04' +
        '00000009' + // tag 3 (hint=9), size 4
        '',
    );
    expect(decode(2, true, hex)).toMatchObject({ name: 'ab', note: 'x', since2: 5n, hint: 9, flag: false });
  });

  it('tagged fields equal to their default are omitted', () => {
    expect(encode(2, true, { name: '', items: null, hint: 0, flag: true })).toBe(
      '01' + '00' + '00' + 'ff' + 'ffffffffffffffff' + '00',
    );
  });

  it('unknown tags are kept and merged back in tag order', () => {
    const hex =
      '01' + '00' + '00' + 'ff' + 'ffffffffffffffff' + '02' + '02' + '01' + 'aa' + '03' + '04' + '00000001';
    const body = decode(2, true, hex) as { _unknownTaggedFields: unknown; hint: number };
    expect(body.hint).toBe(1);
    expect(body._unknownTaggedFields).toEqual([{ tag: 2, data: Buffer.from('aa', 'hex') }]);
    expect(encode(2, true, body)).toBe(hex);
  });

  it('rejects a known tag whose value does not fill its declared size', () => {
    const hex = '01' + '00' + '00' + 'ff' + 'ffffffffffffffff' + '01' + '03' + '05' + '0000000100';
    expect(() => decode(2, true, hex)).toThrow(KafkaDecodeError);
  });

  it('rejects a value for a field the version cannot carry', () => {
    expect(() => encode(0, false, { name: '', since2: 3n })).toThrow(KafkaEncodeError);
    expect(() => encode(0, false, { name: '', since2: -1n })).not.toThrow();
  });
});
