import { connect } from 'node:net';
import { LOOPBACK } from './ports.js';

// A deliberately tiny, private Kafka codec for readiness checks: the harness must not depend on the
// client under test (@tskafka/protocol), or a codec bug could make a broken broker look ready.

/** One broker as a Metadata response lists it. */
export interface MetadataBroker {
  readonly id: number;
  readonly host: string;
  readonly port: number;
}

/** The part of a Metadata response the harness needs. */
export interface ClusterMetadata {
  readonly brokers: MetadataBroker[];
  readonly controllerId: number;
}

const METADATA_KEY = 3;
/** v1: served by every Kafka from 0.10 through 4.x, and the first with `controller_id`. */
const METADATA_VERSION = 1;
const CLIENT_ID = 'tskafka-harness';

/** Metadata v1 request for no topics (v1 reads an empty array as "none", null as "all"). */
export function encodeMetadataRequest(correlationId: number): Buffer {
  const body = Buffer.alloc(4 + 2 + 2 + 4 + 2 + CLIENT_ID.length + 4);
  let at = body.writeInt32BE(body.length - 4, 0);
  at = body.writeInt16BE(METADATA_KEY, at);
  at = body.writeInt16BE(METADATA_VERSION, at);
  at = body.writeInt32BE(correlationId, at);
  at = body.writeInt16BE(CLIENT_ID.length, at);
  at += body.write(CLIENT_ID, at, 'latin1');
  body.writeInt32BE(0, at);
  return body;
}

/** Bounds-checked cursor: a short or corrupt frame becomes an Error, never a RangeError. */
class Cursor {
  private at = 0;
  constructor(private readonly buf: Buffer) {}
  private need(n: number): number {
    if (n < 0 || this.at + n > this.buf.length) throw new Error('truncated Metadata response');
    const start = this.at;
    this.at += n;
    return start;
  }
  int32(): number {
    return this.buf.readInt32BE(this.need(4));
  }
  int16(): number {
    return this.buf.readInt16BE(this.need(2));
  }
  string(): string | null {
    const len = this.int16();
    if (len === -1) return null;
    const start = this.need(len);
    return this.buf.toString('utf8', start, start + len);
  }
}

/** Decodes a Metadata v1 response body (after the size prefix), checking the correlation id. */
export function decodeMetadataResponse(frame: Buffer, correlationId: number): ClusterMetadata {
  const r = new Cursor(frame);
  if (r.int32() !== correlationId) throw new Error('correlation id mismatch');
  const count = r.int32();
  if (count < 0 || count > 10_000) throw new Error(`implausible broker count ${count}`);
  const brokers: MetadataBroker[] = [];
  for (let i = 0; i < count; i++) {
    const id = r.int32();
    const host = r.string() ?? '';
    const port = r.int32();
    r.string(); // rack
    brokers.push({ id, host, port });
  }
  return { brokers, controllerId: r.int32() };
}

/** Sends `request` to a loopback port and resolves with the first size-prefixed frame (or raw bytes at EOF). */
function exchange(
  port: number,
  request: Buffer | string,
  timeoutMs: number,
  framed: boolean,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: LOOPBACK, port });
    const chunks: Buffer[] = [];
    let length = 0;
    const done = (err: Error | null, value?: Buffer) => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(value ?? Buffer.alloc(0));
    };
    const timer = setTimeout(
      () => done(new Error(`no answer from port ${port} in ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      length += chunk.length;
      if (!framed || length < 4) return;
      const all = Buffer.concat(chunks, length);
      const size = all.readInt32BE(0);
      if (all.length >= 4 + size) done(null, all.subarray(4, 4 + size));
    });
    socket.on('end', () =>
      framed ? done(new Error('connection closed')) : done(null, Buffer.concat(chunks)),
    );
    socket.on('error', (err) => done(err));
  });
}

let nextCorrelationId = 1;

/** Asks the broker on `port` for cluster metadata over PLAINTEXT. */
export async function fetchMetadata(port: number, timeoutMs = 3000): Promise<ClusterMetadata> {
  const correlationId = nextCorrelationId++;
  const frame = await exchange(port, encodeMetadataRequest(correlationId), timeoutMs, true);
  return decodeMetadataResponse(frame, correlationId);
}

/** Sends ZooKeeper's `srvr` four-letter word and returns its text answer. */
export async function zookeeperStatus(port: number, timeoutMs = 3000): Promise<string> {
  return (await exchange(port, 'srvr', timeoutMs, false)).toString('utf8');
}
