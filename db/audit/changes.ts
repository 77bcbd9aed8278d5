import type { Db } from '../schema'

/**
 * The change feed's position: the newest operation of the audit trail (every API call, import,
 * restore or outside change that wrote something makes one), or null before any. A screen that
 * saw another position refreshes its data. Engine-neutral polling on audit_operations' key, so
 * that PostgreSQL's LISTEN/NOTIFY can later push the same position instead of being asked for it.
 */
export async function latestOperation(db: Db): Promise<number | null> {
  const row = await db.selectFrom('auditOperations').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst()
  return row?.id ?? null
}
