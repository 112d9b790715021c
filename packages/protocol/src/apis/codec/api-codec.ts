import { KafkaDecodeError, KafkaEncodeError, KafkaError } from '../../errors/kafka-error.js';
import {
  readRequestHeader,
  readResponseHeader,
  writeRequestHeader,
  writeResponseHeader,
} from '../../primitives/headers.js';
import { Reader } from '../../primitives/reader.js';
import { Writer } from '../../primitives/writer.js';
import type { Api, DecodedRequestOf, RequestOf, ResponseInputOf, ResponseOf } from '../dsl/define-api.js';
import type { Fields } from '../dsl/fields.js';
import { compileStruct, type StructCodec } from './struct-compiler.js';

const API_VERSIONS_KEY = 18;

interface VersionCodecs {
  request?: StructCodec;
  response?: StructCodec;
  /**
   * Size of the last frame encoded per direction: the next writer starts that large. The last
   * size, not the largest, so one big request does not make every later small one allocate big.
   */
  sizeHint: { request: number; response: number };
}

const cache = new WeakMap<Api, VersionCodecs[]>();

function codecs(api: Api, version: number, what: 'request' | 'response', onError: (m: string) => never) {
  if (!Number.isInteger(version) || version < api.minVersion || version > api.maxVersion) {
    onError(`${api.name} v${version} is outside the supported range ${api.minVersion}-${api.maxVersion}`);
  }
  let perVersion = cache.get(api);
  if (perVersion === undefined) {
    perVersion = [];
    cache.set(api, perVersion);
  }
  let entry = perVersion[version];
  if (entry === undefined) {
    entry = { sizeHint: { request: 256, response: 256 } };
    perVersion[version] = entry;
  }
  const flexible = version >= api.flexibleFrom;
  entry[what] ??= compileStruct(api[what] as Fields, version, flexible);
  return { entry, codec: entry[what], flexible };
}

const encodeFailure = (m: string): never => {
  throw new KafkaEncodeError(m);
};

function encodeFrame(
  api: Api,
  version: number,
  what: 'request' | 'response',
  header: (w: Writer, flexible: boolean) => void,
  body: object,
  gatherFrom?: number,
): Writer {
  const { entry, codec, flexible } = codecs(api, version, what, encodeFailure);
  const w = new Writer(entry.sizeHint[what], gatherFrom);
  const size = w.reserveInt32();
  try {
    header(w, flexible);
    codec.encode(w, body);
  } catch (e) {
    if (e instanceof KafkaError) throw e;
    throw new KafkaEncodeError(`${api.name} v${version} ${what}: ${(e as Error).message}`, { cause: e });
  }
  w.patchInt32(size, w.offset - 4);
  entry.sizeHint[what] = w.ownBytes;
  return w;
}

function decodeBody(
  api: Api,
  version: number,
  what: 'request' | 'response',
  r: Reader,
  codec: StructCodec,
): unknown {
  const body = codec.decode(r);
  if (r.remaining !== 0)
    r.fail(`${api.name} v${version} ${what} has ${r.remaining} unexpected trailing bytes`);
  return body;
}

/** Encodes a request frame into a writer (fields of `gatherFrom`+ bytes kept by reference). */
function requestWriter(
  api: Api,
  version: number,
  header: { correlationId: number; clientId: string | null },
  body: object,
  gatherFrom?: number,
): Writer {
  const writeHeader = (w: Writer, flexible: boolean) =>
    writeRequestHeader(w, flexible ? 2 : 1, {
      apiKey: api.key,
      apiVersion: version,
      correlationId: header.correlationId,
      clientId: header.clientId,
    });
  return encodeFrame(api, version, 'request', writeHeader, body, gatherFrom);
}

/**
 * Encodes a complete request frame: the 4-byte size prefix, the request header (v2 for flexible
 * versions, v1 otherwise) and the body. Fields left undefined are written as their defaults.
 * @throws KafkaEncodeError when the version is not declared or a value cannot be encoded
 */
