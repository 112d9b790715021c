import { createServer, type Server, type Socket } from 'node:net';
import { apis, encodeResponse } from '@tskafka/protocol';
import { FrameSplitter } from '../connection/frame-splitter.js';

/** One request as the scripted broker saw it; `payload` is the whole frame (header included) for `decodeRequest`. */
export interface ScriptedRequest {
  apiKey: number;
  version: number;
  correlationId: number;
  payload: Buffer;
}

/** What the scripted broker does with one request. */
export type Script = (request: ScriptedRequest, socket: Socket) => void;

/** A test double for the behaviours a harness broker cannot be configured for. */
export interface ScriptedBroker {
  port: number;
  /** Api keys of the requests received, in order. */
  log: number[];
  close(): Promise<void>;
}

/**
 * A TCP server speaking just enough Kafka for unit tests: answers ApiVersions with the ranges of
 * `served` APIs; every other request goes to `script`. Layers above import it from
 * `@tskafka/network/test-support`; applications may use it for their own tests. Loopback only.
 */
export async function scriptedBroker(served: readonly (typeof apis)[keyof typeof apis][], script: Script) {
  const log: number[] = [];
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    const splitter = new FrameSplitter((payload) => {
      const request = {
        apiKey: payload.readInt16BE(0),
        version: payload.readInt16BE(2),
        correlationId: payload.readInt32BE(4),
        payload,
      };
      log.push(request.apiKey);
      if (request.apiKey !== apis.ApiVersions.key) return script(request, socket);
      const apiKeys = [apis.ApiVersions, ...served].map((a) => ({
        apiKey: a.key,
        minVersion: a.minVersion,
        maxVersion: a.maxVersion,
      }));
      socket.write(
        encodeResponse(apis.ApiVersions, request.version, request.correlationId, { errorCode: 0, apiKeys }),
      );
    });
    socket.on('data', (chunk: Buffer) => splitter.push(chunk));
    // A client that resets its connection is what many tests do on purpose: nothing to report.
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const broker: ScriptedBroker = {
    port: (server.address() as { port: number }).port,
    log,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return broker;
}
