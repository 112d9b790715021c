import {
  consoleConsume,
  consoleProduce,
  consumerPerformance,
  createTopic,
  producerPerformance,
} from '@tskafka/harness';
import { describe, expect, it } from 'vitest';
import { flavours, uniqueName } from '../setup/clusters.js';
import { kcatConsume, kcatProduce } from '../setup/kcat.js';

// The harness's Java-client helpers, each checked against kcat as the other side.
describe.each(flavours('kafka3.9-single', 'kafka4-single'))("Kafka's Java clients on $name", (kafka) => {
  it('ConsoleProducer writes what kcat reads, over SASL SCRAM', async () => {
    const topic = uniqueName('harness-console');
    const user = kafka.saslUsers[0];
    if (user === undefined) throw new Error('flavour started without SASL');
    const security = { protocol: 'SASL_PLAINTEXT', mechanism: 'SCRAM-SHA-512', ...user } as const;
    await consoleProduce(kafka, topic, ['one', 'two', 'three'], { security });
    expect(await kcatConsume(kafka.bootstrap, topic, 3)).toEqual(['one', 'two', 'three']);
  });

  it('ConsoleConsumer reads what kcat wrote, over SSL', async () => {
    const topic = uniqueName('harness-console');
    await kcatProduce(kafka.bootstrap, topic, 'from kcat');
    const security = { protocol: 'SSL', caPemPath: kafka.caPemPath } as const;
    expect(await consoleConsume(kafka, topic, 1, { security })).toEqual(['from kcat']);
  });

  it('ProducerPerformance reports what it sent; kcat and ConsumerPerformance find that many records', async () => {
    const topic = uniqueName('harness-perf');
    await createTopic(kafka, topic);
    const result = await producerPerformance(kafka, topic, {
      records: 2000,
      recordSize: 100,
      producerProps: { acks: 'all', 'linger.ms': 5 },
    });
    expect(result.records).toBe(2000);
    expect(result.recordsPerSecond).toBeGreaterThan(0);
    expect(await kcatConsume(kafka.bootstrap, topic, 2000)).toHaveLength(2000);
    const consumed = await consumerPerformance(kafka, topic, { records: 2000 });
    expect(consumed['data.consumed.in.nMsg']).toBe(2000);
  });
});
