import { describe, expect, it } from 'vitest';
import { cliFilters, flavoursUsedBy } from './flavour-usage.js';

describe('flavoursUsedBy', () => {
  it('collects the names given to flavours(...) across files, in table order', () => {
    const a = "describe.each(flavours('kafka4-single'))('x', () => {});";
    const b = 'describe.each(flavours("kafka3.9-single", "kafka4-single"))';
    expect(flavoursUsedBy([a, b])).toEqual(['kafka3.9-single', 'kafka4-single']);
  });

  it('takes every flavour for a call without names or a direct inject', () => {
    expect(flavoursUsedBy(["flavours('kafka4-single')", 'flavours()'])).toHaveLength(4);
    expect(flavoursUsedBy(["inject('kafkaClusters')"])).toHaveLength(4);
  });

  it('starts nothing for files that use no flavour', () => {
    expect(flavoursUsedBy(["import { startKafka } from '@tskafka/harness';"])).toEqual([]);
  });
});

describe('cliFilters', () => {
  const files = ['/e2e/src/network/connection.test.ts', '/e2e/src/harness/ssl.test.ts'];

  it('keeps positional arguments that match a test file, not option values', () => {
    const argv = ['node', 'vitest.mjs', 'run', 'src/harness/ssl', '--reporter', 'verbose', '-t', 'kill'];
    expect(cliFilters(argv, files)).toEqual(['src/harness/ssl']);
  });

  it('returns no filters for a whole run', () => {
    expect(cliFilters(['node', 'vitest.mjs', 'run'], files)).toEqual([]);
  });
});
