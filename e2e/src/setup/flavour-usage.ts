import { readFileSync } from 'node:fs';
import { FLAVOURS, type FlavourName } from './flavours.js';

const ALL = Object.keys(FLAVOURS) as FlavourName[];

/**
 * Which flavours a set of source files uses, read from their `flavours(...)` calls: a call naming
 * flavours uses those, a call without names uses all of them, and so does any direct use of the
 * provided clusters. Errs towards starting more: an unstarted flavour fails its test loudly.
 */
export function flavoursUsedBy(sources: readonly string[]): FlavourName[] {
  const used = new Set<FlavourName>();
  for (const source of sources) {
    if (source.includes("inject('kafkaClusters')")) return ALL;
    for (const call of source.matchAll(/\bflavours\(([^)]*)\)/g)) {
      const names = [...(call[1] ?? '').matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1] as FlavourName);
      if (names.length === 0) return ALL;
      for (const name of names) if (ALL.includes(name)) used.add(name);
    }
  }
  return ALL.filter((name) => used.has(name));
}

/**
 * The vitest command-line filters of this run: positional arguments that match at least one test
 * file (so option values such as `--reporter verbose` are not mistaken for filters).
 */
export function cliFilters(argv: readonly string[], testFiles: readonly string[]): string[] {
  const run = argv.findIndex((arg) => arg === 'run' || arg === 'watch' || arg === 'dev');
  return argv
    .slice(run < 0 ? 2 : run + 1)
    .filter((arg) => !arg.startsWith('-') && testFiles.some((file) => file.includes(arg)));
}

/** Reads the given files, returning their text (unreadable files count as empty). */
export function readSources(files: readonly string[]): string[] {
  return files.map((file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  });
}
