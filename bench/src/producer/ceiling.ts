import { Cluster } from '@tskafka/network';
import { apis, CompressionCodec, encodeRecordBatch } from '@tskafka/protocol';
import { type Contender, hosts, IN_FLIGHT, PEER_BATCH, timed } from './contenders.js';

/**
 * What the broker can take on this machine: one record batch of PEER_BATCH records, encoded once
 * before the timing, sent over and over in Produce requests (five in flight on one connection,
 * as the others get). Its client work is next to nothing, so no client can go much faster; a
 * peer that reaches it leaves no room for a ratio.
 */
export const brokerCeiling: Contender = {
  library: 'ceiling: one pre-encoded batch resent',
  async produce(bootstrap, topic, w) {
    const cluster = new Cluster({ bootstrap: hosts(bootstrap), clientId: 'bench' });
    await cluster.refresh([topic]);
    const connection = await cluster.leaderFor(topic, 0).connection();
    const value = Buffer.alloc(w.size, 120);
    const records = Array.from({ length: PEER_BATCH }, () => ({ value }));
    const compression = w.lz4 ? CompressionCodec.Lz4 : CompressionCodec.None;
    const batch = await encodeRecordBatch(records, { compression });
    const body = {
      transactionalId: null,
      acks: w.acks,
      timeoutMs: 30_000,
      topicData: [{ name: topic, partitionData: [{ index: 0, records: batch }] }],
    };
    const send = async () => {
      const response = await connection.request(apis.Produce, body, { maxVersion: 12 });
      const code = response.responses[0]?.partitionResponses[0]?.errorCode;
      if (code !== 0) throw new Error(`ceiling produce failed with error code ${code}`);
    };
    const sends = Math.ceil(w.count / PEER_BATCH);
    const run = await timed(async () => {
      let next = 0;
      const lane = async () => {
        while (next++ < sends) await send();
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    });
    await cluster.close();
    return run;
  },
};
