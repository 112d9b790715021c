import { defineConfig } from 'vitest/config';

// The global setup starts every broker flavour once per run (see harness README, "e2e tests").
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/setup/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    // Most e2e time is spent waiting on brokers and JVM tools, so more workers than cores pays off.
    maxWorkers: 3,
  },
});
