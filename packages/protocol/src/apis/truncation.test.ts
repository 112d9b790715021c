import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KafkaDecodeError } from '../errors/kafka-error.js';
import * as all from './all.js';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from './codec/api-codec.js';
import type { Api } from './dsl/define-api.js';
import { arbitraryBody } from './test-support/arbitrary.js';

// Every strict prefix of a valid frame is a truncated frame: each must be rejected with
// KafkaDecodeError (never decoded, never another error), for every API at its lowest and highest version.
const apis = Object.values(all) as Api[];

function expectEveryPrefixRejected(payload: Buffer, decode: (b: Buffer) => unknown): void {
  for (let n = 0; n < payload.length; n++) {
    expect(() => decode(payload.subarray(0, n)), `prefix of ${n}/${payload.length} bytes`).toThrow(
      KafkaDecodeError,
    );
  }
}

describe.each(apis.map((a) => [a.name, a] as const))('%s truncated frames', (_name, api) => {
  it.each([...new Set([api.minVersion, api.maxVersion])])('v%i: every prefix is a KafkaDecodeError', (v) => {
    const flexible = v >= api.flexibleFrom;
    const [req] = fc.sample(arbitraryBody(api.request, v, flexible), { numRuns: 1, seed: v });
    const [res] = fc.sample(arbitraryBody(api.response, v, flexible), { numRuns: 1, seed: v });
    const request = encodeRequest(api, v, { correlationId: 3, clientId: 'c' }, req as never).subarray(4);
    const response = encodeResponse(api, v, 3, res as never).subarray(4);
    expectEveryPrefixRejected(request, (b) => decodeRequest(api, v, b));
    expectEveryPrefixRejected(response, (b) => decodeResponse(api, v, b));
  });
});
