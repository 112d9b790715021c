import type { Field } from '../dsl/fields.js';
import type { StructNamer } from './struct-compiler.js';

/** JavaScript source for a constant value. */
function literal(v: number | bigint | boolean | string | null): string {
  if (typeof v === 'bigint') return `${v}n`;
  return JSON.stringify(v);
}

/** JavaScript source that evaluates to a fresh default value of a field. */
export function defaultSource(f: Field, g: StructNamer): string {
  const d = f.defaultValue;
  switch (f.kind) {
    case 'int8':
    case 'int16':
    case 'uint16':
    case 'int32':
    case 'float64':
      return literal(typeof d === 'number' ? d : 0);
    case 'int64':
      return literal(typeof d === 'bigint' ? d : 0n);
    case 'bool':
      return literal(d === true);
    case 'uuid':
      return 'rt.ZERO_UUID';
    case 'string':
      return d === null ? 'null' : literal(typeof d === 'string' ? d : '');
    case 'bytes':
      return d === null ? 'null' : 'rt.EMPTY_BYTES';
    case 'records':
      return 'null';
    case 'array':
      return d === null ? 'null' : '[]';
    case 'struct':
      return d === null ? 'null' : g.defaultStruct(f.fields!);
  }
}

/** JavaScript source that is true when `v` (not undefined) equals the field's default. */
export function isDefaultSource(f: Field, v: string, g: StructNamer): string {
  const d = f.defaultValue;
  switch (f.kind) {
    case 'bytes':
      return d === null ? `${v} === null` : `(${v} !== null && ${v}.length === 0)`;
    case 'records':
      return `${v} === null`;
    case 'array':
      return d === null ? `${v} === null` : `(${v} !== null && ${v}.length === 0)`;
    case 'struct':
      return d === null ? `${v} === null` : `(${v} !== null && ${g.isDefaultStruct(f.fields!, v)})`;
    default:
      return `${v} === ${defaultSource(f, g)}`;
  }
}
