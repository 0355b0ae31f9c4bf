import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // PGlite instances are large; a few forks keep memory and start-up in check on 2 cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
