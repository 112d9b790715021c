import type { FuzzResult } from '../../apis/test-support/fuzz-core.js';
import { CompressionCodec, compress, decompress } from '../../compression/codecs.js';
import { KafkaCompressionError } from '../../compression/errors.js';
import { KafkaDecodeError } from '../../errors/kafka-error.js';
import { bufferView } from '../../primitives/buffer-view.js';
import { crc32c } from '../crc32c.js';
import { decodeRecordBatches, visitRecordBatches } from '../decode.js';
import { encodeRecordBatch } from '../encode-batch.js';
import type { ProduceRecord } from '../types.js';
import type { RecordVisitor } from '../visitor.js';
import { legacyMessage } from './legacy-message.js';

/** One async decoder under fuzz, with valid inputs to mutate. */
export interface RecordsFuzzTarget {
  readonly name: string;
  readonly seeds: readonly Buffer[];
  readonly decode: (input: Buffer) => Promise<unknown>;
  /** Re-seal v2 batch CRCs after mutating, so mutations reach past the checksum. */
  readonly reseal: boolean;
}

const sample: ProduceRecord[] = [
  { key: 'k', value: 'value one', timestamp: 1000, headers: [{ key: 'h', value: 'x' }] },
  { key: null, value: null, timestamp: 1003 },
  { value: 'a'.repeat(300), timestamp: 999, headers: [{ key: 'h2', value: null }] },
];
const MAX_BYTES = 1 << 20;
const decodeBounded = (input: Buffer) => decodeRecordBatches(input, { maxDecompressedBytes: MAX_BYTES });

/** Views every reported span, so a position outside its memory would surface as a RangeError. */
const spanViewer: RecordVisitor = {
  record: () => undefined,
  recordSpans(_h, _delta, _timestamp, memory, keyAt, keyLength, valueAt, valueLength) {
    if (keyLength >= 0) bufferView(memory, keyAt, keyLength);
    if (valueLength >= 0) bufferView(memory, valueAt, valueLength);
  },
};
const visitSpans = (input: Buffer) =>
  visitRecordBatches(input, spanViewer, { maxDecompressedBytes: MAX_BYTES });

/** Every records-module decoder: v2 batches per codec, legacy message sets, and each codec alone. */
export async function recordsFuzzTargets(): Promise<RecordsFuzzTarget[]> {
  const codecs = [
    CompressionCodec.Gzip,
    CompressionCodec.Snappy,
    CompressionCodec.Lz4,
    CompressionCodec.Zstd,
  ];
  const targets: RecordsFuzzTarget[] = [];
  const plain = [
    await encodeRecordBatch(sample),
    Buffer.concat([
      await encodeRecordBatch(sample, { baseOffset: 5n }),
      await encodeRecordBatch(sample.slice(0, 1)),
    ]),
    await encodeRecordBatch(sample.slice(1), { transactional: true, isControl: true, timestampType: 1 }),
  ];
  targets.push({
    name: 'record batches v2, uncompressed',
    seeds: plain,
    decode: decodeBounded,
    reseal: true,
  });
  targets.push({
    name: 'record batches v2, as spans (RecordVisitor.recordSpans)',
    seeds: [...plain, await encodeRecordBatch(sample, { compression: CompressionCodec.Lz4 })],
    decode: visitSpans,
    reseal: true,
  });
  for (const codec of codecs) {
    const seeds = [await encodeRecordBatch(sample, { compression: codec })];
    targets.push({ name: `record batches v2, codec ${codec}`, seeds, decode: decodeBounded, reseal: true });
    const payloads = [
      await compress(codec, Buffer.from('payload '.repeat(50))),
      await compress(codec, Buffer.alloc(0)),
    ];
    targets.push({
      name: `decompress codec ${codec}`,
      seeds: payloads,
      decode: (input) => decompress(codec, input, { maxBytes: MAX_BYTES }),
      reseal: false,
    });
  }
  const inner = Buffer.concat([
    legacyMessage(1, 0n, 'a', { timestamp: 1 }),
    legacyMessage(1, 1n, 'b', { timestamp: 2 }),
  ]);
  const legacy = [
    Buffer.concat([
      legacyMessage(0, 3n, 'zero', { key: 'k' }),
      legacyMessage(1, 4n, 'one', { timestamp: 9 }),
    ]),
    legacyMessage(1, 9n, await compress(1, inner), { attributes: 1 }),
    legacyMessage(1, 9n, await compress(3, inner), { attributes: 3 }),
    legacyMessage(0, 9n, await compress(2, inner), { attributes: 2 }),
  ];
  targets.push({ name: 'legacy message sets', seeds: legacy, decode: decodeBounded, reseal: false });
  return targets;
}

/** xorshift32: repeatable from its seed. */
function random(seed: number): (n: number) => number {
  let s = seed || 1;
  return (n) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
}

const LENGTHS = [-1, -2, 0, 1, 0x7fffffff, -0x80000000, 0xffff];

function mutate(pick: (n: number) => number, seed: Buffer, reseal: boolean): Buffer {
  let b = Buffer.from(seed);
  for (let n = 1 + pick(4); n > 0 && b.length > 0; n--) {
    const at = pick(b.length);
    const kind = pick(5);
    if (kind === 0) b[at] = pick(256);
    else if (kind === 1) b[at] = b[at]! ^ (1 << pick(8));
    else if (kind === 2 && at + 4 <= b.length) b.writeInt32BE(LENGTHS[pick(LENGTHS.length)]! | 0, at);
    else if (kind === 3) b = b.subarray(0, at);
    else b = Buffer.concat([b.subarray(0, at), Buffer.from([0xff, 0x80 | pick(128)]), b.subarray(at)]);
  }
  // a v2 batch at the start: recompute its CRC so the mutation is judged past the checksum
  if (reseal && b.length >= 61 && b[16] === 2) {
    const end = Math.min(b.length, 12 + b.readInt32BE(8));
    if (end > 21) b.writeUInt32BE(crc32c(b, 21, end), 17);
  }
  return b;
}

/** Feeds `iterations` inputs to a target; only KafkaDecodeError and KafkaCompressionError may escape. */
export async function fuzzRecords(
  target: RecordsFuzzTarget,
  iterations: number,
  seed: number,
): Promise<FuzzResult> {
  const pick = random(seed);
  const crashes: FuzzResult['crashes'] = [];
  let decoded = 0;
  let rejected = 0;
  let slowestMs = 0;
  for (let i = 0; i < iterations; i++) {
    const input = mutate(pick, target.seeds[pick(target.seeds.length)]!, target.reseal && pick(4) !== 0);
    const started = performance.now();
    await target.decode(input).then(
      () => decoded++,
      (e: unknown) => {
        if (e instanceof KafkaDecodeError || e instanceof KafkaCompressionError) rejected++;
        else if (crashes.length < 5) crashes.push({ error: String(e), input: input.toString('hex') });
      },
    );
    slowestMs = Math.max(slowestMs, performance.now() - started);
  }
  return { name: target.name, inputs: iterations, decoded, rejected, crashes, slowestMs };
}
