import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AbortedError, ConnectionError, RequestTimeoutError } from '../errors.js';
import { FrameTransport } from './frame-transport.js';

/** A socket stand-in for fault injection: records writes, lets the test push response bytes. */
class FakeSocket extends Duplex {
  readonly written: Buffer[] = [];
  /** When set, writes stay unacknowledged (simulates a full kernel buffer). */
  holdWrites = false;
  readonly #held: (() => void)[] = [];

  constructor() {
    super({ writableHighWaterMark: 16 });
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.written.push(chunk);
    if (this.holdWrites) this.#held.push(() => done());
    else done();
  }

  releaseWrites(): void {
    this.holdWrites = false;
    for (const done of this.#held.splice(0)) done();
  }

  /** Correlation ids of the request frames written so far. */
  sentIds(): number[] {
    return this.written.map((frame) => frame.readInt32BE(4));
  }
}

/** A request frame whose only content is its correlation id (the transport never parses it). */
function requestFrame(correlationId: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeInt32BE(4, 0);
  out.writeInt32BE(correlationId, 4);
  return out;
}

function responseFrame(correlationId: number, body: string): Buffer {
  const text = Buffer.from(body);
  const out = Buffer.alloc(8 + text.length);
  out.writeInt32BE(4 + text.length, 0);
  out.writeInt32BE(correlationId, 4);
  text.copy(out, 8);
  return out;
}

const bodyText = (payload: Buffer): string => payload.subarray(4).toString();

function setup(options: { maxInFlight?: number; requestTimeoutMs?: number } = {}) {
  const socket = new FakeSocket();
  const transport = new FrameTransport(socket, { label: 'fake:9092', ...options });
  const send = (options?: Parameters<FrameTransport['send']>[3]) => {
    const id = transport.nextCorrelationId();
    return { id, response: transport.send(id, requestFrame(id), bodyText, options) };
  };
  return { socket, transport, send };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('FrameTransport', () => {
  it('writes a frame given as several buffers in order, and settles a no-response one once written', async () => {
    const { socket, transport } = setup();
    const frame = requestFrame(transport.nextCorrelationId());
    const parts = [frame.subarray(0, 3), frame.subarray(3, 6), frame.subarray(6)];
    await expect(transport.send(0, parts, null)).resolves.toBeUndefined();
    const id = transport.nextCorrelationId();
    const whole = requestFrame(id);
    const answered = transport.send(id, [whole.subarray(0, 5), whole.subarray(5)], bodyText);
    socket.push(responseFrame(id, 'ok'));
    await expect(answered).resolves.toBe('ok');
    await tick(); // corked writes leave on the next tick
    expect(Buffer.concat(socket.written)).toEqual(Buffer.concat([frame, whole]));
  });

  it('pipelines requests and matches responses by correlation id, in any order', async () => {
    const { socket, send } = setup();
    const a = send();
    const b = send();
    const c = send();
    await tick();
    expect(socket.sentIds()).toEqual([a.id, b.id, c.id]);
    socket.push(Buffer.concat([responseFrame(c.id, 'C'), responseFrame(a.id, 'A')]));
    socket.push(responseFrame(b.id, 'B'));
    expect(await Promise.all([a.response, b.response, c.response])).toEqual(['A', 'B', 'C']);
  });

  it('holds requests beyond the in-flight bound until a response frees a slot', async () => {
    const { socket, transport, send } = setup({ maxInFlight: 2 });
    const a = send();
    send();
    send();
    await tick();
    expect(socket.written).toHaveLength(2);
    expect(transport.queued).toBe(1);
    socket.push(responseFrame(a.id, 'A'));
    await a.response;
    await tick();
    expect(socket.written).toHaveLength(3);
    expect(transport.inFlight).toBe(2);
  });

  it('fails every pending request at once, retriably, when the socket closes mid-frame', async () => {
    const { socket, send } = setup({ maxInFlight: 1 });
    const requests = [send(), send(), send()];
    socket.push(responseFrame(requests[0]?.id ?? -1, 'partial').subarray(0, 6));
    socket.destroy();
    const errors = await Promise.all(requests.map((r) => r.response.catch((e: unknown) => e)));
    for (const error of errors) {
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as ConnectionError).retriable).toBe(true);
      expect((error as ConnectionError).message).toMatch(/middle of a response frame.*fake:9092/);
    }
  });

  it('treats a response for an unknown correlation id as a broken stream', async () => {
    const { socket, send } = setup();
    const a = send();
    socket.push(responseFrame(999, 'stray'));
    await expect(a.response).rejects.toThrow(/unknown correlation id 999/);
    expect(socket.destroyed).toBe(true);
    await expect(send().response).rejects.toBeInstanceOf(ConnectionError);
  });

  it('times out a silent request with RequestTimeoutError and drops the connection', async () => {
    const { socket, send } = setup({ requestTimeoutMs: 5_000 });
    const slow = send({ timeoutMs: 30 });
    const other = send();
    const error = await slow.response.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as RequestTimeoutError).retriable).toBe(true);
    await expect(other.response).rejects.toBeInstanceOf(ConnectionError);
    expect(socket.destroyed).toBe(true);
  });

  it('respects write backpressure: nothing more is written until the socket drains', async () => {
    const { socket, transport, send } = setup();
    socket.holdWrites = true;
    const first = send();
    const second = send();
    const third = send();
    expect(transport.queued).toBe(1);
    await tick();
    // The first 8-byte write is taken, the second fills the 16-byte buffer, the third waits.
    expect(socket.written).toHaveLength(1);
    socket.releaseWrites();
    await tick();
    expect(socket.sentIds()).toEqual([first.id, second.id, third.id]);
    socket.push(
      Buffer.concat([
        responseFrame(first.id, '1'),
        responseFrame(second.id, '2'),
        responseFrame(third.id, '3'),
      ]),
    );
    expect(await Promise.all([first.response, second.response, third.response])).toEqual(['1', '2', '3']);
  });

  it('aborts a queued request without writing it, and an in-flight one without desyncing', async () => {
    const { socket, send } = setup({ maxInFlight: 1 });
    const inFlightAbort = new AbortController();
    const queuedAbort = new AbortController();
    const a = send({ signal: inFlightAbort.signal });
    const b = send({ signal: queuedAbort.signal });
    const c = send();
    queuedAbort.abort();
    inFlightAbort.abort();
    await expect(a.response).rejects.toBeInstanceOf(AbortedError);
    await expect(b.response).rejects.toBeInstanceOf(AbortedError);
    socket.push(responseFrame(a.id, 'late A'));
    await tick();
    expect(socket.sentIds()).toEqual([a.id, c.id]);
    socket.push(responseFrame(c.id, 'C'));
    expect(await c.response).toBe('C');
  });

  it('rejects only the request whose decoder throws', async () => {
    const { socket, transport, send } = setup();
    const id = transport.nextCorrelationId();
    const bad = transport.send(id, requestFrame(id), () => {
      throw new Error('bad body');
    });
    const good = send();
    socket.push(Buffer.concat([responseFrame(id, 'x'), responseFrame(good.id, 'fine')]));
    await expect(bad).rejects.toThrow('bad body');
    expect(await good.response).toBe('fine');
  });

  it('resolves a request that expects no response once it is written', async () => {
    const { socket, transport } = setup();
    const id = transport.nextCorrelationId();
    await expect(transport.send(id, requestFrame(id), null)).resolves.toBeUndefined();
    expect(socket.written).toHaveLength(1);
    expect(transport.inFlight).toBe(0);
  });

  it('holds requests while the broker throttles us, then sends them', async () => {
    const { socket, transport, send } = setup();
    transport.throttle(80);
    const held = send();
    const urgent = send({ bypassPause: true });
    await tick();
    expect(socket.sentIds()).toEqual([urgent.id]);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(socket.sentIds()).toEqual([urgent.id, held.id]);
  });

  it('fails at once when handed a socket that already closed', async () => {
    const socket = new FakeSocket();
    socket.destroy();
    const transport = new FrameTransport(socket, { label: 'fake:9092' });
    await transport.closed;
    const id = transport.nextCorrelationId();
    await expect(transport.send(id, requestFrame(id), bodyText)).rejects.toThrow(
      /closed before its first request/,
    );
  });

  it('rejects a no-response request whose write fails', async () => {
    const socket = new Duplex({
      read() {},
      write(_chunk, _encoding, done) {
        done(new Error('EPIPE'));
      },
    });
    socket.on('error', () => {});
    const transport = new FrameTransport(socket, { label: 'fake:9092' });
    const id = transport.nextCorrelationId();
    await expect(transport.send(id, requestFrame(id), null)).rejects.toBeInstanceOf(ConnectionError);
  });

  it('keeps queued requests back while paused, but writes those that bypass the pause', async () => {
    const { socket, transport, send } = setup();
    transport.pause();
    const held = send();
    const urgent = send({ bypassPause: true });
    await tick();
    expect(socket.sentIds()).toEqual([urgent.id]);
    transport.resume();
    await tick();
    expect(socket.sentIds()).toEqual([urgent.id, held.id]);
  });
});