export function encodeRequest<A extends Api>(
  api: A,
  version: number,
  header: { correlationId: number; clientId: string | null },
  body: RequestOf<A>,
): Buffer {
  return requestWriter(api, version, header, body as object).finish();
}

/**
 * As {@link encodeRequest}, but bytes fields of at least `gatherFrom` bytes (a Produce request's
 * record batches) are not copied into the frame: the frame comes as several buffers, those
 * fields among them by reference, for one vectored socket write.
 * @throws KafkaEncodeError when the version is not declared or a value cannot be encoded
 */
export function encodeRequestChunks<A extends Api>(
  api: A,
  version: number,
  header: { correlationId: number; clientId: string | null },
  body: RequestOf<A>,
  gatherFrom: number,
): Uint8Array[] {
  return requestWriter(api, version, header, body as object, gatherFrom).finishChunks();
}

const responseHeaderVersion = (api: Api, flexible: boolean): 0 | 1 =>
  flexible && api.key !== API_VERSIONS_KEY ? 1 : 0;

/**
 * Decodes a response frame given WITHOUT its size prefix: the response header (v1 for flexible
 * versions except ApiVersions, v0 otherwise) and the body.
 * @throws KafkaDecodeError for any malformed, truncated or over-long input
 */
export function decodeResponse<A extends Api>(
  api: A,
  version: number,
  payload: Buffer,
): { correlationId: number; body: ResponseOf<A> } {
  const { codec, flexible } = codecs(api, version, 'response', (m) => {
    throw new KafkaDecodeError(m, 0);
  });
  const r = new Reader(payload);
  const correlationId = readResponseHeader(r, responseHeaderVersion(api, flexible));
  return {
    correlationId,
    body: guard(() => decodeBody(api, version, 'response', r, codec), r) as ResponseOf<A>,
  };
}

/** The correlation id of a response payload (the frame without its size prefix). */
export function readCorrelationId(payload: Buffer): number {
  return new Reader(payload).int32();
}

/**
 * Encodes a complete response frame (size prefix, header, body): for fake brokers, fixtures and
 * round-trip tests.
 */
export function encodeResponse<A extends Api>(
  api: A,
  version: number,
  correlationId: number,
  body: ResponseInputOf<A>,
): Buffer {
  return encodeFrame(
    api,
    version,
    'response',
    (w, flexible) => writeResponseHeader(w, responseHeaderVersion(api, flexible), correlationId),
    body as object,
  ).finish();
}

/**
 * Decodes a request frame given WITHOUT its size prefix (header and body), as a broker would:
 * for fake brokers, recorded fixtures and round-trip tests. The header's api key and version
 * must match `api` and `version`.
 */
export function decodeRequest<A extends Api>(
  api: A,
  version: number,
  payload: Buffer,
): { correlationId: number; clientId: string | null; body: DecodedRequestOf<A> } {
  const { codec, flexible } = codecs(api, version, 'request', (m) => {
    throw new KafkaDecodeError(m, 0);
  });
  const r = new Reader(payload);
  const h = readRequestHeader(r, flexible ? 2 : 1);
  if (h.apiKey !== api.key || h.apiVersion !== version) {
    throw new KafkaDecodeError(
      `header says api ${h.apiKey} v${h.apiVersion}, expected ${api.key} v${version}`,
      0,
    );
  }
  const body = guard(() => decodeBody(api, version, 'request', r, codec), r) as DecodedRequestOf<A>;
  return { correlationId: h.correlationId, clientId: h.clientId, body };
}

// Generated decoders only throw KafkaDecodeError; anything else is a codec bug, still surfaced typed.
function guard<T>(f: () => T, r: Reader): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof KafkaError) throw e;
    throw new KafkaDecodeError(`unexpected decoder failure: ${(e as Error).message}`, r.offset, { cause: e });
  }
}
