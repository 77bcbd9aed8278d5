import { configDefaults, defineConfig } from 'vitest/config'

// The PostgreSQL suite (tests/helpers/postgres-global.ts provides the server): the tests of team
// mode itself, and the data-layer and API test files that run on both engines — once on SQLite in
// `unit`, once on PostgreSQL here, where testStore() and startTestHost() give a PostgreSQL database.
// It grows as the data layer learns PostgreSQL (issue 15), until the whole unit suite runs on both.
// (db/audit/trail-engines and db/privacy/privacy-engines run each engine themselves, with describe.each.)
export const POSTGRES_ONLY = [
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
export const BOTH_ENGINES: string[] = [
  'tests/unit/directory-picks.test.ts',
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
  'main/api/request-keys.test.ts',
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
  'db/versions.test.ts',
  'main/copil/pack.test.ts',
  'main/api/privacy.test.ts',
  'main/api/host-engines.test.ts',
  'db/audit/trail.test.ts',
  'db/audit/undo.test.ts',
  'db/rules/import-words.test.ts',
  'tests/unit/directory-columns.test.ts',
  'tests/unit/written-values.test.ts',
  'main/api/reads.test.ts',
  'main/web/server.test.ts',
]
/**
 * The test files that open a database and run on SQLite only, each with why; the files without
 * database access (db/rules, main/files, audit-labels, the shell, renderer and packaging tests) need
 * no second run. tests/unit/engines.test.ts checks that every test file opening a database is on
 * PostgreSQL too, or named here.
 */
export const SQLITE_ONLY: Record<string, string> = {
  'db/sqlite/**/*.test.ts':
    "The SQLite engine's own: pragmas, the open sequence of a file, TEMP audit triggers, the directory's statements and windows. PostgreSQL's twins are db/postgres/*.test.ts.",
  'db/migrations/*.test.ts':
    "SQLite's migrations step by step from files of each old version, and SQLite's committed schema snapshot; db/postgres/migrations.test.ts runs the same list on PostgreSQL.",
  'db/rules/text.test.ts':
    "The app's folding of names against FTS5's own tokenizer (a SQLite in memory); PostgreSQL's words are checked by the search tests (db/search), on both engines.",
  'main/api/data-safety.test.ts':
    "The file by nature: backups before an import or a merge, at start and before a migration, their rotation, restore by file swap, a damaged file at start. On a team database nothing is copied before an import (one transaction, undone from the audit trail; the server's backups are IT's: DESIGN.md §5.4); its backups are the transfer's verified copies, from the app (main/api/team-data-moves.test.ts) and the CLI (tests/unit/cli-team.test.ts, db/transfer), and restore from the app is refused there in French. The engine-neutral tests are main/api/host-engines.test.ts.",
  'main/api/database.test.ts':
    "The demo in a file beside the real one (opened, closed, reopened at start, deleted, damaged) and the generator's refusal of a used file. A team database's demo is moved in by the transfer (tests/unit/cli-team.test.ts); the API refuses the demo in French there (db/postgres/backend.test.ts); a new database's welcome is in main/api/host-engines.test.ts.",
  'main/api/long-operations.test.ts':
    "The host's own write lock on a local file, caught at the import's first step, its backup (which a team database's import has not). Across laptops on a team database: db/postgres/locks.test.ts.",
  'tests/unit/cli.test.ts':
    'The bundled CLI on a file: info of a new file, check of a broken reference and of a damaged file, backup --out, the demo refused in a used file. On a team database: tests/unit/cli-team.test.ts.',
  'tests/unit/cli-import.test.ts':
    "The bundled CLI's import options (preview, hidden rows, a column and a value mapped by hand, import undo) on a file; the import itself runs on both engines (db/actors/import, main/api/actors-import.test.ts), and through the CLI into a team database in tests/unit/cli-team.test.ts.",
  'tests/unit/cli-programmes.test.ts':
    "The bundled CLI's `export programme` on the demo's file; every export on a team database through the CLI: tests/unit/cli-team.test.ts.",
  'tests/unit/data-safety-cli.test.ts':
    "The bundled CLI's file backups (folder, list, restore after a safety copy, before a migration); its purge and person commands on a team database: tests/unit/cli-team.test.ts.",
  'tests/unit/crash-safety.test.ts':
    'An importer killed at random moments, and a full disk, against a SQLite file and its journal. On a team database: the spreadsheet importer killed at random moments (tests/unit/crash-safety-team.test.ts) and a SIRENE import killed while it writes (tests/unit/cli-team.test.ts).',
}
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
