import { KafkaDecodeError } from '@tskafka/protocol';

/** Size of the reusable buffer {@link FrameSplitter.readTarget} offers between frame bodies. */
const STAGING_BYTES = 64 * 1024;

/** Default upper bound of a response frame (bytes); a larger size prefix means a corrupt stream. */
export const DEFAULT_MAX_FRAME_BYTES = 256 * 1024 * 1024;

/**
 * Cuts a TCP byte stream into Kafka frames (INT32 size prefix, then that many bytes).
 *
 * A frame that arrives whole inside one chunk is handed out as a zero-copy view of that chunk;
 * only a frame split across chunks is copied, once, into a buffer of its exact size.
 *
 * A socket that reads into memory it is given (`net.connect({ onread })`) can skip even that copy:
 * {@link readTarget} offers the unfilled rest of the frame being assembled (or a reusable staging
 * buffer between frames) and {@link filled} takes what was read there.
 *
 * @example
 * ```ts
 * const splitter = new FrameSplitter((payload) => handle(payload));
 * socket.on('data', (chunk) => splitter.push(chunk));
 * ```
 */
export class FrameSplitter {
  readonly #onFrame: (payload: Buffer) => void;
  readonly #maxFrameBytes: number;
  /** Size prefix bytes seen so far when the prefix itself was split across chunks. */
  readonly #prefix = Buffer.alloc(4);
  #prefixFilled = 0;
  /** Body of the frame being assembled from several chunks, or null between frames. */
  #body: Buffer | null = null;
  #bodyFilled = 0;
  /** The reusable buffer reads land in between frame bodies; frames cut from it are copied out. */
  #staging: Buffer | null = null;
  /** Memory of frame bodies this splitter allocated itself: only that may come back through {@link recycle}. */
  readonly #own = new WeakSet<ArrayBufferLike>();
  /** A body handed back by {@link recycle}, for the next frame of a similar size. */
  #spare: Buffer | null = null;

  /**
   * @param onFrame called synchronously once per complete frame with its payload (no size prefix).
   * @param maxFrameBytes a size prefix above this (or negative) throws {@link KafkaDecodeError}.
   */
  constructor(onFrame: (payload: Buffer) => void, maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {
    this.#onFrame = onFrame;
    this.#maxFrameBytes = maxFrameBytes;
  }

  /** Bytes held for a frame that is not complete yet (0 when the stream sits on a frame boundary). */
  get buffered(): number {
    return this.#body === null ? this.#prefixFilled : 4 + this.#bodyFilled;
  }

  /**
   * Feeds the next chunk of the stream.
   * @throws {KafkaDecodeError} when a size prefix is negative or above the configured maximum.
   */
  push(chunk: Buffer): void {
    this.#split(chunk, false);
  }

  /**
   * Where the next socket read should land: the rest of the frame body being assembled (so a
   * large response is read straight into its own buffer), else a staging buffer that is reused.
   */
  readTarget(): Buffer {
    const body = this.#body;
    if (body !== null) return body.subarray(this.#bodyFilled);
    this.#staging ??= Buffer.allocUnsafe(STAGING_BYTES);
    return this.#staging;
  }

  /**
   * Takes `n` bytes a socket read into `target`, the buffer {@link readTarget} returned.
   * @throws {KafkaDecodeError} when a size prefix is negative or above the configured maximum.
   */
  filled(n: number, target: Buffer): void {
    if (target === this.#staging) {
      // The staging buffer is overwritten by the next read: frames are copied out of it.
      this.#split(target.subarray(0, n), true);
      return;
    }
    this.#bodyFilled += n;
    if (this.#bodyFilled === (this.#body as Buffer).length) this.#emitBody();
  }

  #split(chunk: Buffer, copyWhole: boolean): void {
    let offset = 0;
    const end = chunk.length;
    while (offset < end) {
      if (this.#body !== null) {
        offset = this.#fillBody(chunk, offset);
        continue;
      }
      if (this.#prefixFilled === 0 && end - offset >= 4) {
        const size = this.#checkSize(chunk.readInt32BE(offset), offset);
        const start = offset + 4;
        if (end - start >= size) {
          offset = start + size;
          const frame = chunk.subarray(start, offset);
          this.#onFrame(copyWhole ? Buffer.from(frame) : frame);
          continue;
        }
        this.#startBody(size);
        offset = start;
        continue;
      }
      const take = Math.min(4 - this.#prefixFilled, end - offset);
      chunk.copy(this.#prefix, this.#prefixFilled, offset, offset + take);
      this.#prefixFilled += take;
      offset += take;
      if (this.#prefixFilled === 4) {
        this.#prefixFilled = 0;
        const size = this.#checkSize(this.#prefix.readInt32BE(0), offset - 4);
        this.#startBody(size);
        if (size === 0) this.#emitBody();
      }
    }
  }

  #checkSize(size: number, at: number): number {
    if (size < 0 || size > this.#maxFrameBytes) {
      throw new KafkaDecodeError(
        `response frame size ${size} is outside 0..${this.#maxFrameBytes}; the stream is corrupt or not Kafka`,
        Math.max(0, at),
      );
    }
    return size;
  }

  /**
   * Hands back the memory of a frame this splitter emitted, once nothing refers to its bytes any
   * more (a Fetch answer whose record batches were all decompressed elsewhere): the next frame
   * of a similar size is read into it instead of into new memory, which V8 would count towards
   * its next full collection. Memory it did not allocate itself is ignored.
   */
  recycle(memory: ArrayBufferLike): void {
    if (!this.#own.has(memory)) return;
    if (this.#spare === null || this.#spare.length < memory.byteLength)
      this.#spare = Buffer.from(memory as ArrayBuffer);
  }

  #startBody(size: number): void {
    const spare = this.#spare;
    // a much larger spare is kept for a frame that needs it, not tied up by a small one
    if (spare !== null && spare.length >= size && size * 2 >= spare.length) {
      this.#spare = null;
      this.#body = spare.subarray(0, size);
    } else {
      const body = Buffer.allocUnsafe(size);
      // small sizes come out of Node's shared pool: never handed back
      if (body.byteOffset === 0 && body.buffer.byteLength === size) this.#own.add(body.buffer);
      this.#body = body;
    }
    this.#bodyFilled = 0;
  }

  #fillBody(chunk: Buffer, offset: number): number {
    const body = this.#body as Buffer;
    const take = Math.min(body.length - this.#bodyFilled, chunk.length - offset);
    chunk.copy(body, this.#bodyFilled, offset, offset + take);
    this.#bodyFilled += take;
    if (this.#bodyFilled === body.length) this.#emitBody();
    return offset + take;
  }

  #emitBody(): void {
    const body = this.#body as Buffer;
    this.#body = null;
    this.#bodyFilled = 0;
    this.#onFrame(body);
  }
}
