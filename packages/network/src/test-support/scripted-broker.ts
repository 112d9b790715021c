import { createServer, type Server, type Socket } from 'node:net';
import { apis, encodeResponse } from '@tskafka/protocol';
import { FrameSplitter } from '../connection/frame-splitter.js';

/** What the scripted broker does with one request (its api key, version and correlation id). */
export type Script = (
  request: { apiKey: number; version: number; correlationId: number },
  socket: Socket,
) => void;

/** A test double for the behaviours a harness broker cannot be configured for. */
export interface ScriptedBroker {
  port: number;
  /** Api keys of the requests received, in order. */
  log: number[];
  close(): Promise<void>;
}

/** Answers ApiVersions with the ranges of `served` APIs; every other request goes to `script`. */
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
