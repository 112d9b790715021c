import { SimpleConsumer } from '@tskafka/consumer';
import { runKafkaTool } from '@tskafka/harness';
import { describe, expect, it } from 'vitest';
import { newTopic } from '../producer/helpers.js';
import { flavours, uniqueName } from '../setup/clusters.js';
import { consumeN, kcatWrite, suiteCluster, utf8 } from './helpers.js';

/** Reads until `idleMs` pass without a message. */
async function drain(consumer: SimpleConsumer<string | null, string | null>, idleMs = 1_500) {
  const got: (string | null)[] = [];
  for (;;) {
    const m = await consumer.consume(idleMs);
    if (m === null) return got;
    got.push(m.value);
  }
}

describe.each(flavours('kafka3.9-single', 'kafka4-single'))('read_committed on $name', (kafka) => {
  const use = suiteCluster(kafka.bootstrap);

  it("hides the transactions Kafka's TransactionalMessageCopier aborted, and every control record", async () => {
    const cluster = use();
    const input = await newTopic(cluster, 'cons-txn-in', 1);
    const output = await newTopic(cluster, 'cons-txn-out', 1);
    const sent = Array.from({ length: 300 }, (_, i) => `v${i}`);
    await kcatWrite(kafka.bootstrap, input, sent);
    // The Java client copies in transactions of 10 and aborts about a third of them at random;
    // an aborted transaction's records stay in the log and are copied again in a later one.
    await runKafkaTool(
      kafka.version,
      'org.apache.kafka.tools.TransactionalMessageCopier',
      [
        ...['--broker-list', kafka.bootstrap, '--input-topic', input, '--input-partition', '0'],
        ...['--output-topic', output, '--consumer-group', uniqueName('copier'), '--transaction-size', '10'],
        ...['--transactional-id', uniqueName('copier-txn'), '--enable-random-aborts'],
      ],
      { timeoutMs: 120_000 },
    );

    await using committed = new SimpleConsumer(cluster, output, {
      isolationLevel: 'read_committed',
      deserializer: utf8,
    });
    const seen = await consumeN(committed, sent.length);
    expect(seen.map((m) => m.value)).toEqual(sent);
    expect(await committed.consume(1_000)).toBeNull();

    await using everything = new SimpleConsumer(cluster, output, { deserializer: utf8 });
    const all = await drain(everything);
    // Aborted copies are visible without read_committed: more records than were sent, none a marker.
    expect(all.length).toBeGreaterThan(sent.length);
    expect(new Set(all)).toEqual(new Set(sent));
  });
});
