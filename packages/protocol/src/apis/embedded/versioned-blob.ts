import { KafkaDecodeError, KafkaEncodeError, KafkaError } from '../../errors/kafka-error.js';
import { Reader } from '../../primitives/reader.js';
import { Writer } from '../../primitives/writer.js';
import { compileStruct, type StructCodec } from '../codec/struct-compiler.js';
import type { Fields, StructIn, StructOut } from '../dsl/fields.js';
import { parseRange, type VersionRange } from '../dsl/versions.js';

/**
 * A message embedded in another one as bytes, prefixed by its own INT16 version and never
 * flexible: the consumer protocol's subscription and assignment blobs.
 */
export interface VersionedBlob<F extends Fields = Fields> {
  /** Kafka's name of the message. */
  readonly name: string;
  /** Lowest declared version. */
  readonly minVersion: number;
  /** Highest declared version; newer blobs are read with this layout. */
  readonly maxVersion: number;
  /** Fields in wire order. */
  readonly fields: F;
}

/** Declares a {@link VersionedBlob}. */
export function defineVersionedBlob<const F extends Fields>(decl: {
  name: string;
  versions: VersionRange;
  fields: F;
}): VersionedBlob<F> {
  const { lo, hi } = parseRange(decl.versions);
  return Object.freeze({ name: decl.name, minVersion: lo, maxVersion: hi, fields: decl.fields });
}

const cache = new WeakMap<VersionedBlob, StructCodec[]>();

function codec(blob: VersionedBlob, version: number): StructCodec {
  let perVersion = cache.get(blob);
  if (perVersion === undefined) {
    perVersion = [];
    cache.set(blob, perVersion);
  }
  let c = perVersion[version];
  if (c === undefined) {
    c = compileStruct(blob.fields, version, false);
    perVersion[version] = c;
  }
  return c;
}

/** Encodes `body` as version `version` of `blob`, version prefix included. */
export function encodeBlob<F extends Fields>(
  blob: VersionedBlob<F>,
  version: number,
  body: StructIn<F>,
): Buffer {
  if (!Number.isInteger(version) || version < blob.minVersion || version > blob.maxVersion) {
    throw new KafkaEncodeError(`${blob.name} v${version} is outside ${blob.minVersion}-${blob.maxVersion}`);
  }
  const w = new Writer(128);
  w.int16(version);
  try {
    codec(blob, version).encode(w, body);
  } catch (e) {
    if (e instanceof KafkaError) throw e;
    throw new KafkaEncodeError(`${blob.name} v${version}: ${(e as Error).message}`, { cause: e });
  }
  return Buffer.from(w.finish());
}

/**
 * Decodes a blob. A version newer than declared is read with the newest known layout and its
 * extra trailing bytes are ignored (fields are only ever appended); a known version must use
 * every byte.
 * @throws KafkaDecodeError on malformed input or a version below the declared minimum
 */
export function decodeBlob<F extends Fields>(
  blob: VersionedBlob<F>,
  bytes: Buffer,
): { version: number; body: StructOut<F> } {
  const r = new Reader(bytes);
  const version = r.int16();
  if (version < blob.minVersion) r.fail(`${blob.name} version ${version} is below ${blob.minVersion}`);
  const layout = Math.min(version, blob.maxVersion);
  let body: StructOut<F>;
  try {
    body = codec(blob, layout).decode(r) as StructOut<F>;
  } catch (e) {
    if (e instanceof KafkaError) throw e;
    throw new KafkaDecodeError(`${blob.name}: ${(e as Error).message}`, r.offset, { cause: e });
  }
  if (version <= blob.maxVersion && r.remaining !== 0) r.fail(`${r.remaining} unexpected trailing bytes`);
  return { version, body };
}
