import {
  apis,
  decodeResponse,
  KafkaDecodeError,
  protocolErrorFromCode,
  type ResponseOf,
} from '@tskafka/protocol';
import { VersionTable } from './version-table.js';

/** Sends one ApiVersions request at `version` and decodes its payload with `decode`. */
export type ApiVersionsSender = <T>(version: number, decode: (payload: Buffer) => T) => Promise<T>;

type ApiVersionsBody = ResponseOf<typeof apis.ApiVersions>;

const UNSUPPORTED_VERSION = 35;
/** Reported to brokers in ApiVersions v3+ (KIP-511); only letters, digits, '.' and '-' are allowed. */
const SOFTWARE_NAME = 'tskafka';
const SOFTWARE_VERSION = '0.1.0';

/** ApiVersions request body: the client software fields exist from v3 and are ignored before. */
export const apiVersionsRequest = {
  clientSoftwareName: SOFTWARE_NAME,
  clientSoftwareVersion: SOFTWARE_VERSION,
};

/**
 * Reads an ApiVersions response. A broker that does not know the requested version answers in
 * the v0 layout with UNSUPPORTED_VERSION, so that code is checked before decoding at `version`.
 */
function decodeApiVersions(
  version: number,
  payload: Buffer,
): { body: ApiVersionsBody; retryAt: number | null } {
  if (payload.length < 6)
    throw new KafkaDecodeError('ApiVersions response is shorter than its error code', 0);
  if (payload.readInt16BE(4) === UNSUPPORTED_VERSION && version > 0) {
    const body = decodeResponse(apis.ApiVersions, 0, payload).body;
    const own = body.apiKeys.find((entry) => entry.apiKey === apis.ApiVersions.key);
    return { body, retryAt: Math.min(own?.maxVersion ?? 0, version - 1) };
  }
  return { body: decodeResponse(apis.ApiVersions, version, payload).body, retryAt: null };
}

/**
 * Asks the broker which versions it serves (always the first request on a connection) and
 * returns the table for choosing versions. Starts at our highest ApiVersions version and steps
 * down to the broker's when it says it does not know ours.
 * @throws {KafkaProtocolError} when the broker answers with another error.
 */
export async function negotiateVersions(send: ApiVersionsSender): Promise<VersionTable> {
  let version = apis.ApiVersions.maxVersion;
  for (;;) {
    const attempt = version;
    const { body, retryAt } = await send(attempt, (payload) => decodeApiVersions(attempt, payload));
    if (retryAt !== null) {
      version = retryAt;
      continue;
    }
    if (body.errorCode !== 0) throw protocolErrorFromCode(body.errorCode, '/errorCode');
    return new VersionTable(body.apiKeys);
  }
}
