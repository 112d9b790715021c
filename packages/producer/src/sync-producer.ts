import type { Cluster } from '@tskafka/network';
import type { RecordBytes } from '@tskafka/protocol';
import type { ProducerOptions } from './options.js';
import { Producer } from './producer.js';

/**
 * PyKafka's `SyncProducer`: a {@link Producer} with `sync: true`, so each record is sent alone,
 * at once, after the previous one was acknowledged; `produce()` resolves or rejects with that
 * record's outcome.
 */
export class SyncProducer<V = RecordBytes, K = RecordBytes> extends Producer<V, K> {
  constructor(cluster: Cluster, topic: string, options: Omit<ProducerOptions<V, K>, 'sync'> = {}) {
    super(cluster, topic, { ...options, sync: true });
  }
}
