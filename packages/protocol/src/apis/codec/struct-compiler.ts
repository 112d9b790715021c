import { KafkaEncodeError } from '../../errors/kafka-error.js';
import type { Reader } from '../../primitives/reader.js';
import { type RawTaggedField, readRawTaggedFields } from '../../primitives/tagged-fields.js';
import { Writer } from '../../primitives/writer.js';
import type { Field, Fields } from '../dsl/fields.js';
import { inRange } from '../dsl/versions.js';
import { defaultSource, isDefaultSource } from './defaults.js';

/** Encoder and decoder of one struct at one version, generated from its declaration. */
export interface StructCodec {
  /** Writes `value`; fields left undefined are written as their defaults. */
  encode(w: Writer, value: object): void;
  /** Reads one struct; absent fields take their defaults. */
  decode(r: Reader): unknown;
}

/** Helpers the generated code calls; passed in as arguments, so the code has no free globals. */
const runtime = {
  ZERO_UUID: 'AAAAAAAAAAAAAAAAAAAAAA',
  EMPTY_BYTES: Buffer.alloc(0),
  EMPTY_STRUCT: Object.freeze({}),
  readUnknownTags(r: Reader, o: { _unknownTaggedFields?: RawTaggedField[] }): void {
    const tags = readRawTaggedFields(r);
    if (tags !== undefined) o._unknownTaggedFields = tags;
  },
  unknownTag(o: { _unknownTaggedFields?: RawTaggedField[] }, tag: number, data: Buffer): void {
    if (o._unknownTaggedFields === undefined) o._unknownTaggedFields = [];
    o._unknownTaggedFields.push({ tag, data });
  },
  tagged(tag: number, write: (w: Writer) => void): RawTaggedField {
    const w = new Writer(64);
    write(w);
    return { tag, data: w.finish() };
  },
  writeTags(w: Writer, known: RawTaggedField[], unknown: readonly RawTaggedField[] | undefined): void {
    const all = unknown === undefined ? known : [...known, ...unknown].sort((a, b) => a.tag - b.tag);
    for (let i = 1; i < all.length; i++) {
      if (all[i]!.tag === all[i - 1]!.tag) throw new KafkaEncodeError(`tag ${all[i]!.tag} appears twice`);
    }
    w.uvarint(all.length);
    for (const f of all) w.uvarint(f.tag).uvarint(f.data.length).raw(f.data);
  },
  notInVersion(name: string, version: number): never {
    throw new KafkaEncodeError(`field '${name}' has a value but does not exist in version ${version}`);
  },
  notArray(value: unknown): never {
    throw new KafkaEncodeError(`expected an array, got ${typeof value}`);
  },
};

