import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as apis from '../apis/all.js';
import { decodeRequest, decodeResponse } from '../apis/codec/api-codec.js';
import { decodeRecordBatches } from './decode.js';
import { encodeRecordBatch } from './encode-batch.js';

// Produce requests and Fetch responses recorded between real brokers and kcat / the Java client
// (see apis/golden.test.ts): their record batches must decode, and re-encode to the same bytes.
const GOLDEN = resolve(import.meta.dirname, '../../fixtures/golden');

interface Fixture {
  name: string;
  records: Buffer[];
}

function fixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const broker of readdirSync(GOLDEN))
    for (const file of readdirSync(join(GOLDEN, broker))) {
      const f = JSON.parse(readFileSync(join(GOLDEN, broker, file), 'utf8'));
      const name = `${broker}/${file}`;
      if (f.apiKey === apis.Produce.key) {
        const body = decodeRequest(apis.Produce, f.apiVersion, Buffer.from(f.request, 'hex')).body;
        const records = body.topicData.flatMap((t) => t.partitionData.map((p) => p.records));
        out.push({ name, records: records.filter((r): r is Buffer => r !== null) });
      } else if (f.apiKey === apis.Fetch.key) {
        const body = decodeResponse(apis.Fetch, f.apiVersion, Buffer.from(f.response, 'hex')).body;
        const records = body.responses.flatMap((t) => t.partitions.map((p) => p.records));
        out.push({ name, records: records.filter((r): r is Buffer => r !== null && r.length > 0) });
      }
    }
  return out;
}

describe('record batches recorded from real clients and brokers', () => {
  const all = fixtures();

  it('cover Produce and Fetch from kcat and Java on both broker lines', () => {
    expect(all.length).toBeGreaterThanOrEqual(8);
    expect(all.every((f) => f.records.length > 0)).toBe(true);
  });

  it.each(all)('$name: decodes, and re-encodes to the identical bytes', async ({ records }) => {
    for (const raw of records) {
      const batches = await decodeRecordBatches(raw);
      expect(batches.length).toBeGreaterThan(0);
      const again: Buffer[] = [];
      for (const b of batches) {
        expect(b.magic).toBe(2);
        const encoded = await encodeRecordBatch(
          b.records.map((r) => ({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp })),
          {
            compression: b.compression,
            baseOffset: b.baseOffset,
            partitionLeaderEpoch: b.partitionLeaderEpoch,
            producerId: b.producerId,
            producerEpoch: b.producerEpoch,
            baseSequence: b.baseSequence,
            transactional: b.isTransactional,
          },
        );
        again.push(encoded);
      }
      expect(Buffer.concat(again).toString('hex')).toBe(raw.toString('hex'));
    }
  });
});
