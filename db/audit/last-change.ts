import type { Db } from '../schema'

export interface LastChange {
  /** The instant of the change (ISO, UTC). */
  at: string
  /** Who made it, as set in Paramètres; null outside the app or before an animator was set. */
  animator: string | null
  /** The operation's kind: an API call's name, 'cli.*', 'direct' for a change made outside the app. */
  kind: string
  /** What the operation was, in French. */
  label: string
}

/** A record as the audit trail names it: its integer id, or its key columns' values as a JSON array. */
export type RecordOf = { rowId: number } | { rowKey: string }

/**
 * The newest change the audit trail holds of one record (`table` as SQL names it), or null when
 * none is recorded (audit off, or the change made before the trail existed). Engine-neutral: one
 * indexed read of audit_log (table_name, row_id); by key, for the few tables without an integer id.
 */
export async function lastChange(db: Db, table: string, record: RecordOf): Promise<LastChange | null> {
  let query = db
    .selectFrom('auditLog as log')
    .innerJoin('auditOperations as operation', 'operation.id', 'log.operationId')
    .select(['log.at', 'operation.animator', 'operation.kind', 'operation.label'])
    .where('log.tableName', '=', table)
    .orderBy('log.id', 'desc')
    .limit(1)
  query = 'rowId' in record ? query.where('log.rowId', '=', record.rowId) : query.where('log.rowKey', '=', record.rowKey)
  return (await query.executeTakeFirst()) ?? null
}
