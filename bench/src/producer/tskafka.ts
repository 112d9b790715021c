import '../crc-choice.js';
import { Cluster } from '@tskafka/network';
import { Producer } from '@tskafka/producer';
import { BATCH_BYTES, type Contender, hosts, IN_FLIGHT, PEER_BATCH, timed, WINDOW } from './contenders.js';

export const tskafka: Contender = {
  library: 'tskafka',
  async produce(bootstrap, topic, w) {
    const cluster = new Cluster({ bootstrap: hosts(bootstrap), clientId: 'bench' });
    const value = Buffer.alloc(w.size, 120);
    const producer = new Producer(cluster, topic, {
      requiredAcks: w.acks === -1 ? 'all' : 1,
      compression: w.lz4 ? 'lz4' : 'none',
      batchSize: BATCH_BYTES,
      lingerMs: 5,
      // Without idempotence (acks 1) the default is one batch per partition in flight, which
      // keeps order through retries. The peers keep PEER_CONCURRENCY sends in flight and Java's
      // tool 5 requests, all free to reorder on a retry: tskafka gets the same allowance here.
      // With acks all it is idempotent, and 5 is its default.
      maxInFlightPerPartition: IN_FLIGHT,
    });
    await producer.produce(value); // connect and fetch metadata outside the timing
    const run = await timed(async () => {
      // A ring of the last WINDOW promises; the oldest is awaited once per PEER_BATCH records, as
      // the peers await one send() per PEER_BATCH records. It resolved after every record before
      // it (one partition), so at most WINDOW + PEER_BATCH are pending. A rejection of a promise
      // nobody awaits is an unhandled rejection: it stops the benchmark.
      const ring: Promise<unknown>[] = new Array(WINDOW);
      for (let i = 0; i < w.count; i++) {
        const slot = i % WINDOW;
        if (i >= WINDOW && i % PEER_BATCH === 0) await ring[slot];
        ring[slot] = producer.produce(value);
      }
      await Promise.all(ring.filter((p) => p !== undefined));
    });
    await producer.close();
    await cluster.close();
    return run;
  },
};
