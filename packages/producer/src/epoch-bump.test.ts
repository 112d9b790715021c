import type { Cluster } from '@tskafka/network';
import { apis, decodeRequest, type ResponseInputOf } from '@tskafka/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { Producer } from './producer.js';
import { type ScriptedLeader, scriptedLeader } from './test-support/scripted-leader.js';

const TOPIC = 'bump';
const PRODUCER_ID = 42n;

/** The idempotence fields of a Produce request's one batch, as the broker reads them. */
interface SeenBatch {
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  count: number;
}

/** How the fake leader answers one Produce batch: an error code, or 0 with the next offset. */
type Answer = (batch: SeenBatch, index: number) => number;

let leader: ScriptedLeader | undefined;
let cluster: Cluster | undefined;
afterEach(async () => {
  await leader?.close();
  leader = undefined;
  cluster = undefined;
});

/** A one-partition leader that hands out producer id 42 (epoch 0) and answers Produce by `answer`. */
async function leader42(answer: Answer) {
  const batches: SeenBatch[] = [];
  let initProducerIds = 0;
  let nextOffset = 0n;
  leader = await scriptedLeader(TOPIC, [apis.InitProducerId, apis.Produce], (request, reply) => {
    if (request.apiKey === apis.InitProducerId.key) {
      initProducerIds++;
      return reply(apis.InitProducerId, {
        throttleTimeMs: 0,
        errorCode: 0,
        producerId: PRODUCER_ID,
        producerEpoch: 0,
      });
    }
    const body = decodeRequest(apis.Produce, request.version, request.payload).body;
    const records = body.topicData[0]!.partitionData[0]!.records as Buffer;
    const batch = {
      producerId: records.readBigInt64BE(43),
      producerEpoch: records.readInt16BE(51),
      baseSequence: records.readInt32BE(53),
      count: records.readInt32BE(57),
    };
    batches.push(batch);
    const errorCode = answer(batch, batches.length - 1);
    const baseOffset = errorCode === 0 ? nextOffset : -1n;
    if (errorCode === 0) nextOffset += BigInt(batch.count);
    return reply(apis.Produce, {
      responses: [{ name: TOPIC, partitionResponses: [{ index: 0, errorCode, baseOffset }] }],
    } as ResponseInputOf<typeof apis.Produce>);
  });
  cluster = leader.cluster;
  return { batches, initProducerIds: () => initProducerIds };
}

const options = { idempotent: true, retryBackoffMs: 10, maxRetries: 2, lingerMs: 0 } as const;

describe('idempotent producer epoch bump (KIP-360, scripted broker)', () => {
  it('UNKNOWN_PRODUCER_ID on the first unacknowledged batch: same id, next epoch, sequence 0, records delivered', async () => {
    const fake = await leader42((_, index) => (index === 1 ? 59 : 0));
    const producer = new Producer(cluster!, TOPIC, options);
    expect((await producer.produce('a')).offset).toBe(0n);
    expect((await producer.produce('b')).offset).toBe(1n);
    expect((await producer.produce('c')).offset).toBe(2n);
    await producer.close();
    const seen = fake.batches.map((b) => [b.producerId, b.producerEpoch, b.baseSequence]);
    expect(seen).toEqual([
      [PRODUCER_ID, 0, 0],
      [PRODUCER_ID, 0, 1], // refused: the broker lost the producer
      [PRODUCER_ID, 1, 0], // the same record again, at the next epoch
      [PRODUCER_ID, 1, 1],
    ]);
    expect(fake.initProducerIds()).toBe(1);
  });

  it('OUT_OF_ORDER_SEQUENCE_NUMBER on the first unacknowledged batch bumps the epoch as well', async () => {
    const fake = await leader42((b) => (b.producerEpoch === 0 && b.baseSequence === 0 ? 45 : 0));
    const producer = new Producer(cluster!, TOPIC, options);
    expect((await producer.produce('a')).offset).toBe(0n);
    await producer.close();
    expect(fake.batches.map((b) => [b.producerEpoch, b.baseSequence])).toEqual([
      [0, 0],
      [1, 0],
    ]);
    expect(fake.initProducerIds()).toBe(1);
  });

  it('a batch that failed for good: the next one starts at sequence 0 of the next epoch, with no new id', async () => {
    const fake = await leader42((_, index) => (index === 1 ? 87 : 0)); // INVALID_RECORD: not retriable
    const producer = new Producer(cluster!, TOPIC, options);
    await producer.produce('a');
    await expect(producer.produce('bad')).rejects.toMatchObject({ code: 87 });
    await producer.produce('c');
    await producer.close();
    expect(fake.batches.map((b) => [b.producerId, b.producerEpoch, b.baseSequence])).toEqual([
      [PRODUCER_ID, 0, 0],
      [PRODUCER_ID, 0, 1],
      [PRODUCER_ID, 1, 0],
    ]);
    expect(fake.initProducerIds()).toBe(1);
  });

  it('a persistent sequence refusal still fails the records once retries are spent', async () => {
    const fake = await leader42(() => 59);
    const producer = new Producer(cluster!, TOPIC, options);
    await expect(producer.produce('a')).rejects.toMatchObject({ code: 59 });
    await producer.close();
    // The first attempt and maxRetries resends, each at the next epoch.
    expect(fake.batches.map((b) => [b.producerEpoch, b.baseSequence])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
    ]);
  });
});
