import { KafkaEncodeError } from '../../errors/kafka-error.js';

/**
 * A version range as Kafka's specs write it: `'3+'` (3 and later), `'0-2'` (inclusive), `'5'` (one
 * version) or `'none'`.
 */
export type VersionRange = string;

/** A parsed {@link VersionRange}: inclusive bounds, `hi` is `Infinity` for open ranges. */
export interface Bounds {
  readonly lo: number;
  readonly hi: number;
}

const NONE: Bounds = { lo: 1, hi: 0 };

/** Parses a {@link VersionRange}; throws a {@link KafkaEncodeError} for malformed text. */
export function parseRange(range: VersionRange): Bounds {
  if (range === 'none') return NONE;
  const m = /^(\d+)(\+|-(\d+))?$/.exec(range);
  if (m === null) throw new KafkaEncodeError(`malformed version range '${range}'`);
  const lo = Number(m[1]);
  if (m[2] === undefined) return { lo, hi: lo };
  return { lo, hi: m[2] === '+' ? Number.POSITIVE_INFINITY : Number(m[3]) };
}

/** Whether `version` lies in `bounds`. */
export function inRange(bounds: Bounds, version: number): boolean {
  return version >= bounds.lo && version <= bounds.hi;
}
