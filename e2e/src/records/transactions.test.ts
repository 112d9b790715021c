import { ControlRecordType, decodeEndTxnMarkerValue } from '@tskafka/protocol';
import { describe, expect, it } from 'vitest';
import { flavours, uniqueName } from '../setup/clusters.js';
import { connect, fetchBatches, kcatWrite, oneTopic } from './wire.js';

describe.each(flavours('kafka3.9-single', 'kafka4-single'))('transactional batches on $name', (kafka) => {
  it('decodes a transaction kcat committed: transactional data batch, then a COMMIT control batch', async () => {
    const topic = uniqueName('txn');
    await oneTopic(kafka, topic);
    const values = ['t0', 't1', 't2'];
    await kcatWrite(
      kafka,
      topic,
      'none',
      values.map((v, i) => `k${i}:${v}`),
      [],
      ['-X', `transactional.id=${topic}`],
    );
    await using connection = await connect(kafka);
    // the marker takes an offset of its own: three records, then the control record at offset 3
    const batches = await fetchBatches(connection, topic, 4);
    const [data, marker] = batches;
    expect(batches).toHaveLength(2);
    expect(data).toMatchObject({ isTransactional: true, isControl: false, baseOffset: 0n, recordCount: 3 });
    expect(data!.producerId).toBeGreaterThanOrEqual(0n);
    expect(data!.records.map((r) => r.value?.toString())).toEqual(values);
    expect(marker).toMatchObject({ isTransactional: true, isControl: true, baseOffset: 3n, recordCount: 1 });
    expect(marker!.producerId).toBe(data!.producerId);
    expect(marker!.control).toEqual({ version: 0, type: ControlRecordType.Commit });
    expect(decodeEndTxnMarkerValue(marker!.records[0]!.value).coordinatorEpoch).toBeGreaterThanOrEqual(0);
  });
});
