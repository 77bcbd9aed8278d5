import type { Transaction } from 'kysely'
import type { Database, Db } from './schema'

/**
 * Runs `run` in a transaction, or in the caller's when `db` is one: all or nothing either way,
 * without a nested transaction (Kysely has none; a savepoint per call would cost for nothing).
 */
export function inTransaction<T>(db: Db, run: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? run(db as Transaction<Database>) : db.transaction().execute(run)
}
