import { apis, encodeResponse } from '@tskafka/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { Connection } from './connection/connection.js';
import { UnsupportedApiError } from './errors.js';
import { type ScriptedBroker, scriptedBroker } from './test-support/scripted-broker.js';
import { type RequestTraceContext, traceRequests } from './tracing.js';

let broker: ScriptedBroker | undefined;
afterEach(() => broker?.close());

describe('traceRequests', () => {
  it('reports each request with its API, version and outcome, until unsubscribed', async () => {
    broker = await scriptedBroker([apis.Metadata], (r, socket) => {
      socket.write(encodeResponse(apis.Metadata, r.version, r.correlationId, { brokers: [], topics: [] }));
    });
    await using connection = await Connection.connect({ host: '127.0.0.1', port: broker.port });
    const seen: string[] = [];
    const label = (event: string) => (ctx: RequestTraceContext) =>
      seen.push(`${event} ${ctx.api} v${ctx.apiVersion}`);
    const stop = traceRequests({ start: label('start'), asyncEnd: label('end'), error: label('error') });
    await connection.request(apis.Metadata, { topics: null });
    await expect(connection.request(apis.Produce, {} as never)).rejects.toBeInstanceOf(UnsupportedApiError);
    stop();
    await connection.request(apis.Metadata, { topics: null });
    const version = apis.Metadata.maxVersion;
    expect(seen).toEqual([`start Metadata v${version}`, `end Metadata v${version}`]);
  });
});
