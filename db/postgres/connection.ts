import { CamelCasePlugin, Kysely, sql } from 'kysely'
import pg from 'pg'
import type { PostgresStore } from '../backend'
import { AppError } from '../errors'
import { migrations } from '../migrations'
import { assertCompatible, DATABASE_NOUN } from '../migrator'
import type { Database } from '../schema'
import { connectionError } from './errors'
import { migratePostgres, postgresEngine } from './migrator'
import { installAuditTriggers, missingAuditTriggers } from './audit'
import { postgresBackend } from './backend'
import { PostgresChangeListener } from './changes'
import { AuditingPostgresDialect } from './dialect'
import { describeTarget, poolConfig, type PostgresTarget } from './target'

// Opening a team database: reach the server (TLS as the target's sslmode says, libpq's way),
// check what it is (PostgreSQL 15 or later, UTF8, a schema this version knows), migrate when
// asked to, and hand out a Kysely over a pool.

export const MINIMUM_SERVER_VERSION = 150000

export type { PostgresStore } from '../backend'

export interface PostgresOpenOptions {
  /** Apply pending migrations (needs the schema owner's rights); otherwise a pending migration refuses the open. */
  migrate?: boolean
}

async function reach(target: PostgresTarget): Promise<pg.Pool> {
  const attempt = async (withoutTls: boolean) => {
    const pool = new pg.Pool(poolConfig(target, { withoutTls }))
    // An idle client losing its server emits 'error' on the pool: without a listener, the process would stop.
    pool.on('error', () => undefined)
    // The same for a client in use when its server goes: the query under way fails with the error already.
    pool.on('connect', (client) => client.on('error', () => undefined))
    try {
      const client = await pool.connect()
      client.release()
      return pool
    } catch (error) {
      await pool.end().catch(() => undefined)
      throw error
    }
  }
  try {
    return await attempt(false)
  } catch (error) {
    // prefer: TLS when the server offers it, a plain connection otherwise.
    if (target.sslmode === 'prefer' && /does not support SSL/i.test(String((error as Error)?.message))) {
      try {
        return await attempt(true)
      } catch (retry) {
        throw connectionError(retry, target)
      }
    }
    throw connectionError(error, target)
  }
}

/** A database without Vitawin's history must hold nothing else: the app never writes into another application's tables. */
async function assertNothingElse(db: Kysely<Database>, target: PostgresTarget): Promise<void> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p', 'v') and n.nspname = current_schema()`.execute(db)
  if (rows[0]!.n > 0) {
    throw new AppError(
      'database_history_mismatch',
      `La base « ${target.database} » contient déjà des tables qui ne sont pas celles de Vitawin Back-office : ce n'est pas une base d'équipe Vitawin. Elle n'a pas été modifiée.`,
    )
  }
}

export async function openPostgresStore(target: PostgresTarget, options: PostgresOpenOptions = {}): Promise<PostgresStore> {
  const pool = await reach(target)
  const db = new Kysely<Database>({ dialect: new AuditingPostgresDialect({ pool }), plugins: [new CamelCasePlugin()] })
  try {
    const { rows } = await sql<{ version: number; encoding: string; encrypted: boolean }>`select current_setting('server_version_num')::int as version,
      current_setting('server_encoding') as encoding, coalesce((select ssl from pg_stat_ssl where pid = pg_backend_pid()), false) as encrypted`.execute(db)
    const server = rows[0]!
    if (server.version < MINIMUM_SERVER_VERSION) {
      throw new AppError('server_unsupported', `Le serveur de la base d'équipe est en PostgreSQL ${Math.floor(server.version / 10000)} : Vitawin Back-office demande PostgreSQL 15 ou plus récent.`)
    }
    if (server.encoding !== 'UTF8') {
      throw new AppError('server_unsupported', `La base d'équipe est encodée en ${server.encoding} : elle doit l'être en UTF8 (ENCODING 'UTF8' à sa création).`)
    }
    const state = await postgresEngine.readState(db.withoutPlugins())
    assertCompatible(state, migrations, DATABASE_NOUN.team)
    if (state.version === 0) await assertNothingElse(db, target)
    if (state.version < migrations.length) {
      if (!options.migrate) {
        throw new AppError(
          'database_forbidden',
          state.version === 0
            ? `La base d'équipe « ${target.database} » est vide : son schéma n'a pas encore été créé. Il doit l'être avec le compte propriétaire de la base (voir « Mode équipe » dans le guide).`
            : `La base d'équipe est au schéma ${state.version} ; cette version attend le schéma ${migrations.length}. La mise à jour doit être faite avec le compte propriétaire.`,
        )
      }
      await migratePostgres(pool)
    }
    // Every change is recorded whatever client made it: the triggers must be there before anything is written.
    const missing = await missingAuditTriggers(db.withoutPlugins())
    if (missing.length > 0) {
      if (!options.migrate) {
        throw new AppError(
          'database_forbidden',
          `Le journal des modifications de la base d'équipe est incomplet (tables ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? '…' : ''}). La mise à jour doit être faite avec le compte propriétaire.`,
        )
      }
      await db.withoutPlugins().transaction().execute((trx) => installAuditTriggers(trx))
    }
    const location = describeTarget(target)
    const changes = new PostgresChangeListener(pool.options, db)
    return {
      kind: 'postgres',
      db,
      pool,
      location,
      backend: postgresBackend(db, location, migrations.length, { pool, changes }),
      schemaVersion: migrations.length,
      encrypted: server.encrypted,
      close: async () => {
        await changes.close()
        await db.destroy()
      },
    }
  } catch (error) {
    await db.destroy().catch(() => undefined)
    throw connectionError(error, target)
  }
}
