import { configDefaults, defineConfig } from 'vitest/config'

// The PostgreSQL suite: files that run against the test server (tests/helpers/postgres-global.ts
// provides it). It grows as the data layer learns PostgreSQL (issue 15), until the whole unit
// suite runs on both engines.
const POSTGRES_READY = ['db/postgres/**/*.test.ts', 'db/transfer/**/*.test.ts', 'tests/unit/cli-team.test.ts']

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['db/**/*.test.ts', 'main/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...POSTGRES_READY],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'postgres',
          environment: 'node',
          include: POSTGRES_READY,
          globalSetup: ['tests/helpers/postgres-global.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          environment: 'node',
          include: ['tests/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          expect: { poll: { timeout: 8_000 } },
          // One Chromium at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
})
