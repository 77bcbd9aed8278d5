import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { BOTH_ENGINES, POSTGRES_ONLY, SQLITE_ONLY } from '../../vitest.config'

// Issue 15: the data-layer and API suite runs on SQLite and on PostgreSQL, and no test is left off
// either without a written reason. Every test file that opens a database is on the `postgres`
// project (vitest.config.ts: BOTH_ENGINES or POSTGRES_ONLY), or named in SQLITE_ONLY with why.

const root = path.resolve(__dirname, '../..')

/** What opens a database in a test: a store or a host of the test helpers or the app, the demo generator, the bundled CLI. */
const OPENS_A_DATABASE =
  /\b(tempStore|testStore|storeWithActors|databaseWith|demoTestStore|demoDatabase|startHost|startTestHost|startDemoTestHost|openStore|createApiHost|postgresDatabase|engineDb|generateDemo|connect)\(|new BetterSqlite3\(|path\.resolve\([^)]*cli\.js/

function testFiles(): string[] {
  return ['db', 'main', 'tests/unit']
    .flatMap((folder) => (fs.readdirSync(path.join(root, folder), { recursive: true }) as string[]).map((file) => path.posix.join(folder, file.split(path.sep).join('/'))))
    .filter((file) => file.endsWith('.test.ts'))
    .sort()
}

/** Whether a file matches one of the config's patterns (`**` any folders, `*` any name part). */
function matches(pattern: string, file: string): boolean {
  const source = pattern
    .split(/(\*\*\/|\*)/)
    .map((part) => (part === '**/' ? '(?:.*/)?' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}$`).test(file)
}

const onPostgres = (file: string) => [...POSTGRES_ONLY, ...BOTH_ENGINES].some((pattern) => matches(pattern, file))

describe('the engines each test file runs on', () => {
  it('include PostgreSQL for every test file that opens a database, unless SQLite alone is explained', () => {
    const opening = testFiles().filter((file) => OPENS_A_DATABASE.test(fs.readFileSync(path.join(root, file), 'utf8')))
    expect(opening.length).toBeGreaterThan(50)
    const unexplained = opening.filter((file) => !onPostgres(file) && !Object.keys(SQLITE_ONLY).some((pattern) => matches(pattern, file)))
    expect(unexplained).toEqual([])
  })

  it('are told for files that exist, SQLite alone only for files not on PostgreSQL, each with its reason', () => {
    const files = testFiles()
    for (const pattern of [...POSTGRES_ONLY, ...BOTH_ENGINES]) expect(files.some((file) => matches(pattern, file)), pattern).toBe(true)
    for (const [pattern, reason] of Object.entries(SQLITE_ONLY)) {
      const named = files.filter((file) => matches(pattern, file))
      expect(named.length, pattern).toBeGreaterThan(0)
      expect(named.filter(onPostgres), pattern).toEqual([])
      expect(reason.length, pattern).toBeGreaterThan(80)
    }
  })

  it('read the config’s patterns as vitest does', () => {
    expect(matches('db/postgres/**/*.test.ts', 'db/postgres/audit.test.ts')).toBe(true)
    expect(matches('db/transfer/**/*.test.ts', 'db/transfer/deep/copy.test.ts')).toBe(true)
    expect(matches('db/migrations/*.test.ts', 'db/migrations/schema.test.ts')).toBe(true)
    expect(matches('db/migrations/*.test.ts', 'db/migrations/old/schema.test.ts')).toBe(false)
    expect(matches('db/versions.test.ts', 'db/versionsXtest.ts')).toBe(false)
  })
})
