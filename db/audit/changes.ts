import type { Db } from '../schema'

// The change feed: the audit trail's operations (every API call, import, restore or outside
// change that wrote something makes one, with a row per record it changed). A screen that saw
// position N asks what came after it, and refreshes only the data read from the tables those
// changes touched. Engine-neutral polling on audit_operations' key; on PostgreSQL the host also
// learns by LISTEN (db/postgres/changes.ts) when there is nothing new to ask for.

/** The newest operation of the audit trail, or 0 before any. */
export async function latestOperation(db: Db): Promise<number> {
  const row = await db.selectFrom('auditOperations').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst()
  return row?.id ?? 0
}

export interface ChangesSince {
  /** The feed's position now (0 before any change): the next question starts from it. */
  operation: number
  /** The tables the operations after `after` (but those in `except`) changed, as the audit trail names them. */
  tables: string[]
}

/**
 * What changed after position `after`, leaving out the operations in `except` (the window's own
 * writes, which refresh their screens themselves). No `after`: the first question, which only
 * learns the position. `latest`: the position when already known (PostgreSQL's LISTEN).
 */
export async function changesSince(db: Db, after: number | undefined, except: readonly number[], latest?: number): Promise<ChangesSince> {
  const operation = latest ?? (await latestOperation(db))
  if (after === undefined || operation <= after) return { operation, tables: [] }
  let query = db.selectFrom('auditLog').select('tableName').distinct().where('operationId', '>', after).where('operationId', '<=', operation)
  if (except.length > 0) query = query.where('operationId', 'not in', [...except])
  const rows = await query.execute()
  return { operation, tables: rows.map((row) => row.tableName).sort() }
}
