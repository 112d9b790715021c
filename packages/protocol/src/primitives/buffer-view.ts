type ViewConstructor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => Buffer;

/**
 * The class of {@link bufferView}'s results (returned, not assigned, so it stays anonymous): a Uint8Array subclass whose prototype chain runs
 * through `Buffer.prototype`, as Node's own internal FastBuffer does, so its instances are
 * Buffers in every respect (`Buffer.isBuffer`, `instanceof Buffer`, every Buffer method,
 * `constructor === Buffer`, inspect and JSON output).
 *
 * Made by a function as an anonymous class on purpose: bundlers that keep names (esbuild's
 * `keepNames`) redefine the `name` of a named class, and V8 then stops inlining the construction
 * (five times slower).
 */
function anonymousViewClass() {
  return class extends Uint8Array {
    // a fixed-arity constructor (not the implicit `...args` one) keeps V8 on its fast path
    constructor(buffer: ArrayBufferLike, byteOffset: number, length: number) {
      // a SharedArrayBuffer is as good as an ArrayBuffer here; only the typings tell them apart
      super(buffer as ArrayBuffer, byteOffset, length);
    }
  };
}

const View = anonymousViewClass();
Object.setPrototypeOf(View.prototype, Buffer.prototype);
Object.defineProperty(View.prototype, 'constructor', { value: Buffer, writable: true, configurable: true });
const construct = View as unknown as ViewConstructor;

/**
 * A Buffer viewing `length` bytes of `buffer` from `byteOffset` (no copy, no bounds check beyond
 * the engine's own). About 10 ns cheaper than `Buffer#subarray`, whose argument clamping and
 * internal constructor cost more: it matters on the record decode path, which makes a view per
 * key, value and header value.
 * @example
 * ```ts
 * const whole = Buffer.from('hello world');
 * bufferView(whole.buffer, whole.byteOffset + 6, 5).toString(); // 'world'
 * ```
 */
export function bufferView(buffer: ArrayBufferLike, byteOffset: number, length: number): Buffer {
  return new construct(buffer, byteOffset, length);
}
