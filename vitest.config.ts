import { configDefaults, defineConfig } from 'vitest/config'

// The PostgreSQL suite (tests/helpers/postgres-global.ts provides the server): the tests of team
// mode itself, and the data-layer and API test files that run on both engines — once on SQLite in
// `unit`, once on PostgreSQL here, where testStore() and startTestHost() give a PostgreSQL database.
// It grows as the data layer learns PostgreSQL (issue 15), until the whole unit suite runs on both.
const POSTGRES_ONLY = ['db/postgres/**/*.test.ts']
const BOTH_ENGINES: string[] = [
  'db/actors/records.test.ts',
  'db/actors/journal.test.ts',
  'db/groups/groups.test.ts',
  'db/programmes/editions.test.ts',
  'db/programmes/matching.test.ts',
  'db/programmes/placements.test.ts',
  'main/api/programmes-files.test.ts',
  'db/copil/copil.test.ts',
  'main/api/calendar.test.ts',
  'main/api/layouts.test.ts',
  'main/api/dispatch.test.ts',
  'db/indicators/compute.test.ts',
  'main/indicators/funder-report.test.ts',
  'db/programmes/timeline.test.ts',
]
const POSTGRES_READY = [...POSTGRES_ONLY, ...BOTH_ENGINES]

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['db/**/*.test.ts', 'main/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...POSTGRES_ONLY],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'postgres',
          environment: 'node',
          include: POSTGRES_READY,
          globalSetup: ['tests/helpers/postgres-global.ts'],
          env: { VITAWIN_TEST_ENGINE: 'postgres' },
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
