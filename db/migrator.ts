import type { Kysely } from 'kysely'
import { AppError } from './errors'
import { migrations as defaultMigrations, type Migration } from './migrations'
import type { MigrationDialect } from './migrations/dialect'

// The migrations' runner, the same on both engines: one list, one history (schema_migrations),
// every pending step in one transaction. What an engine does its own way (where the version is
// kept, how two instances are kept from migrating at once) is its MigrationEngine.

export interface SchemaState {
  version: number
  applied: string[]
}

export interface MigrationEngine {
  dialect: MigrationDialect
  /** The schema version and history, read without writing anything. */
  readState(db: Kysely<any>): Promise<SchemaState>
  /** First thing inside the migration transaction. */
  lock?(trx: Kysely<any>): Promise<void>
  /** Last thing inside the migration transaction, once the history holds `version` steps. */
  setVersion?(trx: Kysely<any>, version: number): Promise<void>
  /** After the last step, in the same transaction: what the engine derives from the schema (PostgreSQL's audit triggers). */
  afterMigrations?(trx: Kysely<any>): Promise<void>
}

/** How the messages name the database: a local file, or a team database (feminine in French). */
export const DATABASE_NOUN = {
  file: { the: 'Ce fichier de données', made: 'créé', kept: "Il n'a pas été modifié" },
  team: { the: "Cette base d'équipe", made: 'créée', kept: "Elle n'a pas été modifiée" },
} as const

/** Refuses a database made by a newer app, or whose history is not this app's. */
export function assertCompatible(state: SchemaState, list: readonly Migration[] = defaultMigrations, noun: (typeof DATABASE_NOUN)[keyof typeof DATABASE_NOUN] = DATABASE_NOUN.file): void {
  if (state.version > list.length) {
    throw new AppError(
      'database_too_new',
      `${noun.the} a été ${noun.made} par une version plus récente de Vitawin Back-office (schéma ${state.version}, ` +
        `cette version connaît le schéma ${list.length}). ${noun.kept}. Installez la dernière version de l'application pour l'ouvrir.`,
      { fileVersion: state.version, appVersion: list.length },
    )
  }
  const expected = list.slice(0, state.version).map((migration) => migration.name)
  const matches =
    state.applied.length === expected.length && state.applied.every((name, index) => name === expected[index])
  if (!matches) {
    throw new AppError(
      'database_history_mismatch',
      `${noun.the} n'a pas été ${noun.made} par Vitawin Back-office, ou son historique ne correspond pas à cette version. ${noun.kept}.`,
      { applied: state.applied, expected },
    )
  }
}

/**
 * Applies every pending migration up to `target`, all in one transaction: either the database
 * reaches the target version or it stays exactly as it was. `db` sees snake_case SQL names and no
 * plugins: migrations are frozen in time.
 */
export async function migrate(
  db: Kysely<any>,
  engine: MigrationEngine,
  target: number = defaultMigrations.length,
  list: readonly Migration[] = defaultMigrations,
): Promise<{ from: number; to: number }> {
  const checked = (state: SchemaState) => {
    assertCompatible(state, list)
    if (target > list.length || target < state.version) throw new AppError('invalid_input', `Version de schéma cible invalide : ${target}.`)
    return state
  }
  const before = checked(await engine.readState(db))
  if (before.version === target) return { from: before.version, to: target }
  return db.transaction().execute(async (trx) => {
    await engine.lock?.(trx)
    // Read again under the lock: another instance may have migrated in between.
    const state = checked(await engine.readState(trx))
    await trx.schema
      .createTable('schema_migrations')
      .ifNotExists()
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('applied_at', 'text', (c) => c.notNull())
      .execute()
    for (const migration of list.slice(state.version, target)) {
      await migration.up(trx, engine.dialect)
      await trx.insertInto('schema_migrations').values({ name: migration.name, applied_at: new Date().toISOString() }).execute()
    }
    await engine.setVersion?.(trx, target)
    await engine.afterMigrations?.(trx)
    return { from: state.version, to: target }
  })
}
