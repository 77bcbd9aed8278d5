import type BetterSqlite3 from 'better-sqlite3'
import type { Kysely } from 'kysely'
import { latestOperation } from '../audit/changes'
import type { Backend } from '../backend'
import type { Database } from '../schema'
import { loadDirectory } from './directory'
import { checkDatabase, getDatabaseInfo } from './maintenance'
import { searchAll } from './search'
import { sireneImport } from './sirene'

// What SQLite does its own way (FTS5, the directory's row arrays, prepared statements for the
// SIRENE import, file facts), behind the interface a team database implements too.

export function sqliteBackend(sqlite: BetterSqlite3.Database, file: string, db: Kysely<Database>): Backend {
  return {
    search: async (query, limit) => searchAll(sqlite, query, limit),
    directory: (options) => loadDirectory(sqlite, options),
    info: async (options) => getDatabaseInfo(sqlite, file, options),
    async check() {
      const report = checkDatabase(sqlite)
      const problems = [
        ...report.integrity.filter((entry) => entry !== 'ok').map((line) => `intégrité : ${line}`),
        ...report.foreignKeys.map((row) => `référence cassée : table ${row.table}, ligne ${row.rowid ?? '?'} → ${row.parent}`),
      ]
      return { ok: report.ok, problems }
    },
    sireneImport: (today, run) => sireneImport(sqlite, today, run),
    latestChange: () => latestOperation(db),
    committed: () => undefined,
    exclusive: (_holder, run) => run(),
  }
}
