import type { RawTaggedField } from '../../primitives/tagged-fields.js';
import { type Bounds, parseRange, type VersionRange } from './versions.js';

/** The wire types a field can have. */
export type FieldKind =
  | 'int8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'int64'
  | 'float64'
  | 'bool'
  | 'uuid'
  | 'string'
  | 'bytes'
  | 'records'
  | 'array'
  | 'struct';

/** Options of a field declaration; a bare string is shorthand for `{ v }`. */
export interface FieldOptions {
  /** Versions in which the field exists (default: every version of the message). */
  readonly v?: VersionRange;
  /** Versions in which the field may be null (default: none). */
  readonly nullable?: VersionRange;
  /** Value used when the field is absent from a version or not given to an encoder. */
  readonly default?: number | bigint | boolean | string | null;
  /** Tag number: the field travels in the tagged-field section (flexible versions only). */
  readonly tag?: number;
  /**
   * Whether an encoder may silently drop a non-default value in a version that lacks the field.
   * When false (the default), encoding such a value fails, as in Kafka's own client.
   */
  readonly ignorable?: boolean;
}

/**
 * One declared field. `Out` is its decoded TypeScript type, `In` what an encoder accepts, and
 * `Opt` whether an encoder input may leave it out (it has a default, a version limit or a tag).
 */
export interface Field<Out = unknown, In = Out, Opt extends boolean = boolean> {
  readonly kind: FieldKind;
  readonly versions: Bounds | undefined;
  readonly nullable: Bounds | undefined;
  readonly tag: number | undefined;
  readonly defaultValue: number | bigint | boolean | string | null | undefined;
  readonly ignorable: boolean;
  /** Element of an array field. */
  readonly element: Field | undefined;
  /** Fields of a struct field, or of an array's struct element. */
  readonly fields: Fields | undefined;
  /** Type-level only. */
  readonly _types?: { out: Out; in: In; opt: Opt };
}

/** The fields of a struct, in wire order (object key order is declaration order). */
export type Fields = { readonly [name: string]: Field };

/** Fields every decoded struct may carry: tags this codec does not know, kept for re-encoding. */
export interface UnknownTags {
  /** Tagged fields of unknown tag numbers, exactly as received. */
  _unknownTaggedFields?: RawTaggedField[] | undefined;
}

/** The decoded type of a struct declared by `F`. */
export type StructOut<F extends Fields> = { -readonly [K in keyof F]: OutOf<F[K]> } & UnknownTags;

/** What an encoder accepts for a struct declared by `F`. */
export type StructIn<F extends Fields> = {
  -readonly [K in keyof F as IsOpt<F[K]> extends true ? never : K]: InOf<F[K]>;
} & {
  -readonly [K in keyof F as IsOpt<F[K]> extends true ? K : never]?: InOf<F[K]> | undefined;
} & UnknownTags;

type OutOf<T> = T extends Field<infer O, unknown, boolean> ? O : never;
type InOf<T> = T extends Field<unknown, infer I, boolean> ? I : never;
type IsOpt<T> = T extends Field<unknown, unknown, infer P> ? P : never;

type Opts = VersionRange | FieldOptions;
type Null<T, O> = O extends { nullable: string } ? T | null : T;
type OptFlag<O> = O extends string
  ? true
  : O extends { v: string } | { default: unknown } | { tag: number }
    ? true
    : false;

function field(kind: FieldKind, o: Opts | undefined, element?: Field, fields?: Fields): Field {
  const opts: FieldOptions = typeof o === 'string' ? { v: o } : (o ?? {});
  return {
    kind,
    versions: opts.v === undefined ? undefined : parseRange(opts.v),
    nullable: opts.nullable === undefined ? undefined : parseRange(opts.nullable),
    tag: opts.tag,
    defaultValue: opts.default,
    ignorable: opts.ignorable === true,
    element,
    fields,
  };
}

type Scalar<T> = <const O extends Opts = {}>(o?: O) => Field<Null<T, O>, Null<T, O>, OptFlag<O>>;
const scalar =
  <T>(kind: FieldKind): Scalar<T> =>
  (o) =>
    field(kind, o) as never;

/** INT8. */
export const int8: Scalar<number> = scalar<number>('int8');
/** INT16. */
export const int16: Scalar<number> = scalar<number>('int16');
/** UINT16. */
export const uint16: Scalar<number> = scalar<number>('uint16');
/** INT32. */
export const int32: Scalar<number> = scalar<number>('int32');
/** INT64, as a bigint. */
export const int64: Scalar<bigint> = scalar<bigint>('int64');
/** FLOAT64. */
export const float64: Scalar<number> = scalar<number>('float64');
/** BOOLEAN. */
export const bool: Scalar<boolean> = scalar<boolean>('bool');
/** UUID, in Kafka's 22-character base64url form. */
export const uuid: Scalar<string> = scalar<string>('uuid');
/** STRING (compact in flexible versions). */
export const string: Scalar<string> = scalar<string>('string');
/** BYTES (compact in flexible versions); decoded as a view of the frame. */
export const bytes: Scalar<Buffer> = scalar<Buffer>('bytes');

/** RECORDS: record batches kept as raw bytes (see the records module), null when absent. */
export const records = <const O extends Opts = {}>(o?: O): Field<Buffer | null, Buffer | null, true> =>
  field('records', o) as never;

type ElementOf<E> = E extends Field ? E : E extends Fields ? Field<StructOut<E>, StructIn<E>, false> : never;

/** A nested struct (nullable ones carry an INT8 presence marker on the wire). */
export const struct = <const F extends Fields, const O extends Opts = {}>(
  fields: F,
  o?: O,
): Field<Null<StructOut<F>, O>, Null<StructIn<F>, O>, OptFlag<O>> =>
  field('struct', o, undefined, fields) as never;

/** ARRAY (compact in flexible versions) of a field type or of a struct given by its fields. */
export const array = <const E extends Field | Fields, const O extends Opts = {}>(
  element: E,
  o?: O,
): Field<Null<OutOf<ElementOf<E>>[], O>, Null<InOf<ElementOf<E>>[], O>, OptFlag<O>> => {
  const el = isField(element) ? element : field('struct', undefined, undefined, element as Fields);
  return field('array', o, el) as never;
};

function isField(x: Field | Fields): x is Field {
  return typeof (x as Field).kind === 'string' && 'versions' in x && 'element' in x;
}
