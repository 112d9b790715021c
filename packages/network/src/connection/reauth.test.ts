import { apis, encodeResponse } from '@tskafka/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { type ScriptedBroker, scriptedBroker } from '../test-support/scripted-broker.js';
import { Connection } from './connection.js';

// The harness cannot set a broker's `connections.max.reauth.ms`, so this scripted broker stands
// in for one that grants 300 ms SASL sessions.
let broker: ScriptedBroker | undefined;
afterEach(() => broker?.close());

describe('KIP-368 re-authentication', () => {
  it('authenticates again before the session ends, never interleaving other requests', async () => {
    broker = await scriptedBroker([apis.SaslHandshake, apis.SaslAuthenticate, apis.Metadata], (r, socket) => {
      if (r.apiKey === apis.SaslHandshake.key) {
        socket.write(
          encodeResponse(apis.SaslHandshake, r.version, r.correlationId, {
            errorCode: 0,
            mechanisms: ['PLAIN'],
          }),
        );
      } else if (r.apiKey === apis.SaslAuthenticate.key) {
        const body = {
          errorCode: 0,
          errorMessage: null,
          authBytes: Buffer.alloc(0),
          sessionLifetimeMs: 300n,
        };
        socket.write(encodeResponse(apis.SaslAuthenticate, r.version, r.correlationId, body));
      } else {
        // Answer Metadata late, so requests are in flight when the session runs out.
        const answer = encodeResponse(apis.Metadata, r.version, r.correlationId, { brokers: [], topics: [] });
        setTimeout(() => socket.write(answer), 20);
      }
    });
    await using connection = await Connection.connect({
      host: '127.0.0.1',
      port: broker.port,
      sasl: { mechanism: 'PLAIN', username: 'u', password: 'p' },
    });
    const until = Date.now() + 1_500;
    let answered = 0;
    while (Date.now() < until) {
      await Promise.all([1, 2, 3].map(() => connection.request(apis.Metadata, { topics: null })));
      answered += 3;
    }
    const log = broker.log;
    const sessions = log.filter((key) => key === apis.SaslHandshake.key).length;
    expect(sessions).toBeGreaterThanOrEqual(3);
    expect(answered).toBeGreaterThan(0);
    // Every handshake is followed directly by its authenticate: nothing slipped in between.
    log.forEach((key, i) => {
      if (key === apis.SaslHandshake.key) expect(log[i + 1]).toBe(apis.SaslAuthenticate.key);
    });
    expect(connection.closed).toBe(false);
  });
});
