import fc from 'fast-check';
import type { RawTaggedField } from '../../primitives/tagged-fields.js';
import type { Field, Fields } from '../dsl/fields.js';
import { inRange } from '../dsl/versions.js';

/**
 * fast-check generators derived from a declaration: a body for one version, every present field
 * holding an arbitrary value of its type (null where the version allows it), every absent field
 * holding its default, so that encode -> decode must give the same object back.
 */
export function arbitraryBody(fields: Fields, version: number, flexible: boolean): fc.Arbitrary<object> {
  return new BodyArbitraries(version, flexible).struct(fields, 0);
}

/** The value a decoder gives a field absent from a version (written independently of the codec). */
export function defaultOf(f: Field): unknown {
  const d = f.defaultValue;
  switch (f.kind) {
    case 'int64':
      return typeof d === 'bigint' ? d : 0n;
    case 'bool':
      return d === true;
    case 'uuid':
      return 'AAAAAAAAAAAAAAAAAAAAAA';
    case 'string':
      return d === null ? null : typeof d === 'string' ? d : '';
    case 'bytes':
      return d === null ? null : Buffer.alloc(0);
    case 'records':
      return null;
    case 'array':
      return d === null ? null : [];
    case 'struct':
      return d === null
        ? null
        : Object.fromEntries(Object.entries(f.fields!).map(([k, g]) => [k, defaultOf(g)]));
    default:
      return typeof d === 'number' ? d : 0;
  }
}

const MAX_DEPTH = 4;

class BodyArbitraries {
  constructor(
    private readonly version: number,
    private readonly flexible: boolean,
  ) {}

  struct(fields: Fields, depth: number): fc.Arbitrary<object> {
    const shape: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, f] of Object.entries(fields)) {
      const present = f.versions === undefined || inRange(f.versions, this.version);
      const taggedAway = f.tag !== undefined && !this.flexible;
      shape[name] = present && !taggedAway ? this.field(f, depth) : fc.constant(defaultOf(f));
    }
    const body = fc.record(shape);
    if (!this.flexible) return body;
    return fc
      .tuple(body, unknownTags(fields))
      .map(([o, tags]) => (tags.length === 0 ? o : { ...o, _unknownTaggedFields: tags }));
  }

  private field(f: Field, depth: number): fc.Arbitrary<unknown> {
    const base = this.base(f, depth);
    const nullable = f.nullable !== undefined && inRange(f.nullable, this.version);
    return nullable || f.kind === 'records' ? fc.option(base, { nil: null, freq: 4 }) : base;
  }

  private base(f: Field, depth: number): fc.Arbitrary<unknown> {
    switch (f.kind) {
      case 'int8':
        return fc.integer({ min: -128, max: 127 });
      case 'int16':
        return fc.integer({ min: -32768, max: 32767 });
      case 'uint16':
        return fc.integer({ min: 0, max: 65535 });
      case 'int32':
        return fc.integer({ min: -2147483648, max: 2147483647 });
      case 'int64':
        return fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
      case 'float64':
        return fc.double({ noNaN: true });
      case 'bool':
        return fc.boolean();
      case 'uuid':
        return fc
          .uint8Array({ minLength: 16, maxLength: 16 })
          .map((b) => Buffer.from(b).toString('base64url'));
      case 'string':
        return fc.string({ unit: 'grapheme', maxLength: 12 });
      case 'bytes':
      case 'records':
        return fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b));
      case 'array': {
        const el = f.element!;
        const item = el.kind === 'struct' ? this.struct(el.fields!, depth + 1) : this.base(el, depth + 1);
        return fc.array(item, { maxLength: depth >= MAX_DEPTH ? 0 : 3 });
      }
      case 'struct':
        return this.struct(f.fields!, depth + 1);
    }
  }
}

// Unknown tags use numbers no declaration uses, so the decoder must keep them as raw bytes.
function unknownTags(fields: Fields): fc.Arbitrary<RawTaggedField[]> {
  const used = new Set(Object.values(fields).map((f) => f.tag));
  return fc
    .uniqueArray(
      fc.integer({ min: 0, max: 300 }).filter((t) => !used.has(t)),
      { maxLength: 2 },
    )
    .chain((tags) =>
      fc.tuple(
        ...tags.map((tag) => fc.uint8Array({ maxLength: 6 }).map((d) => ({ tag, data: Buffer.from(d) }))),
      ),
    )
    .map((list) => [...list].sort((a, b) => a.tag - b.tag));
}
