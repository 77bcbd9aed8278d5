import { configDefaults, defineConfig } from 'vitest/config'

// The PostgreSQL suite (tests/helpers/postgres-global.ts provides the server): the tests of team
// mode itself, and the data-layer and API test files that run on both engines — once on SQLite in
// `unit`, once on PostgreSQL here, where testStore() and startTestHost() give a PostgreSQL database.
// It grows as the data layer learns PostgreSQL (issue 15), until the whole unit suite runs on both.
// (db/audit/trail-engines and db/privacy/privacy-engines run each engine themselves, with describe.each.)
const POSTGRES_ONLY = [
  'db/postgres/**/*.test.ts',
  'db/audit/trail-engines.test.ts',
  'db/privacy/privacy-engines.test.ts',
  // Team mode's transfer: between the two engines, so on the server's run only.
  'db/transfer/**/*.test.ts',
  'tests/unit/cli-team.test.ts',
  'tests/unit/crash-safety-team.test.ts',
  // Paramètres → Base de données and a server going away: against the server itself.
  'main/api/database-team.test.ts',
  // Backups of a team database and the move of a laptop's data into one, from the app.
  'main/api/team-data-moves.test.ts',
]
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
  'main/api/changes.test.ts',
  'db/indicators/compute.test.ts',
  'main/indicators/funder-report.test.ts',
  'db/programmes/timeline.test.ts',
  'db/search/search.test.ts',
  'db/search/search-window.test.ts',
  'main/api/actors-files.test.ts',
  'db/actors/duplicates.test.ts',
  'main/actors/sirene-import.test.ts',
  'db/actors/import/import.test.ts',
  'main/api/actors-import.test.ts',
]
// Not on PostgreSQL yet, and why (the files without database access — db/rules, main/files,
// audit-labels, files, the shell and renderer tests — need no second run):
// - db/sqlite/**: the SQLite engine's own (pragmas, TEMP audit triggers, the directory's
//   statements); PostgreSQL's twins are db/postgres/*.test.ts.
// - db/migrations/*.test.ts: SQLite's migrations and schema snapshot (db/postgres/migrations.test.ts
//   runs them on PostgreSQL).
// - main/api/data-safety.test.ts, database.test.ts: file backups, their rotation, restore by file
//   swap and the demo beside the real file are SQLite-only by nature (a team database's backup is a
//   SQLite file written by the transfer, tested in tests/unit/cli-team.test.ts and db/transfer);
//   their other tests still arrange and inspect through the SQLite handle.
// - main/api/privacy.test.ts: arranges and inspects through the SQLite handle (erasure and purge on
//   a team database: db/privacy/privacy-engines.test.ts and tests/unit/cli-team.test.ts).
// - main/copil/pack.test.ts: its dataset is the demo generator, which writes SQLite only.
// - main/web/server.test.ts: browser mode's server on a file.
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
          // One Chromium at a time on a 2-core machine (`npm test` runs the other projects beside it).
          fileParallelism: false,
          // The files share one process and its modules (each file's import of the API and the
          // helpers cost about 2 s) and one Chromium (tests/helpers/browser.ts); each-file.ts
          // registers the helpers' per-test clean-up in every file.
          isolate: false,
          setupFiles: ['tests/helpers/each-file.ts'],
          // Team mode in Chromium (tests/browser/team.test.ts) needs a PostgreSQL server, as the `postgres` project.
          globalSetup: ['tests/helpers/postgres-global.ts'],
        },
      },
    ],
  },
})
