/**
 * A buffer reused between synchronous calls, so that a hot path does not allocate (and leave to
 * the garbage collector) a large buffer per call. What `take` returns is valid until the next
 * `take`; a request larger than `keep` bytes gets a buffer of its own that is not retained.
 */
export class Scratch {
  #buffer = Buffer.allocUnsafe(0);

  constructor(private readonly keep: number) {}

  /** A buffer of exactly `size` bytes, contents undefined. */
  take(size: number): Buffer {
    if (this.#buffer.length < size) {
      const grown = Buffer.allocUnsafe(Math.max(size, this.#buffer.length * 2));
      if (grown.length > this.keep) return grown.subarray(0, size);
      this.#buffer = grown;
    }
    return this.#buffer.subarray(0, size);
  }
}
