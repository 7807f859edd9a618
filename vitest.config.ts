import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs pure code with no servers; `integration` gets a real Redis and
// Postgres from the test harness (see test/harness and docs/adr/0002-test-harness.md).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'test/*/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.int.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/*/src/**/*.int.test.ts', 'services/*/src/**/*.int.test.ts', 'test/*/src/**/*.int.test.ts'],
          exclude: ['**/node_modules/**', 'test/e2e/src/chaos/**'],
          globalSetup: ['test/harness/src/global-setup.ts'],
          pool: 'forks',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Long kill-and-restart suites (about a minute each on a quiet machine): their own
        // project so they run alone, after the integration tests, as the last step of `./dev test`.
        test: {
          name: 'chaos',
          include: ['test/e2e/src/chaos/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['test/harness/src/global-setup.ts'],
          pool: 'forks',
          testTimeout: 900_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
