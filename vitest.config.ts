// One config for every test: unit tests beside the code (src/), integration and browser tests in
// test/. Two forked workers at most: the PostgreSQL, argon2 and Chromium tests are memory-hungry.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['web/**', '**/node_modules/**'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
