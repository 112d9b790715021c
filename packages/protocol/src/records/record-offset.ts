/**
 * BigInts of the offset deltas most batches hold, made once: a BigInt is a heap object, so each
 * record then allocates one (its offset) instead of two.
 */
const SMALL_DELTAS: readonly bigint[] = Array.from({ length: 4096 }, (_, i) => BigInt(i));

/**
 * The absolute offset of a record: its batch's base offset plus its offset delta.
 * @example
 * ```ts
 * recordOffset(1000n, 3); // 1003n
 * ```
 */
export function recordOffset(baseOffset: bigint, offsetDelta: number): bigint {
  return baseOffset + (SMALL_DELTAS[offsetDelta] ?? BigInt(offsetDelta));
}
