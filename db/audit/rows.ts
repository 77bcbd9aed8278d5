import { sql } from 'kysely'
import { engineOf } from '../introspection'
import { currentAudit, newAuditOperation } from './context'
import { DIRECT_OPERATION } from './tables'
import type { Db } from '../schema'

// Audit rows written by the code itself rather than by the engine's triggers: events that are not
// a row change (a restore), and the summaries of erasures, which run without the triggers so that
// the erased values are never written down.

export interface ExplicitAuditRow {
  action: 'anonymise' | 'delete' | 'event'
  table: string
  rowId: number | null
  /** Field names only for erasures: never the erased values. */
  changes: Record<string, unknown>
  subjects?: string[]
}

/** Writes audit rows under the operation under way (call it inside the operation's transaction). */
export async function recordAuditRows(db: Db, rows: ExplicitAuditRow[]): Promise<void> {
  if (rows.length === 0) return
  const operation = currentAudit().operation ?? newAuditOperation({ ...DIRECT_OPERATION, animator: null })
  // The transaction has its id before it takes its operation's: the change feed's gaps
  // (db/audit/changes.ts) rely on a transaction that holds an operation id being in the snapshot.
  if (engineOf(db) === 'postgres') await sql`select pg_current_xact_id()`.execute(db)
  await db
    .insertInto('auditOperations')
    .values({
      token: operation.token,
      startedAt: operation.startedAt,
      animator: operation.animator,
      kind: operation.kind,
      label: operation.label,
      ...(operation.requestKey ? { requestKey: operation.requestKey } : {}),
    })
    .onConflict((conflict) => conflict.column('token').doNothing())
    .execute()
  const { id: operationId } = await db.selectFrom('auditOperations').select('id').where('token', '=', operation.token).executeTakeFirstOrThrow()
  const at = new Date().toISOString()
  for (const row of rows) {
    const { id } = await db
      .insertInto('auditLog')
      .values({ operationId, at, action: row.action, tableName: row.table, rowId: row.rowId, rowKey: null, changes: JSON.stringify(row.changes) })
      .returning('id')
      .executeTakeFirstOrThrow()
    const subjects = [...new Set(row.subjects ?? [])]
    if (subjects.length > 0) {
      await db
        .insertInto('auditSubjects')
        .values(subjects.map((subject) => ({ subject, auditId: id })))
        .onConflict((conflict) => conflict.doNothing())
        .execute()
    }
  }
}
