import { Kysely, SqliteDialect, sql } from 'kysely'
import type BetterSqlite3 from 'better-sqlite3'
import { migrate as runMigrations, type MigrationEngine, type SchemaState } from '../migrator'
import { migrations as defaultMigrations, type Migration } from '../migrations'
import { SQLITE } from '../migrations/dialect'

// SQLite keeps the schema version in `pragma user_version`, beside the history table.

/** Reads the schema version and migration history without writing anything. */
export function readSchemaState(sqlite: BetterSqlite3.Database): SchemaState {
  const version = sqlite.pragma('user_version', { simple: true }) as number
  const hasTable = sqlite
    .prepare("select 1 from sqlite_master where type = 'table' and name = 'schema_migrations'")
    .get()
  const applied = hasTable
    ? (sqlite.prepare('select name from schema_migrations order by name').pluck().all() as string[])
    : []
  return { version, applied }
}

function sqliteEngine(sqlite: BetterSqlite3.Database): MigrationEngine {
  return {
    dialect: SQLITE,
    readState: async () => readSchemaState(sqlite),
    setVersion: async (trx, version) => void (await sql`pragma user_version = ${sql.raw(String(version))}`.execute(trx)),
  }
}

/**
 * Applies every pending migration up to `target`, all in one transaction: either the database
 * reaches the target version or it stays exactly as it was.
 */
export async function migrate(
  sqlite: BetterSqlite3.Database,
  target: number = defaultMigrations.length,
  list: readonly Migration[] = defaultMigrations,
): Promise<{ from: number; to: number }> {
  // Not destroyed afterwards: destroying would close the shared connection.
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) })
  return runMigrations(db, sqliteEngine(sqlite), target, list)
}
