import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Packs every publishable package the way `pnpm publish` would, installs the tarballs into scratch
// projects outside the workspace, and imports each layer alone, by `import` and by `require()`.

const root = resolve(import.meta.dirname, '../../..');
const layers = ['protocol', 'network', 'producer', 'consumer', 'balanced', 'tskafka', 'cli'] as const;
type Layer = (typeof layers)[number];
/** One export each layer must have once installed; layers still empty have none yet. */
const landmark: Partial<Record<Layer, string>> = {
  protocol: 'encodeRequest',
  network: 'Cluster',
  producer: 'Producer',
  consumer: 'SimpleConsumer',
  tskafka: 'KafkaClient',
};
const packageName = (layer: Layer) => (layer === 'tskafka' ? 'tskafka' : `@tskafka/${layer}`);

/** What each layer depends on inside the workspace, read from its package.json. */
function workspaceDeps(layer: Layer): Layer[] {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', layer, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return Object.keys(manifest.dependencies ?? {})
    .map((name) => (name === 'tskafka' ? 'tskafka' : name.replace('@tskafka/', '')))
    .filter((name): name is Layer => (layers as readonly string[]).includes(name));
}

function closure(layer: Layer): Layer[] {
  const seen = new Set<Layer>();
  const visit = (l: Layer) => {
    if (seen.has(l)) return;
    seen.add(l);
    for (const dep of workspaceDeps(l)) visit(dep);
  };
  visit(layer);
  return [...seen];
}

let work: string;
const tarballs = new Map<Layer, string>();

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'tskafka-pack-'));
  for (const layer of layers) {
    const out = join(work, 'tarballs', layer);
    execFileSync('pnpm', ['pack', '--pack-destination', out], {
      cwd: join(root, 'packages', layer),
      stdio: 'pipe',
    });
    const [file] = readdirSync(out);
    if (!file) throw new Error(`pnpm pack produced nothing for ${layer}`);
    tarballs.set(layer, join(out, file));
  }
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('published tarballs', () => {
  it.each(layers)('%s contains only built JS, types, README and package.json', (layer) => {
    const listing = execFileSync('tar', ['-tzf', tarballs.get(layer)!])
      .toString()
      .trim()
      .split('\n');
    expect(listing).toContain('package/package.json');
    expect(listing).toContain('package/README.md');
    expect(listing).toContain('package/dist/index.js');
    expect(listing).toContain('package/dist/index.d.ts');
    const unexpected = listing.filter(
      (entry) =>
        !/^package\/(package\.json|README\.md|CHANGELOG\.md)$/.test(entry) &&
        !/^package\/dist\/.+\.(js|d\.ts)$/.test(entry),
    );
    expect(unexpected).toEqual([]);
    expect(listing.some((entry) => entry.includes('/src/') || entry.endsWith('.test.js'))).toBe(false);
  });

  it.each(layers)(
    '%s installs alone outside the workspace and loads by import and require',
    (layer) => {
      const project = mkdtempSync(join(work, `scratch-${layer}-`));
      const needed = closure(layer);
      const dependencies = Object.fromEntries(needed.map((l) => [packageName(l), `file:${tarballs.get(l)}`]));
      writeFileSync(
        join(project, 'package.json'),
        JSON.stringify({ name: 'scratch', private: true, dependencies }),
      );
      // Bounded: a registry request that never answers must fail the test, not stall the run.
      execFileSync(
        'npm',
        [
          ...[
            'install',
            '--no-audit',
            '--no-fund',
            '--ignore-scripts',
            '--loglevel=error',
            '--prefer-offline',
          ],
          ...['--fetch-timeout=60000', '--fetch-retries=2'],
        ],
        { cwd: project, stdio: 'pipe', timeout: 240_000 },
      );
      const installed = readdirSync(join(project, 'node_modules', '@tskafka')).map((n) => `@tskafka/${n}`);
      if (existsSync(join(project, 'node_modules', 'tskafka'))) installed.push('tskafka');
      expect(installed.sort()).toEqual(needed.map(packageName).sort());

      const name = packageName(layer);
      const probe = `typeof m[${JSON.stringify(landmark[layer] ?? 'default')}]`;
      const expected = landmark[layer] === undefined ? 'undefined' : 'function';
      const viaImport = execFileSync(
        'node',
        [...['--input-type=module', '-e', `const m = await import('${name}'); console.log(${probe});`]],
        { cwd: project },
      );
      expect(viaImport.toString().trim()).toBe(expected);
      const viaRequire = execFileSync(
        'node',
        ['-e', `const m = require('${name}'); console.log(${probe});`],
        {
          cwd: project,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      expect(viaRequire.toString().trim()).toBe(expected);
    },
    300_000,
  );
});
