import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // Two test files at once: much of the suite waits on sockets and politeness delays, and
    // vitest's default on a two-core machine (cores − 1) would run the files one by one.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
