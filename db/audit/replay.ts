import type { Db } from '../schema'

// A write sent again after its answer was lost. The screen gives each save attempt a request key
// (renderer/src/api/client.ts) and sends the same key when the user retries it. The key is
// recorded on the write's operation by the audit trail, in the write's own transaction: a key
// found there means the first attempt committed, whatever became of its answer, and the retry
// writes nothing. The result is kept beside it once the write has returned (a day, then cleared:
// a result can name a person); when the connection was cut between the COMMIT and that moment,
// the retry can only say that the write was made. A write that changed nothing recorded no
// operation, and runs again (changing nothing again).

/** A request key as the screens make them (a UUID); anything else is refused. */
export const REQUEST_KEY = /^[0-9a-f-]{8,64}$/i

/** Results larger than this are not kept: the retry is told the write was made. */
const MAX_ANSWER = 256 * 1024

const DAY_MS = 24 * 3600 * 1000

export interface Answered {
  operation: number
  /** The first write's result, or undefined when it was not kept (lost with the connection, too large). */
  value?: unknown
}

/** The write already committed under this key, if any. */
export async function answeredWrite(db: Db, requestKey: string): Promise<Answered | null> {
  const row = await db.selectFrom('auditOperations').select(['id', 'answer']).where('requestKey', '=', requestKey).executeTakeFirst()
  if (!row) return null
  return row.answer === null ? { operation: row.id } : { operation: row.id, value: JSON.parse(row.answer) as unknown }
}

/** Keeps a committed write's result for its retries, and clears those over a day old. */
export async function keepAnswer(db: Db, operation: number, value: unknown, now = new Date()): Promise<void> {
  const text = JSON.stringify(value ?? null)
  if (text.length <= MAX_ANSWER) await db.updateTable('auditOperations').set({ answer: text }).where('id', '=', operation).execute()
  await forgetAnswers(db, new Date(now.getTime() - DAY_MS).toISOString())
}

/** Clears the results kept (those started before `before`, or all): an erasure leaves none naming the person. */
export async function forgetAnswers(db: Db, before?: string): Promise<void> {
  let query = db.updateTable('auditOperations').set({ answer: null }).where('answer', 'is not', null)
  if (before) query = query.where('startedAt', '<', before)
  await query.execute()
}
