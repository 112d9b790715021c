/**
 * Reuses the buffers of acknowledged record batches for the next ones, as Java's producer reuses
 * its batch buffers. Every fresh buffer of this size is memory outside the JavaScript heap, and
 * allocating one per request (up to `maxRequestSize`) makes V8 run a full garbage collection
 * every few hundred megabytes produced.
 *
 * Buffers are handed out with a capacity rounded up to a power of two, so the varying sizes of
 * merged batches still fit buffers given back earlier. Only buffers at least `minSize` long are
 * pooled (smaller ones come from Node's own slab), and at most `maxPooled` wait here.
 */
export class BufferPool {
  readonly #free: Buffer[] = [];
  /** Memory this pool allocated: only that is taken back (never a slice of Node's shared slab). */
  readonly #owned = new WeakSet<ArrayBufferLike>();

  constructor(
    private readonly minSize: number,
    private readonly maxPooled: number,
  ) {}

  /** A buffer of exactly `size` bytes, reused when one large enough waits here. */
  take(size: number): Buffer {
    if (size < this.minSize) return Buffer.allocUnsafe(size);
    const free = this.#free;
    for (let i = 0; i < free.length; i++) {
      const buffer = free[i]!;
      if (buffer.length < size) continue;
      free[i] = free[free.length - 1]!;
      free.pop();
      this.#owned.add(buffer.buffer);
      return buffer.subarray(0, size);
    }
    const fresh = Buffer.allocUnsafeSlow(2 ** Math.ceil(Math.log2(size)));
    this.#owned.add(fresh.buffer);
    return fresh.subarray(0, size);
  }

  /**
   * Takes back a buffer from {@link take} whose bytes nobody reads any more (the broker
   * acknowledged them, so the socket is done with them). Others are ignored.
   */
  give(buffer: Buffer): void {
    const whole = buffer.buffer;
    if (!this.#owned.has(whole) || this.#free.length >= this.maxPooled) return;
    // Once back, it cannot be given twice: a double give would hand one buffer to two batches.
    this.#owned.delete(whole);
    this.#free.push(Buffer.from(whole));
  }
}
