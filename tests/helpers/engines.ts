import { afterEach } from 'vitest'
import { openPostgresStore, type PostgresStore } from '../../db/postgres/connection'
import { parsePostgresUrl } from '../../db/postgres/target'
import type { Engine } from '../../db/migrations/dialect'
import type { Db } from '../../db/schema'
import type { AuditAction } from '../../db/rules/safety-values'
import { postgresDatabase, SKIPPED_POSTGRES } from './postgres'
import { tempStore } from './temp'

// A few data-layer files run each of their tests on both engines (describe.each(ENGINES)) with a
// Kysely from engineDb(): a fresh SQLite file, or a fresh migrated PostgreSQL database. Small and
// local on purpose, until the whole suite is parametrised by backend (issue 15); these files are
// in POSTGRES_READY (vitest.config.ts), so they run in the postgres project only.

/** The engines to run on: PostgreSQL too, unless the run was told to skip it (VITAWIN_SKIP_POSTGRES=1). */
export const ENGINES: Engine[] = SKIPPED_POSTGRES ? ['sqlite'] : ['sqlite', 'postgres']

const opened: PostgresStore[] = []

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close()
})

/** A Kysely on a new, migrated database of this engine, closed after the test. */
export async function engineDb(engine: Engine): Promise<Db> {
  if (engine === 'sqlite') return (await tempStore()).db
  const database = await postgresDatabase()
  const store = await openPostgresStore(parsePostgresUrl(database.url))
  opened.push(store)
  return store.db
}

export interface WrittenAuditRow {
  action: AuditAction
  table: string
  rowId: number | null
  rowKey?: string
  changes: Record<string, unknown>
  subjects?: string[]
}

/**
 * Writes an operation and its audit rows as the engine's triggers would (PostgreSQL's triggers are
 * not there yet): for tests that read, redact or undo the trail the same way on both engines.
 * Arrange the data itself under withoutAudit, so that SQLite's triggers stay out of the way.
 */
export async function writeAuditOperation(
  db: Db,
  operation: { kind: string; label: string; animator: string | null; at?: string },
  rows: WrittenAuditRow[],
): Promise<number> {
  const at = operation.at ?? new Date().toISOString()
  const { id } = await db
    .insertInto('auditOperations')
    .values({ token: `test-${Math.random().toString(36).slice(2)}`, startedAt: at, animator: operation.animator, kind: operation.kind, label: operation.label })
    .returning('id')
    .executeTakeFirstOrThrow()
  for (const row of rows) {
    const { id: auditId } = await db
      .insertInto('auditLog')
      .values({ operationId: id, at, action: row.action, tableName: row.table, rowId: row.rowId, rowKey: row.rowKey ?? null, changes: JSON.stringify(row.changes) })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const subject of row.subjects ?? []) await db.insertInto('auditSubjects').values({ subject, auditId }).execute()
  }
  return id
}
