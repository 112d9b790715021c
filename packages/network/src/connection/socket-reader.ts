import type { OnReadOpts } from 'node:net';

/** Takes a socket's reads in memory it offers itself (a {@link FrameSplitter} does). */
export interface ReadSink {
  /** Where the next read should land. */
  readTarget(): Buffer;
  /** `n` bytes were read into `target` (what {@link readTarget} returned). */
  filled(n: number, target: Buffer): void;
}

const EARLY_BYTES = 16 * 1024;

/**
 * The `onread` option of a plaintext `net.connect`: the socket reads straight into the memory of
 * the {@link ReadSink} attached later (so a large response lands in its own frame buffer, without
 * the 64 KiB chunk per read Node allocates otherwise and the copy out of it). Bytes read before
 * a sink attaches are kept and handed over on {@link attach}.
 */
export class SocketReader {
  #sink: ReadSink | null = null;
  #onError: (error: unknown) => void = () => {};
  #early: Buffer[] = [];
  #scratch: Buffer | null = null;

  /** Pass as `onread` to `net.connect`. */
  readonly onread: OnReadOpts = {
    buffer: () => this.#target(),
    callback: (n, buffer) => this.#read(n, buffer as Buffer),
  };

  /** Routes every read (and those that came before) to `sink`; what it throws goes to `onError`. */
  attach(sink: ReadSink, onError: (error: unknown) => void): void {
    this.#sink = sink;
    this.#onError = onError;
    const early = this.#early;
    this.#early = [];
    for (const bytes of early) if (!this.#deliver(bytes)) return;
  }

  #target(): Buffer {
    if (this.#sink !== null) return this.#sink.readTarget();
    this.#scratch ??= Buffer.allocUnsafe(EARLY_BYTES);
    return this.#scratch;
  }

  #read(n: number, buffer: Buffer): boolean {
    const sink = this.#sink;
    if (sink === null || buffer === this.#scratch) {
      const bytes = Buffer.from(buffer.subarray(0, n));
      if (sink === null) this.#early.push(bytes);
      else this.#deliver(bytes);
      return true;
    }
    try {
      sink.filled(n, buffer);
    } catch (error) {
      this.#onError(error);
    }
    return true;
  }

  /** Feeds bytes read elsewhere through the sink's own target; false once it failed. */
  #deliver(bytes: Buffer): boolean {
    const sink = this.#sink as ReadSink;
    let at = 0;
    try {
      while (at < bytes.length) {
        const target = sink.readTarget();
        const n = Math.min(target.length, bytes.length - at);
        bytes.copy(target, 0, at, at + n);
        sink.filled(n, target);
        at += n;
      }
    } catch (error) {
      this.#onError(error);
      return false;
    }
    return true;
  }
}

const readers = new WeakMap<object, SocketReader>();

/** Remembers that `socket` was opened with `reader`'s `onread`. */
export function rememberReader(socket: object, reader: SocketReader): void {
  readers.set(socket, reader);
}

/** The reader a socket was opened with, if it reads into given memory. */
export function readerOf(socket: object): SocketReader | undefined {
  return readers.get(socket);
}
