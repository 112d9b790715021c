import { createRequire } from 'node:module';
import type { ResponseContender } from './response-libraries.js';
import { summarizeFetch, summarizeMetadata } from './response-summary.js';
import { FETCH_VERSION, METADATA_VERSION } from './response-versions.js';

const require = createRequire(import.meta.url);

interface KafkaJsResponse {
  decode(body: Buffer): Promise<unknown>;
  parse(decoded: unknown): Promise<unknown>;
}

/* KafkaJS's own response modules: its connection calls decode, then parse, on the body after the correlation id. */
const kafkajs = {
  Metadata: require(
    `kafkajs/src/protocol/requests/metadata/v${METADATA_VERSION}/response`,
  ) as KafkaJsResponse,
  Fetch: require(`kafkajs/src/protocol/requests/fetch/v${FETCH_VERSION}/response`) as KafkaJsResponse,
};

interface KafkaJsMetadata {
  brokers: unknown[];
  topicMetadata: Array<{ topic: string; partitionMetadata: Array<{ replicas: number[] }> }>;
}
interface KafkaJsFetch {
  responses: Array<{
    partitions: Array<{ messages: Array<{ offset: string; key: Buffer | null; value: Buffer | null }> }>;
  }>;
}

export const kafkaJs: ResponseContender = {
  library: 'KafkaJS',
  comparable: true,
  bind: (w) => {
    const api = kafkajs[w.api];
    const run = async () => {
      const decoded = await api.decode(w.body);
      await api.parse(decoded);
      return decoded;
    };
    const summarize = (decoded: unknown) => {
      if (w.api === 'Fetch') {
        const partitions = (decoded as KafkaJsFetch).responses.flatMap((t) => t.partitions);
        return summarizeFetch(
          partitions.length,
          partitions.flatMap((p) => p.messages),
        );
      }
      const m = decoded as KafkaJsMetadata;
      return summarizeMetadata({
        brokers: m.brokers,
        topics: m.topicMetadata.map((t) => ({
          name: t.topic,
          partitions: t.partitionMetadata.map((p) => ({ replicaNodes: p.replicas })),
        })),
      });
    };
    return { run, summary: async () => summarize(await run()) };
  },
};
