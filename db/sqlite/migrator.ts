import { Kysely, SqliteDialect, sql } from 'kysely'
import type BetterSqlite3 from 'better-sqlite3'
import { AppError } from '../errors'
import { migrations as defaultMigrations, type Migration } from '../migrations'

export interface SchemaState {
  version: number
  applied: string[]
}

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

/** Refuses a database made by a newer app, or whose history is not this app's. */
export function assertCompatible(state: SchemaState, list: readonly Migration[] = defaultMigrations): void {
  if (state.version > list.length) {
    throw new AppError(
      'database_too_new',
      `Ce fichier de données a été créé par une version plus récente de Vitawin Back-office (schéma ${state.version}, ` +
        `cette version connaît le schéma ${list.length}). Il n'a pas été modifié. Installez la dernière version de l'application pour l'ouvrir.`,
      { fileVersion: state.version, appVersion: list.length },
    )
  }
  const expected = list.slice(0, state.version).map((migration) => migration.name)
  const matches =
    state.applied.length === expected.length && state.applied.every((name, index) => name === expected[index])
  if (!matches) {
    throw new AppError(
      'database_history_mismatch',
      "Ce fichier de données n'a pas été créé par Vitawin Back-office, ou son historique ne correspond pas à cette version. Il n'a pas été modifié.",
      { applied: state.applied, expected },
    )
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
  const state = readSchemaState(sqlite)
  assertCompatible(state, list)
  if (target > list.length || target < state.version) {
    throw new AppError('invalid_input', `Version de schéma cible invalide : ${target}.`)
  }
  if (state.version === target) return { from: state.version, to: target }

  // Migrations are frozen in time: they see snake_case SQL names, no plugins.
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) })
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable('schema_migrations')
      .ifNotExists()
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('applied_at', 'text', (c) => c.notNull())
      .execute()
    for (const migration of list.slice(state.version, target)) {
      await migration.up(trx)
      await trx
        .insertInto('schema_migrations')
        .values({ name: migration.name, applied_at: new Date().toISOString() })
        .execute()
    }
    await sql`pragma user_version = ${sql.raw(String(target))}`.execute(trx)
  })
  // Not destroyed: destroying would close the shared connection.
  return { from: state.version, to: target }
}
