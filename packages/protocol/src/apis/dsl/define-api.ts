import type { Fields, StructIn, StructOut } from './fields.js';
import { parseRange, type VersionRange } from './versions.js';

/**
 * One Kafka API, declared once across all its versions. Encoders and decoders for each version
 * are compiled from `request` and `response` on first use (see `encodeRequest`/`decodeResponse`).
 */
export interface Api<Req extends Fields = Fields, Res extends Fields = Fields> {
  /** The API key. */
  readonly key: number;
  /** Kafka's name of the API, e.g. `Metadata`. */
  readonly name: string;
  /** Lowest version declared (the floor Kafka 4.x still serves). */
  readonly minVersion: number;
  /** Highest version declared (the highest a Kafka 4.3 broker serves). */
  readonly maxVersion: number;
  /** First flexible version (KIP-482), `Infinity` for APIs that never became flexible. */
  readonly flexibleFrom: number;
  /** Request fields in wire order. */
  readonly request: Req;
  /** Response fields in wire order. */
  readonly response: Res;
}

/** What an encoder accepts as the request body of `A`. */
export type RequestOf<A> = A extends Api<infer R, Fields> ? StructIn<R> : never;
/** The decoded response body of `A`. */
export type ResponseOf<A> = A extends Api<Fields, infer R> ? StructOut<R> : never;
/** The decoded request body of `A` (what a broker-side decoder returns). */
export type DecodedRequestOf<A> = A extends Api<infer R, Fields> ? StructOut<R> : never;
/** What an encoder accepts as the response body of `A` (for fake brokers and fixtures). */
export type ResponseInputOf<A> = A extends Api<Fields, infer R> ? StructIn<R> : never;

/** Declares an API: key, name, version range, first flexible version, request and response. */
export function defineApi<const Req extends Fields, const Res extends Fields>(decl: {
  key: number;
  name: string;
  versions: VersionRange;
  flexible: VersionRange;
  request: Req;
  response: Res;
}): Api<Req, Res> {
  const versions = parseRange(decl.versions);
  const flexible = parseRange(decl.flexible);
  return Object.freeze({
    key: decl.key,
    name: decl.name,
    minVersion: versions.lo,
    maxVersion: versions.hi,
    flexibleFrom: flexible.lo > flexible.hi ? Number.POSITIVE_INFINITY : flexible.lo,
    request: decl.request,
    response: decl.response,
  });
}