const IDENT = /^[A-Za-z_$][\w$]*$/;
const prop = (name: string) => (IDENT.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`);

/**
 * Generates JavaScript for every struct reachable from one message at one version and compiles it
 * once with `new Function`: decoders build each object with a single literal in wire order (one
 * stable shape per struct and version), encoders are straight-line writer calls.
 */
class Generator {
  private readonly parts: string[] = [];
  private readonly ids = new Map<Fields, number>();
  private next = 0;

  constructor(
    private readonly version: number,
    private readonly flexible: boolean,
  ) {}

  private present(f: Field): boolean {
    return f.versions === undefined || inRange(f.versions, this.version);
  }

  private isNullable(f: Field): boolean {
    return f.nullable !== undefined && inRange(f.nullable, this.version);
  }

  private isTagged(f: Field): boolean {
    return this.flexible && f.tag !== undefined;
  }

  /** Returns the id of the functions d<id>/e<id>/z<id> for a struct, generating them once. */
  struct(fields: Fields): number {
    const known = this.ids.get(fields);
    if (known !== undefined) return known;
    const id = this.next++;
    this.ids.set(fields, id);
    const entries = Object.entries(fields);
    const live = entries.filter(([, f]) => this.present(f));
    const inline = live.filter(([, f]) => !this.isTagged(f));
    const tagged = live.filter(([, f]) => this.isTagged(f)).sort((a, b) => a[1].tag! - b[1].tag!);

    // Decoder: one object literal in declaration order, then the tag section.
    const init = entries.map(([name, f]) => {
      const value = this.present(f) && !this.isTagged(f) ? this.read(f) : defaultSource(f, this);
      return `${JSON.stringify(name)}: ${value}`;
    });
    let tagRead = '';
    if (this.flexible && tagged.length === 0) tagRead = 'rt.readUnknownTags(r, o);';
    if (tagged.length > 0) {
      const cases = tagged.map(([name, f]) => `case ${f.tag}: o${prop(name)} = ${this.read(f)}; break;`);
      tagRead = `const c = r.uvarint();
  if (c > r.remaining) r.fail('tagged-field count ' + c + ' exceeds the bytes left');
  let last = -1;
  for (let i = 0; i < c; i++) {
    const tag = r.uvarint();
    if (tag <= last) r.fail('tag ' + tag + ' follows tag ' + last + '; tags must ascend');
    last = tag;
    const size = r.uvarint();
    if (size > r.remaining) r.fail('tagged field of ' + size + ' bytes exceeds the bytes left');
    const end = r.offset + size;
    switch (tag) {
      ${cases.join('\n      ')}
      default: rt.unknownTag(o, tag, r.raw(size)); continue;
    }
    if (r.offset !== end) r.fail('tagged field ' + tag + ' does not fill its ' + size + ' bytes');
  }`;
    }
    this.parts.push(`function d${id}(r) {
  const o = { ${init.join(', ')} };
  ${tagRead}
  return o;
}`);

    // Encoder: straight-line writes, then known and preserved tags in ascending order.
    const writes = inline.map(([name, f]) => this.write(f, this.valueOf(`o${prop(name)}`, f)));
    for (const [name, f] of entries) {
      if (f.ignorable || (this.present(f) && (f.tag === undefined || this.flexible))) continue;
      const v = `o${prop(name)}`;
      writes.unshift(
        `if (${v} !== undefined && !(${isDefaultSource(f, v, this)})) rt.notInVersion(${JSON.stringify(name)}, ${this.version});`,
      );
    }
    let tagWrite = '';
    if (this.flexible && tagged.length === 0) tagWrite = 'rt.writeTags(w, [], o._unknownTaggedFields);';
    if (tagged.length > 0) {
      const pushes = tagged.map(([name, f], i) => {
        const v = `t${i}`;
        return `const ${v} = o${prop(name)};
  if (${v} !== undefined && !(${isDefaultSource(f, v, this)})) k.push(rt.tagged(${f.tag}, (w) => { ${this.write(f, v)} }));`;
      });
      tagWrite = `const k = [];
  ${pushes.join('\n  ')}
  rt.writeTags(w, k, o._unknownTaggedFields);`;
    }
    this.parts.push(`function e${id}(w, o) {
  ${writes.join('\n  ')}
  ${tagWrite}
}`);

    // Default check, used when a struct is the value of a tagged field.
    const checks = live.map(([name, f]) => {
      const v = `o${prop(name)}`;
      return `(${v} === undefined || ${isDefaultSource(f, v, this)})`;
    });
    const noTags = this.flexible ? 'o._unknownTaggedFields === undefined' : 'true';
    this.parts.push(`function z${id}(o) { return ${[...checks, noTags].join(' && ')}; }`);
    return id;
  }

  /** Source of the expression that encoders use for a field value, defaults filled in. */
  private valueOf(expr: string, f: Field): string {
    const def = f.kind === 'struct' && f.defaultValue !== null ? 'rt.EMPTY_STRUCT' : defaultSource(f, this);
    return this.isNullable(f) ? `(${expr} === undefined ? ${def} : ${expr})` : `(${expr} ?? ${def})`;
  }

  /**
   * The Reader/Writer method (they share names) for a field of a wire primitive type at this
   * version, or undefined for structs and arrays.
   */
  private primitive(f: Field): string | undefined {
    switch (f.kind) {
      case 'struct':
      case 'array':
        return undefined;
      case 'bool':
        return 'boolean';
      case 'string':
      case 'bytes':
      case 'records': {
        const nullable = f.kind === 'records' || this.isNullable(f);
        const type = f.kind === 'string' ? 'String' : 'Bytes';
        if (this.flexible) return nullable ? `compactNullable${type}` : `compact${type}`;
        return nullable ? `nullable${type}` : type.toLowerCase();
      }
      default:
        return f.kind;
    }
  }

  private read(f: Field): string {
    const primitive = this.primitive(f);
    if (primitive !== undefined) return `r.${primitive}()`;
    const n = this.isNullable(f);
    if (f.kind === 'struct') {
      const id = this.struct(f.fields!);
      return n ? `(r.int8() < 0 ? null : d${id}(r))` : `d${id}(r)`;
    }
    const id = this.next++;
    const count = this.flexible ? 'r.compactArrayLength()' : 'r.arrayLength()';
    const onNull = n ? 'return null;' : "r.fail('non-nullable array is null');";
    this.parts.push(`function a${id}(r) {
  const n = ${count};
  if (n < 0) ${onNull}
  const a = n <= 1024 ? new Array(n) : []; // no large up-front allocation from a hostile count
  for (let i = 0; i < n; i++) a[i] = ${this.read(f.element!)};
  return a;
}`);
    return `a${id}(r)`;
  }

  private write(f: Field, v: string): string {
    const primitive = this.primitive(f);
    if (primitive !== undefined) return `w.${primitive}(${v});`;
    if (f.kind === 'struct') {
      const id = this.struct(f.fields!);
      return this.isNullable(f)
        ? `{ const s = ${v}; if (s === null) w.int8(-1); else { w.int8(1); e${id}(w, s); } }`
        : `e${id}(w, ${v});`;
    }
    const id = this.next++;
    const len = this.flexible ? 'w.compactArrayLength' : 'w.arrayLength';
    const el = f.element!;
    const item = el.kind === 'struct' ? `e${this.struct(el.fields!)}(w, a[i]);` : this.write(el, 'a[i]');
    this.parts.push(`function b${id}(w, a) {
  if (a === null) { ${len}(null); return; }
  if (!Array.isArray(a)) rt.notArray(a);
  ${len}(a.length);
  for (let i = 0; i < a.length; i++) { ${item} }
}`);
    return `b${id}(w, ${v});`;
  }

  /** Compiles the generated functions; `rootId` is the top-level struct. */
  compile(rootId: number): StructCodec {
    const source = `"use strict";\n${this.parts.join('\n')}\nreturn { encode: e${rootId}, decode: d${rootId} };`;
    return new Function('rt', source)(runtime) as StructCodec;
  }

  /** The default-instance function name for a struct, generated on demand. */
  defaultStruct(fields: Fields): string {
    const id = this.struct(fields);
    const fn = `n${id}`;
    if (!this.parts.some((p) => p.startsWith(`function ${fn}(`))) {
      const init = Object.entries(fields).map(
        ([name, f]) => `${JSON.stringify(name)}: ${defaultSource(f, this)}`,
      );
      this.parts.push(`function ${fn}() { return { ${init.join(', ')} }; }`);
    }
    return `${fn}()`;
  }

  /** The default-check function name for a struct. */
  isDefaultStruct(fields: Fields, v: string): string {
    return `z${this.struct(fields)}(${v})`;
  }
}

/** What {@link defaultSource} needs from the generator to refer to nested structs. */
export type StructNamer = Pick<Generator, 'defaultStruct' | 'isDefaultStruct'>;

/** Compiles the encoder and decoder of a message body at one version. */
export function compileStruct(fields: Fields, version: number, flexible: boolean): StructCodec {
  const g = new Generator(version, flexible);
  return g.compile(g.struct(fields));
}
