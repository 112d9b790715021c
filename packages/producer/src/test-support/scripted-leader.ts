import { Cluster } from '@tskafka/network';
import { type ScriptedBroker, type ScriptedRequest, scriptedBroker } from '@tskafka/network/test-support';
import { type Api, apis, encodeResponse, type ResponseInputOf } from '@tskafka/protocol';

/** Sends one response to the request being handled. */
export type Reply = <A extends Api>(api: A, body: ResponseInputOf<A>) => void;

/** A scripted broker leading partition 0 of `topic`, with a cluster client bootstrapped from it. */
export interface ScriptedLeader {
  broker: ScriptedBroker;
  cluster: Cluster;
  close(): Promise<void>;
}

/**
 * Starts a one-broker, one-partition fake leader for `topic`: Metadata is answered here; every
 * other request (besides ApiVersions) goes to `handle`. Unit tests of behaviours a real broker
 * cannot be made to show on demand.
 */
export async function scriptedLeader(
  topic: string,
  served: readonly (typeof apis)[keyof typeof apis][],
  handle: (request: ScriptedRequest, reply: Reply) => void,
): Promise<ScriptedLeader> {
  let port = 0;
  const broker = await scriptedBroker([apis.Metadata, ...served], (request, socket) => {
    const reply: Reply = (api, body) =>
      socket.write(encodeResponse(api, request.version, request.correlationId, body));
    if (request.apiKey !== apis.Metadata.key) return handle(request, reply);
    const partitions = [
      { errorCode: 0, partitionIndex: 0, leaderId: 0, leaderEpoch: 0, replicaNodes: [0], isrNodes: [0] },
    ];
    reply(apis.Metadata, {
      brokers: [{ nodeId: 0, host: '127.0.0.1', port }],
      controllerId: 0,
      topics: [{ errorCode: 0, name: topic, isInternal: false, partitions }],
    } as ResponseInputOf<typeof apis.Metadata>);
  });
  port = broker.port;
  const cluster = new Cluster({ bootstrap: [{ host: '127.0.0.1', port }] });
  return {
    broker,
    cluster,
    close: async () => {
      await cluster.close();
      await broker.close();
    },
  };
}
