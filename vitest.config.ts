import { defineConfig } from 'vitest/config';

/**
 * Unit tests (`*.test.ts`) run alone; integration tests (`*.int.test.ts`) run once per database engine,
 * chosen with LOKET_TEST_ENGINE=pglite|postgres.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'int',
          include: ['packages/*/src/**/*.int.test.ts'],
          testTimeout: 60_000,
          // A shared CI machine can starve a test; one retry there, none locally, so flakiness still shows.
          retry: process.env.CI ? 1 : 0,
          hookTimeout: 120_000,
          // Each file makes its own database; a few at a time keeps two cores busy without thrashing.
          maxWorkers: 2,
        },
      },
    ],
  },
});
