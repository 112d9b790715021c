import { SimpleConsumer } from '@tskafka/consumer';
import { Admin, traceRequests, UnknownTopicError } from '@tskafka/network';
import { describe, expect, it } from 'vitest';
import { newTopic } from '../producer/helpers.js';
import { flavours } from '../setup/clusters.js';
import { leaked, settle } from '../setup/leaks.js';
import { consumeN, kcatWrite, suiteCluster } from './helpers.js';

describe.each(flavours('kafka3.9-single', 'kafka4-single'))(
  'SimpleConsumer on a deleted topic on $name',
  (kafka) => {
    const use = suiteCluster(kafka.bootstrap);

    it('consume() rejects with UnknownTopicError soon after the topic is deleted; fetching stops; close() leaves nothing', async () => {
      const cluster = use();
      const topic = await newTopic(cluster, 'cons-deleted', 3);
      await kcatWrite(kafka.bootstrap, topic, ['a', 'b', 'c']);
      await cluster.refresh([topic]); // the shared connection (metadata, admin) is open before counting
      await settle();
      const before = process.getActiveResourcesInfo();
      const fetchedAt: number[] = [];
      const stop = traceRequests({
        start: (ctx) => void (ctx.api === 'Fetch' && fetchedAt.push(Date.now())),
      });
      try {
        const consumer = new SimpleConsumer(cluster, topic, { fetchWaitMaxMs: 100 });
        expect((await consumeN(consumer, 3)).length).toBe(3);
        await new Admin(cluster).deleteTopics([topic]);
        const deletedAt = Date.now();
        const error = await consumer.consume(30_000).catch((e: unknown) => e);
        const failedAt = Date.now();
        expect(error).toBeInstanceOf(UnknownTopicError);
        expect((error as UnknownTopicError).topic).toBe(topic);
        expect(failedAt - deletedAt).toBeLessThan(15_000);
        await expect(consumer.consume(0)).rejects.toBeInstanceOf(UnknownTopicError);
        // The fetch loops have stopped: no Fetch is sent any more.
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(fetchedAt.filter((t) => t > failedAt)).toEqual([]);
        await consumer.close();
        await settle();
        expect(leaked(before, process.getActiveResourcesInfo())).toEqual([]);
      } finally {
        stop();
      }
    });
  },
);
