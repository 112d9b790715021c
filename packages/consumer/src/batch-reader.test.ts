import {
  ControlRecordType,
  encodeControlRecordKey,
  encodeEndTxnMarkerValue,
  encodeRecordBatch,
  KafkaChecksumError,
  type RecordBatchOptions,
} from '@tskafka/protocol';
import { describe, expect, it } from 'vitest';
import { peekEnd, readBatches } from './batch-reader.js';
import { RecordChunk } from './record-chunk.js';
import { messagesOf } from './test-support/chunks.js';

const txn = (producerId: bigint, baseOffset: bigint, values: string[]) =>
  encodeRecordBatch(
    values.map((value) => ({ value })),
    { baseOffset, producerId, producerEpoch: 0, baseSequence: 0, transactional: true },
  );
const marker = (producerId: bigint, offset: bigint, type: number) =>
  encodeRecordBatch([{ key: encodeControlRecordKey(type), value: encodeEndTxnMarkerValue(0) }], {
    baseOffset: offset,
    producerId,
    producerEpoch: 0,
    transactional: true,
    isControl: true,
  } satisfies RecordBatchOptions);

async function read(
  records: Buffer,
  from: bigint,
  aborted: { producerId: bigint; firstOffset: bigint }[] | null,
) {
  const into = new RecordChunk(0);
  const { next } = await readBatches(records, { offset: from, epoch: -1 }, aborted, into);
  return { next, got: messagesOf(into).map((m) => [m.offset, m.value?.toString()]) };
}

describe('readBatches', () => {
  // Producer 7 commits offsets 0-1 (marker 2); producer 8 aborts 3-4 (marker 5); 6 is plain.
  const log = async () =>
    Buffer.concat(
      await Promise.all([
        txn(7n, 0n, ['c0', 'c1']),
        marker(7n, 2n, ControlRecordType.Commit),
        txn(8n, 3n, ['a3', 'a4']),
        marker(8n, 5n, ControlRecordType.Abort),
        encodeRecordBatch([{ value: 'p6' }], { baseOffset: 6n }),
      ]),
    );

  it('read_committed drops aborted records and hides every control record', async () => {
    const { next, got } = await read(await log(), 0n, [{ producerId: 8n, firstOffset: 3n }]);
    expect(got).toEqual([
      [0n, 'c0'],
      [1n, 'c1'],
      [6n, 'p6'],
    ]);
    expect(next).toBe(7n);
  });

  it('read_uncommitted keeps aborted records but still hides control records', async () => {
    const { got } = await read(await log(), 0n, null);
    expect(got.map(([o]) => o)).toEqual([0n, 1n, 3n, 4n, 6n]);
  });

  it('skips records before the fetch offset inside a batch, and steps over offset gaps', async () => {
    const gappy = Buffer.concat(
      await Promise.all([
        encodeRecordBatch([{ value: 'x' }, { value: 'y' }], { baseOffset: 10n }),
        encodeRecordBatch([{ value: 'z' }], { baseOffset: 20n }),
      ]),
    );
    const { next, got } = await read(gappy, 11n, null);
    expect(got).toEqual([
      [11n, 'y'],
      [20n, 'z'],
    ]);
    expect(next).toBe(21n);
  });

  it('an aborted transaction only hides its own producer', async () => {
    const mixed = Buffer.concat(
      await Promise.all([txn(8n, 0n, ['a0']), txn(9n, 1n, ['k1']), marker(8n, 2n, ControlRecordType.Abort)]),
    );
    const { got } = await read(mixed, 0n, [{ producerId: 8n, firstOffset: 0n }]);
    expect(got).toEqual([[1n, 'k1']]);
  });

  it('reports the leader epoch of every record and of the batch that ends the read (KIP-320)', async () => {
    const log = Buffer.concat(
      await Promise.all([
        encodeRecordBatch([{ value: 'a' }, { value: 'b' }], { baseOffset: 0n, partitionLeaderEpoch: 3 }),
        encodeRecordBatch([{ value: 'c' }], { baseOffset: 2n, partitionLeaderEpoch: 5 }),
      ]),
    );
    const into = new RecordChunk(0);
    expect(await readBatches(log, { offset: 1n, epoch: -1 }, null, into)).toEqual({ next: 3n, epoch: 5 });
    expect(into.bytes).toBe(2);
    expect(messagesOf(into).map((m) => [m.offset, m.leaderEpoch])).toEqual([
      [1n, 3],
      [2n, 5],
    ]);
    // Nothing new: the epoch of the position stays what it was.
    expect(await readBatches(null, { offset: 3n, epoch: 5 }, null, new RecordChunk(0))).toEqual({
      next: 3n,
      epoch: 5,
    });
  });

  it("checks each batch's CRC-32C unless checkCrcs is off (Java's check.crcs)", async () => {
    const batch = await encodeRecordBatch([{ value: 'a' }, { value: 'b' }]);
    const at = batch.length - 2; // 'b' becomes 'B': inside the CRC's range, still a valid record
    batch.writeUInt8(batch.readUInt8(at) ^ 0x20, at);
    const position = { offset: 0n, epoch: -1 };
    await expect(readBatches(batch, position, null, new RecordChunk(0))).rejects.toBeInstanceOf(
      KafkaChecksumError,
    );
    const into = new RecordChunk(0);
    await readBatches(batch, position, null, into, false);
    expect(messagesOf(into).map((m) => (m.value as Buffer).toString())).toEqual(['a', 'B']);
  });
});

describe('peekEnd', () => {
  it('tells from the headers alone where readBatches leaves the partition, a cut-off last batch left out', async () => {
    const whole = Buffer.concat([
      await encodeRecordBatch([{ value: 'a' }, { value: 'b' }], { baseOffset: 10n, partitionLeaderEpoch: 3 }),
      await encodeRecordBatch([{ value: 'c' }], {
        baseOffset: 12n,
        partitionLeaderEpoch: 4,
      }),
      await encodeRecordBatch([{ value: 'd' }, { value: 'e' }], { baseOffset: 13n, partitionLeaderEpoch: 4 }),
    ]);
    for (const records of [whole, whole.subarray(0, whole.length - 5), whole.subarray(0, 30), null]) {
      for (const from of [10n, 11n]) {
        const into = new RecordChunk(0);
        const end = await readBatches(records, { offset: from, epoch: 2 }, null, into);
        const peek = peekEnd(records, from, 2);
        expect(peek).toMatchObject({ next: end.next, epoch: end.epoch, bytes: records?.length ?? 0 });
        expect(peek?.records).toBeGreaterThanOrEqual(into.length);
      }
    }
    expect(peekEnd(whole, 10n, 2)?.records).toBe(5);
  });

  it('gives up on legacy (magic 0/1) entries and malformed sizes, which only decoding can judge', async () => {
    const batch = await encodeRecordBatch([{ value: 'a' }], { baseOffset: 0n });
    const legacy = Buffer.from(batch);
    legacy[16] = 1;
    expect(peekEnd(legacy, 0n, -1)).toBeNull();
    const tiny = Buffer.from(batch);
    tiny.writeInt32BE(3, 8);
    expect(peekEnd(tiny, 0n, -1)).toBeNull();
  });
});
