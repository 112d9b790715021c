import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as all from './all.js';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from './codec/api-codec.js';
import type { Api } from './dsl/define-api.js';
import { arbitraryBody } from './test-support/arbitrary.js';

// Short runs here; scripts/fuzz.ts and a larger RUNS value give the long version.
const RUNS = Number(process.env.TSKAFKA_PROPERTY_RUNS ?? 15);
const apis: Api[] = Object.values(all);

function versions(api: Api): number[] {
  return Array.from({ length: api.maxVersion - api.minVersion + 1 }, (_, i) => api.minVersion + i);
}

describe.each(apis.map((a) => [a.name, a] as const))('%s', (_name, api) => {
  it.each(versions(api))('v%i request: encode -> decode -> equal, re-encode -> same bytes', (v) => {
    const arb = arbitraryBody(api.request, v, v >= api.flexibleFrom);
    fc.assert(
      fc.property(
        arb,
        fc.integer({ min: -2147483648, max: 2147483647 }),
        fc.option(fc.string()),
        (body, id, cid) => {
          const frame = encodeRequest(api, v, { correlationId: id, clientId: cid }, body as never);
          expect(frame.readInt32BE(0)).toBe(frame.length - 4);
          const back = decodeRequest(api, v, frame.subarray(4));
          expect(back.correlationId).toBe(id);
          expect(back.clientId).toBe(cid);
          expect(back.body).toEqual(body);
          expect(
            encodeRequest(api, v, { correlationId: id, clientId: cid }, back.body as never).equals(frame),
          ).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it.each(versions(api))('v%i response: encode -> decode -> equal, re-encode -> same bytes', (v) => {
    const arb = arbitraryBody(api.response, v, v >= api.flexibleFrom);
    fc.assert(
      fc.property(arb, fc.integer({ min: -2147483648, max: 2147483647 }), (body, id) => {
        const frame = encodeResponse(api, v, id, body as never);
        const back = decodeResponse(api, v, frame.subarray(4));
        expect(back.correlationId).toBe(id);
        expect(back.body).toEqual(body);
        expect(encodeResponse(api, v, id, back.body as never).equals(frame)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

it('declares every client-facing API of Kafka 4.3 with unique keys', () => {
  const keys = apis.map((a) => a.key);
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys.length).toBe(71);
});
