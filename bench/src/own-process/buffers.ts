/**
 * Structured clone turns a Buffer into a plain Uint8Array: this turns them back (in arrays and
 * plain objects, recursively, without copying), so a library in its own process gets the Buffers
 * it would get in the bench's.
 */
export function asBuffers(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return value.map(asBuffers);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asBuffers(v)]));
  return value;
}
