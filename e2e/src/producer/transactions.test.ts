import { runKafkaTool } from '@tskafka/harness';
import { Producer, TransactionStateError } from '@tskafka/producer';
import { apis, KafkaProtocolError } from '@tskafka/protocol';
import { describe, expect, it } from 'vitest';
import { connect, fetchBatches } from '../records/wire.js';
import { type Flavour, flavours, uniqueName } from '../setup/clusters.js';
import { kcatReadAll, newTopic, suiteCluster } from './helpers.js';

/** Values Kafka's Java console consumer reads with `--isolation-level read_committed`. */
async function javaReadCommitted(kafka: Flavour, topic: string, count: number): Promise<string[]> {
  const { stdout } = await runKafkaTool(kafka.version, 'org.apache.kafka.tools.consumer.ConsoleConsumer', [
    ...['--bootstrap-server', kafka.bootstrap, '--topic', topic, '--from-beginning'],
    ...['--isolation-level', 'read_committed', '--max-messages', String(count), '--timeout-ms', '10000'],
  ]);
  return stdout.split('\n').filter((line) => line.trim() !== '');
}

describe.each(flavours('kafka3.9-single', 'kafka4-single'))(
  'idempotence and transactions on $name',
  (kafka) => {
    const cluster = suiteCluster(kafka.bootstrap);

    it('is idempotent by default with acks all: batches carry a producer id and consecutive sequences', async () => {
      const topic = await newTopic(cluster(), 'idem', 1);
      await using producer = new Producer(cluster(), topic);
      for (let round = 0; round < 6; round++)
        await Promise.all(Array.from({ length: 10 }, (_, i) => producer.produce(`i-${round}-${i}`)));
      await using connection = await connect(kafka);
      const batches = await fetchBatches(connection, topic, 60);
      expect(batches.map((b) => b.records.length)).toEqual([10, 10, 10, 10, 10, 10]);
      const producerId = batches[0]?.producerId ?? -1n;
      expect(producerId).toBeGreaterThanOrEqual(0n);
      let next = 0;
      for (const batch of batches) {
        expect([batch.producerId, batch.baseSequence]).toEqual([producerId, next]);
        next += batch.records.length;
      }
      expect(next).toBe(60);
    });

    it('commits visibly to read_committed readers and hides aborted transactions', async () => {
      const topic = await newTopic(cluster(), 'txn', 2);
      await using producer = new Producer(cluster(), topic, { transactionalId: uniqueName('txn-id') });
      await expect(producer.produce('outside')).rejects.toBeInstanceOf(TransactionStateError);
      await producer.beginTransaction();
      await Promise.all(['c1', 'c2'].map((v, i) => producer.produce(v, { partition: i })));
      await producer.commitTransaction();
      await producer.beginTransaction();
      await Promise.all(['a1', 'a2'].map((v, i) => producer.produce(v, { partition: i })));
      await producer.abortTransaction();
      await producer.beginTransaction();
      await producer.produce('c3', { partition: 0 });
      await producer.commitTransaction();
      expect((await javaReadCommitted(kafka, topic, 3)).sort()).toEqual(['c1', 'c2', 'c3']);
      // A read_uncommitted reader sees the aborted records too: they were written, then aborted.
      const all = await kcatReadAll(kafka.bootstrap, topic, 5, ['-X', 'isolation.level=read_uncommitted']);
      expect(all.map((m) => m.payload).sort()).toEqual(['a1', 'a2', 'c1', 'c2', 'c3']);
    });

    it('commits consumed offsets with the transaction (sendOffsetsToTransaction)', async () => {
      const topic = await newTopic(cluster(), 'txn-offsets', 1);
      const group = uniqueName('txn-group');
      await using producer = new Producer(cluster(), topic, { transactionalId: uniqueName('txn-id') });
      await producer.beginTransaction();
      await producer.produce('with offsets');
      await producer.sendOffsetsToTransaction([{ topic, partition: 0, offset: 42n, metadata: 'm' }], group);
      await producer.commitTransaction();
      const coordinator = await cluster().findCoordinator(group);
      const body = { groupId: group, topics: [{ name: topic, partitionIndexes: [0] }], requireStable: true };
      // The coordinator writes the commit marker after EndTxn answers; until then a stable read
      // answers UNSTABLE_OFFSET_COMMIT (88).
      let committed: unknown;
      for (let attempt = 0; attempt < 50; attempt++) {
        const response = await coordinator.request(apis.OffsetFetch, body, { maxVersion: 7 });
        committed = response.topics[0]?.partitions[0];
        if ((committed as { errorCode: number }).errorCode !== 88) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(committed).toMatchObject({ committedOffset: 42n, metadata: 'm', errorCode: 0 });
    });

    it('fences a zombie: the older instance gets a typed error, and is unusable afterwards', async () => {
      const topic = await newTopic(cluster(), 'txn-fence', 1);
      const transactionalId = uniqueName('txn-zombie');
      await using zombie = new Producer(cluster(), topic, { transactionalId });
      await zombie.beginTransaction();
      await zombie.produce('from the zombie');
      await using successor = new Producer(cluster(), topic, { transactionalId });
      await successor.beginTransaction();
      await successor.produce('from the successor');
      await successor.commitTransaction();
      const error = await zombie.commitTransaction().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KafkaProtocolError);
      expect((error as KafkaProtocolError).errorName).toMatch(/^(PRODUCER_FENCED|INVALID_PRODUCER_EPOCH)$/);
      await expect(zombie.beginTransaction()).rejects.toBeInstanceOf(TransactionStateError);
      expect(await javaReadCommitted(kafka, topic, 1)).toEqual(['from the successor']);
    });
  },
);
