import { createServer, connect as netConnect, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameSplitter } from './frame-splitter.js';
import { SocketReader } from './socket-reader.js';

function frame(payload: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length, 0);
  return Buffer.concat([size, payload]);
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** Serves `bytes` to each connection, then ends it; resolves with the port. */
async function serve(bytes: Buffer): Promise<number> {
  server = createServer((s) => s.end(bytes));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

describe('SocketReader', () => {
  it('reads a real socket into the splitter, keeping what came before the sink attached', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    const port = await serve(
      Buffer.concat([frame(Buffer.from('first')), frame(big), frame(Buffer.from('last'))]),
    );
    const reader = new SocketReader();
    const socket = netConnect({ host: '127.0.0.1', port, onread: reader.onread });
    // Attach late: the whole stream may already have been read into the early buffers.
    await new Promise((resolve) => socket.once('end', resolve));
    const frames: Buffer[] = [];
    const errors: unknown[] = [];
    reader.attach(new FrameSplitter((payload) => frames.push(payload)), (e) => errors.push(e));
    socket.destroy();
    expect(errors).toEqual([]);
    expect(frames.map((f) => f.length)).toEqual([5, big.length, 4]);
    expect(frames[1]?.equals(big)).toBe(true);
  });

  it('reads straight into the frame once attached, and reports a corrupt stream', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 3);
    const bad = Buffer.alloc(4);
    bad.writeInt32BE(-5, 0);
    const port = await serve(Buffer.concat([frame(big), bad]));
    const reader = new SocketReader();
    const frames: Buffer[] = [];
    const errors: unknown[] = [];
    reader.attach(new FrameSplitter((payload) => frames.push(payload)), (e) => errors.push(e));
    const socket = netConnect({ host: '127.0.0.1', port, onread: reader.onread });
    await new Promise((resolve) => socket.once('end', resolve));
    socket.destroy();
    expect(frames).toHaveLength(1);
    expect(frames[0]?.equals(big)).toBe(true);
    expect(errors).toHaveLength(1);
  });
});
