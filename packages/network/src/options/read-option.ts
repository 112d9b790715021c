import { ConfigurationError } from '../errors.js';

/**
 * Readers of one option from a user's options object, shared by every layer that validates its
 * options once at construction: each returns the value or the fallback, or throws
 * {@link ConfigurationError} naming the option and saying what was expected.
 */

/** An integer option `>= min` (or `-1` meaning "no limit" when `allowForever`). */
export function intOption(
  options: object,
  name: string,
  fallback: number,
  min: number,
  allowForever = false,
): number {
  const value = (options as Record<string, unknown>)[name] ?? fallback;
  const ok = Number.isSafeInteger(value) && ((value as number) >= min || (allowForever && value === -1));
  if (!ok) {
    const forever = allowForever ? ' (or -1 for no limit)' : '';
    throw new ConfigurationError(name, `expected an integer >= ${min}${forever}, got ${String(value)}`);
  }
  return value as number;
}

/** A boolean option. */
export function boolOption(options: object, name: string, fallback: boolean): boolean {
  const value = (options as Record<string, unknown>)[name] ?? fallback;
  if (typeof value !== 'boolean')
    throw new ConfigurationError(name, `expected a boolean, got ${String(value)}`);
  return value;
}

/** An option that must be one of `allowed`; the first one is the default. */
export function oneOfOption<T extends string>(options: object, name: string, allowed: readonly T[]): T {
  const value = (options as Record<string, unknown>)[name] ?? allowed[0];
  if (!allowed.includes(value as T))
    throw new ConfigurationError(name, `expected one of ${allowed.join(', ')}, got ${String(value)}`);
  return value as T;
}
