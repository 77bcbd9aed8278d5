import { Kysely, sql } from 'kysely'
import type pg from 'pg'
import { AppError } from '../errors'
import { migrate as runMigrations, type MigrationEngine, type SchemaState } from '../migrator'
import { migrations as defaultMigrations, type Migration } from '../migrations'
import { POSTGRES } from '../migrations/dialect'
import { PostgresMigrationDialect } from './migration-compiler'
import { installAuditTriggers } from './audit'

// PostgreSQL keeps no version apart from the history: the version is the number of migrations
// applied. Two instances starting after an upgrade take turns (a transaction-scoped advisory
// lock), and DDL being transactional, a failed migration leaves nothing behind.

/**
 * Only the schema's owner migrates (README « Mode équipe »): the application's account has no
 * right to change the schema, and is told so in French before anything is tried.
 */
export async function assertOwner(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ user: string; owner: boolean | null; create: boolean }>`select current_user as "user",
    (select pg_has_role(current_user, n.nspowner, 'USAGE') from pg_namespace n where n.nspname = current_schema()) as owner,
    has_database_privilege(current_database(), 'CREATE') as create`.execute(db)
  const row = rows[0]!
  if (!row.owner || !row.create) {
    throw new AppError(
      'database_forbidden',
      `La mise à jour du schéma de la base d'équipe doit être faite avec le compte propriétaire de la base : le compte « ${row.user} » est celui de l'application, sans droit sur le schéma. Rien n'a été modifié (voir « Mode équipe » dans le guide).`,
    )
  }
}

export const postgresEngine: MigrationEngine = {
  dialect: POSTGRES,
  async readState(db): Promise<SchemaState> {
    const { rows } = await sql<{ present: boolean }>`select to_regclass('schema_migrations') is not null as present`.execute(db)
    if (!rows[0]?.present) return { version: 0, applied: [] }
    const applied = (await db.selectFrom('schema_migrations').select('name').orderBy('name').execute()).map((row) => row.name as string)
    return { version: applied.length, applied }
  },
  async lock(trx) {
    await assertOwner(trx)
    await sql`select pg_advisory_xact_lock(hashtext('vitawin.migrate'))`.execute(trx)
    // What the migrations write (seeds, backfills) is the schema's, not a change to record.
    await sql`select set_config('vitawin.audit', '{"enabled":false}', true)`.execute(trx)
  },
  afterMigrations: (trx) => installAuditTriggers(trx).then(() => undefined),
}

/** Applies every pending migration up to `target` on the pool's database, in one transaction. */
export async function migratePostgres(
  pool: pg.Pool,
  target: number = defaultMigrations.length,
  list: readonly Migration[] = defaultMigrations,
): Promise<{ from: number; to: number }> {
  // Not destroyed afterwards: that would end the caller's pool.
  const db = new Kysely<any>({ dialect: new PostgresMigrationDialect({ pool }) })
  return runMigrations(db, postgresEngine, target, list)
}
