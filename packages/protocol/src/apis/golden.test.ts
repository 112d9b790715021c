import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as apis from './all.js';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from './codec/api-codec.js';
import type { Api, RequestOf, ResponseInputOf } from './dsl/define-api.js';

// Frames recorded between real brokers and independent clients (kcat, Kafka's Java tools) by
// e2e/src/golden/capture.ts: each must decode and re-encode to the identical bytes.

interface Fixture {
  client: string;
  apiKey: number;
  apiVersion: number;
  kafkaVersion: string;
  request: string;
  response: string;
}

const root = resolve(import.meta.dirname, '../../fixtures/golden');
const fixtures: (Fixture & { file: string })[] = readdirSync(root).flatMap((broker) =>
  readdirSync(join(root, broker)).map((file) => ({
    ...(JSON.parse(readFileSync(join(root, broker, file), 'utf8')) as Fixture),
    file: `${broker}/${file}`,
  })),
);
const byKey = new Map<number, Api>(Object.values(apis).map((api: Api) => [api.key, api]));
const withoutSizePrefix = (frame: Buffer) => frame.subarray(4);

describe('golden frames from real brokers and independent clients', () => {
  it('covers both broker lines, both clients and the APIs the issue names', () => {
    const lines = new Set(fixtures.map((f) => f.kafkaVersion.split('.')[0]));
    expect(lines).toEqual(new Set(['3', '4']));
    expect(new Set(fixtures.map((f) => f.client))).toEqual(new Set(['java', 'kcat']));
    // ApiVersions, Metadata, Produce, Fetch, ListOffsets, FindCoordinator, JoinGroup, SyncGroup,
    // OffsetCommit, OffsetFetch, CreateTopics, SaslHandshake, SaslAuthenticate.
    const required = [18, 3, 0, 1, 2, 10, 11, 14, 8, 9, 19, 17, 36];
    for (const line of lines) {
      const keys = new Set(
        fixtures.filter((f) => f.kafkaVersion.startsWith(`${line}.`)).map((f) => f.apiKey),
      );
      expect(
        required.filter((k) => !keys.has(k)),
        `missing on Kafka ${line}`,
      ).toEqual([]);
    }
  });

  describe.each(fixtures)('$file', (fixture) => {
    const api = byKey.get(fixture.apiKey);
    const request = Buffer.from(fixture.request, 'hex');
    const response = Buffer.from(fixture.response, 'hex');

    it('request decodes and re-encodes to the same bytes', () => {
      expect(api, `API key ${fixture.apiKey} is declared`).toBeDefined();
      const decoded = decodeRequest(api!, fixture.apiVersion, request);
      const header = { correlationId: decoded.correlationId, clientId: decoded.clientId };
      const again = encodeRequest(api!, fixture.apiVersion, header, decoded.body as RequestOf<Api>);
      expect(withoutSizePrefix(again).toString('hex')).toBe(fixture.request);
    });

    it('response decodes and re-encodes to the same bytes', () => {
      const decoded = decodeResponse(api!, fixture.apiVersion, response);
      const again = encodeResponse(
        api!,
        fixture.apiVersion,
        decoded.correlationId,
        decoded.body as ResponseInputOf<Api>,
      );
      expect(withoutSizePrefix(again).toString('hex')).toBe(fixture.response);
    });
  });
});
