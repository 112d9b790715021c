import { createRequire } from 'node:module';
import { KafkaCodecUnavailableError } from './errors.js';

const requireFromHere = createRequire(import.meta.url);

/**
 * Loads an optional CommonJS codec package on first use and remembers the outcome, so a missing
 * package costs nothing until a batch actually uses that codec, and then fails with a typed error
 * naming the package instead of crashing at import time.
 * @param codecName codec name for the error message
 * @param packageName npm package to require
 * @param candidates module specifiers tried in order (e.g. native build first, pure JS second)
 * @returns a function returning the loaded module (cached) or throwing KafkaCodecUnavailableError
 */
export function lazyOptionalModule<T>(
  codecName: string,
  packageName: string,
  candidates: readonly string[],
): () => T {
  let loaded: T | undefined;
  let failure: KafkaCodecUnavailableError | undefined;
  return () => {
    if (loaded !== undefined) return loaded;
    if (failure !== undefined) throw failure;
    const causes: unknown[] = [];
    for (const specifier of candidates) {
      try {
        loaded = requireFromHere(specifier) as T;
        return loaded;
      } catch (err) {
        causes.push(err);
      }
    }
    failure = new KafkaCodecUnavailableError(
      codecName,
      packageName,
      causes.length === 1 ? causes[0] : causes,
    );
    throw failure;
  };
}
