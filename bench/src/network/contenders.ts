import { createRequire } from 'node:module';
import {
  apiVersionsV3,
  listOffsetsV9,
  metadataV12,
  Connection as PlatformaticConnection,
} from '@platformatic/kafka';
import { apis, Connection } from 'tskafka';

const require = createRequire(import.meta.url);

/** The three calls measured, each one request/response round trip on one connection. */
export type Call = 'Metadata' | 'ApiVersions' | 'ListOffsets';

/** One library's connection to one broker, able to make each measured call. */
export interface OpenContender {
  calls: Record<Call, () => Promise<unknown>>;
  close(): Promise<void>;
}

/** A library under test: opens one pipelining connection to `host:port`. */
export interface Contender {
  library: string;
  open(host: string, port: number, topic: string): Promise<OpenContender>;
}

/**
 * Versions every library sends, so the comparison is of the same bytes on the wire where the
 * peers allow it (@platformatic/kafka stops at Metadata v12; KafkaJS picks its own, see report).
 */
const VERSIONS = { Metadata: 12, ApiVersions: 3, ListOffsets: 9 } as const;
const SOFTWARE = ['tskafka-bench', '1.0.0'] as const;
const IN_FLIGHT = 1_000;

export const tskafka: Contender = {
  library: 'tskafka',
  async open(host, port, topic) {
    const connection = await Connection.connect({ host, port, clientId: 'bench', maxInFlight: IN_FLIGHT });
    const listOffsets = {
      replicaId: -1,
      isolationLevel: 0,
      topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp: -1n }] }],
    };
    return {
      calls: {
        Metadata: () =>
          connection.request(
            apis.Metadata,
            { topics: [{ name: topic }], allowAutoTopicCreation: false },
            {
              version: VERSIONS.Metadata,
            },
          ),
        ApiVersions: () =>
          connection.request(
            apis.ApiVersions,
            { clientSoftwareName: SOFTWARE[0], clientSoftwareVersion: SOFTWARE[1] },
            { version: VERSIONS.ApiVersions },
          ),
        ListOffsets: () =>
          connection.request(apis.ListOffsets, listOffsets, { version: VERSIONS.ListOffsets }),
      },
      close: () => connection.close(),
    };
  },
};

export const platformatic: Contender = {
  library: '@platformatic/kafka',
  async open(host, port, topic) {
    const connection = new PlatformaticConnection('bench', { maxInflights: IN_FLIGHT });
    await connection.connect(host, port);
    const partitions = [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1n }];
    return {
      calls: {
        Metadata: () => metadataV12.api.async(connection, [topic], false, false),
        ApiVersions: () => apiVersionsV3.api.async(connection, SOFTWARE[0], SOFTWARE[1]),
        ListOffsets: () => listOffsetsV9.api.async(connection, -1, 0, [{ name: topic, partitions }]),
      },
      close: () => connection.close(),
    };
  },
};

interface KafkaJsBroker {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  metadata(topics: string[]): Promise<unknown>;
  apiVersions(): Promise<unknown>;
  listOffsets(request: object): Promise<unknown>;
}

/** KafkaJS's own Broker (what its admin and consumer use), on one connection with unbounded in-flight. */
export const kafkajs: Contender = {
  library: 'kafkajs',
  async open(host, port, topic) {
    const Broker = require('kafkajs/src/broker') as new (options: object) => KafkaJsBroker;
    const ConnectionPool = require('kafkajs/src/network/connectionPool') as new (options: object) => unknown;
    const socketFactory = (require('kafkajs/src/network/socketFactory') as () => unknown)();
    const { createLogger, LEVELS } = require('kafkajs/src/loggers') as {
      createLogger: (o: object) => unknown;
      LEVELS: { NOTHING: number };
    };
    const logger = createLogger({ level: LEVELS.NOTHING, logCreator: () => () => {} });
    const connectionPool = new ConnectionPool({
      host,
      port,
      logger,
      socketFactory,
      clientId: 'bench',
      requestTimeout: 30_000,
      connectionTimeout: 10_000,
      maxInFlightRequests: null,
    });
    const broker = new Broker({ connectionPool, logger, allowAutoTopicCreation: false });
    await broker.connect();
    const listOffsets = {
      replicaId: -1,
      isolationLevel: 0,
      topics: [{ topic, partitions: [{ partition: 0, timestamp: -1 }] }],
    };
    return {
      calls: {
        Metadata: () => broker.metadata([topic]),
        ApiVersions: () => broker.apiVersions(),
        ListOffsets: () => broker.listOffsets(listOffsets),
      },
      close: () => broker.disconnect(),
    };
  },
};
