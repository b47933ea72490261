import { defineConfig } from 'vitest/config';

/** When set (by `.ci/run`), vitest also writes a JSON report there, from which CI prints its tally. */
const jsonReport = process.env['PUMPLAB_VITEST_JSON'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real sockets and real key generation: generous per-test time, no timed assertions.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    ...(jsonReport ? { outputFile: { json: jsonReport } } : {}),
  },
});
