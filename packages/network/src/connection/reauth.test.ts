import { createServer, type Server, type Socket } from 'node:net';
import { apis, encodeResponse } from '@tskafka/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { Connection } from './connection.js';
import { FrameSplitter } from './frame-splitter.js';

// The harness cannot set a broker's `connections.max.reauth.ms`, so this scripted broker stands
// in for one that grants 300 ms SASL sessions. It records the order of requests it receives.
const LIFETIME_MS = 300n;
const servers: Server[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

function scriptedBroker(log: string[]): Promise<number> {
  const server = createServer((socket) => {
    sockets.push(socket);
    const splitter = new FrameSplitter((payload) => {
      const apiKey = payload.readInt16BE(0);
      const version = payload.readInt16BE(2);
      const correlationId = payload.readInt32BE(4);
      log.push(apis.ApiVersions.key === apiKey ? 'ApiVersions' : String(apiKey));
      if (apiKey === apis.ApiVersions.key) {
        const apiKeys = [apis.ApiVersions, apis.SaslHandshake, apis.SaslAuthenticate, apis.Metadata].map(
          (a) => ({
            apiKey: a.key,
            minVersion: a.minVersion,
            maxVersion: a.maxVersion,
          }),
        );
        socket.write(encodeResponse(apis.ApiVersions, version, correlationId, { errorCode: 0, apiKeys }));
      } else if (apiKey === apis.SaslHandshake.key) {
        socket.write(
          encodeResponse(apis.SaslHandshake, version, correlationId, { errorCode: 0, mechanisms: ['PLAIN'] }),
        );
      } else if (apiKey === apis.SaslAuthenticate.key) {
        const body = {
          errorCode: 0,
          errorMessage: null,
          authBytes: Buffer.alloc(0),
          sessionLifetimeMs: LIFETIME_MS,
        };
        socket.write(encodeResponse(apis.SaslAuthenticate, version, correlationId, body));
      } else {
        // Answer Metadata late, so a request is in flight when the session runs out.
        const answer = encodeResponse(apis.Metadata, version, correlationId, { brokers: [], topics: [] });
        setTimeout(() => socket.write(answer), 20);
      }
    });
    socket.on('data', (chunk: Buffer) => splitter.push(chunk));
  });
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

describe('KIP-368 re-authentication', () => {
  it('authenticates again before the session ends, never interleaving other requests', async () => {
    const log: string[] = [];
    const port = await scriptedBroker(log);
    await using connection = await Connection.connect({
      host: '127.0.0.1',
      port,
      sasl: { mechanism: 'PLAIN', username: 'u', password: 'p' },
    });
    const until = Date.now() + 900;
    let answered = 0;
    while (Date.now() < until) {
      await Promise.all([1, 2, 3].map(() => connection.request(apis.Metadata, { topics: null })));
      answered += 3;
    }
    const handshake = String(apis.SaslHandshake.key);
    const authenticate = String(apis.SaslAuthenticate.key);
    const sessions = log.filter((entry) => entry === handshake).length;
    expect(sessions).toBeGreaterThanOrEqual(3);
    expect(answered).toBeGreaterThan(0);
    // Every handshake is followed directly by its authenticate: nothing slipped in between.
    log.forEach((entry, i) => {
      if (entry === handshake) expect(log[i + 1]).toBe(authenticate);
    });
    expect(connection.closed).toBe(false);
  });
});
