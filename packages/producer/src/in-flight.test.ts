import { setTimeout as sleep } from 'node:timers/promises';
import { apis, type ResponseInputOf } from '@tskafka/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { Producer } from './producer.js';
import { type ScriptedLeader, scriptedLeader } from './test-support/scripted-leader.js';

const TOPIC = 'lanes';

let leader: ScriptedLeader | undefined;
afterEach(async () => {
  await leader?.close();
  leader = undefined;
});

/** A one-partition leader that holds every Produce answer until `release()`. */
async function holdingLeader() {
  const held: (() => void)[] = [];
  let offset = 0n;
  leader = await scriptedLeader(TOPIC, [apis.Produce], (_, reply) => {
    const baseOffset = offset++;
    held.push(() =>
      reply(apis.Produce, {
        responses: [{ name: TOPIC, partitionResponses: [{ index: 0, errorCode: 0, baseOffset }] }],
      } as ResponseInputOf<typeof apis.Produce>),
    );
  });
  const { broker, cluster } = leader;
  const produces = () => broker.log.filter((key) => key === apis.Produce.key).length;
  return {
    cluster,
    /** Waits (bounded) until the broker saw `n` Produce requests; returns how many it saw. */
    async seen(n: number, waitMs = 1_000): Promise<number> {
      for (let waited = 0; produces() < n && waited < waitMs; waited += 10) await sleep(10);
      return produces();
    },
    release: () => {
      for (const answer of held.splice(0)) answer();
    },
  };
}

const acks1 = { requiredAcks: 1, lingerMs: 0 } as const;

describe('batches of one partition in flight (scripted broker)', () => {
  it('without idempotence, one at a time by default: the next batch waits for the answer', async () => {
    const fake = await holdingLeader();
    const producer = new Producer(fake.cluster, TOPIC, acks1);
    const first = producer.produce('a');
    expect(await fake.seen(1)).toBe(1);
    const second = producer.produce('b');
    expect(await fake.seen(2, 200)).toBe(1);
    fake.release();
    expect((await first).offset).toBe(0n);
    expect(await fake.seen(2)).toBe(2);
    fake.release();
    expect((await second).offset).toBe(1n);
    await producer.close();
  });

  it('maxInFlightPerPartition lets that many leave before an answer, in order, and no more', async () => {
    const fake = await holdingLeader();
    const producer = new Producer(fake.cluster, TOPIC, { ...acks1, maxInFlightPerPartition: 2 });
    const sent = [producer.produce('a')];
    expect(await fake.seen(1)).toBe(1);
    sent.push(producer.produce('b'));
    expect(await fake.seen(2)).toBe(2);
    sent.push(producer.produce('c'));
    expect(await fake.seen(3, 200)).toBe(2);
    fake.release();
    expect(await fake.seen(3)).toBe(3);
    fake.release();
    expect((await Promise.all(sent)).map((m) => m.offset)).toEqual([0n, 1n, 2n]);
    await producer.close();
  });
});
