import type { Reader } from './reader.js';
import { type RawTaggedField, readRawTaggedFields, writeRawTaggedFields } from './tagged-fields.js';
import type { Writer } from './writer.js';

/** The fields of a request header (v1 and v2). */
export interface RequestHeader {
  /** The API key of the request body. */
  apiKey: number;
  /** The version of the request body. */
  apiVersion: number;
  /** Echoed by the broker in the response header, to match the two. */
  correlationId: number;
  /** Free-form client name for broker logs and quotas; null for none. */
  clientId: string | null;
  /** Unknown header tags (v2 only), preserved for re-encoding. */
  _unknownTaggedFields?: RawTaggedField[] | undefined;
}

/**
 * Writes a request header. Version 1 is api key, version, correlation id and client id; version 2
 * adds a tagged-field section. The client id stays a classic INT16-length string in both, so any
 * broker can read the header of a request version it does not know.
 */
export function writeRequestHeader(w: Writer, headerVersion: 1 | 2, h: RequestHeader): void {
  w.int16(h.apiKey).int16(h.apiVersion).int32(h.correlationId).nullableString(h.clientId);
  if (headerVersion === 2) writeRawTaggedFields(w, h._unknownTaggedFields);
}

/** Reads a request header of version 1 or 2 (see {@link writeRequestHeader}). */
export function readRequestHeader(r: Reader, headerVersion: 1 | 2): RequestHeader {
  const apiKey = r.int16();
  const apiVersion = r.int16();
  const correlationId = r.int32();
  const clientId = r.nullableString();
  const h: RequestHeader = { apiKey, apiVersion, correlationId, clientId };
  if (headerVersion === 2) {
    const tags = readRawTaggedFields(r);
    if (tags !== undefined) h._unknownTaggedFields = tags;
  }
  return h;
}

/** Writes a response header: the correlation id, then (version 1) a tagged-field section. */
export function writeResponseHeader(
  w: Writer,
  headerVersion: 0 | 1,
  correlationId: number,
  tags?: readonly RawTaggedField[],
): void {
  w.int32(correlationId);
  if (headerVersion === 1) writeRawTaggedFields(w, tags);
}

/** Reads a response header and returns its correlation id; version 1 header tags are skipped. */
export function readResponseHeader(r: Reader, headerVersion: 0 | 1): number {
  const correlationId = r.int32();
  if (headerVersion === 1) readRawTaggedFields(r);
  return correlationId;
}
