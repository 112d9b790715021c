import { type KafkaCluster, type KafkaLineName, startKafka } from '@tskafka/harness';
import type { Cluster } from '@tskafka/network';
import { afterAll, beforeAll } from 'vitest';
import { openCluster } from '../producer/helpers.js';

/**
 * A lean 3-broker cluster of the suite's own (PLAINTEXT only) and a cluster client on it, started
 * before the suite's tests and stopped after them; for fault tests that kill brokers, which would
 * disturb the shared flavours. Call inside a `describe`; the returned getter works inside tests.
 */
export function ownClusterSuite(version: KafkaLineName): () => { kafka: KafkaCluster; cluster: Cluster } {
  let kafka: KafkaCluster | undefined;
  let cluster: Cluster | undefined;
  beforeAll(async () => {
    kafka = await startKafka({ version, brokers: 3 });
    cluster = openCluster(kafka.bootstrap);
  });
  afterAll(async () => {
    await cluster?.close();
    await kafka?.stop();
  });
  return () => {
    if (kafka === undefined || cluster === undefined) throw new Error('the suite cluster is not started yet');
    return { kafka, cluster };
  };
}
