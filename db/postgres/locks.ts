import pg from 'pg'
import { LockBusyError, type LockHolder } from '../locks'

// Long operations on a team database hold a session advisory lock on a connection of their own,
// taken without waiting: the server releases it by itself if the app dies. The others read the
// holder from pg_stat_activity: the statement that took the lock, which stays that connection's
// last one while it is held, carries it as a comment (whole names, any alphabet; visible to the
// sessions of the same account, the application's, DESIGN.md §5.5).

/** The two int4 keys of the lock (per database): 'VWBO' and the long operations' slot. */
export const LOCK_KEYS = [0x5657424f, 1] as const

const MARK = '-- vitawin-lock '

/** The lock's statement, naming its holder (JSON on one line; `\u` escapes keep it plain). */
export function lockStatement(holder: LockHolder): string {
  const json = JSON.stringify({ kind: holder.kind, animator: holder.animator, startedAt: holder.startedAt }).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return `select pg_try_advisory_lock($1, $2) as locked ${MARK}${json}`
}

/** The holder named by a lock's statement (null: not one, or unreadable). */
export function holderOf(statement: string): LockHolder | null {
  const at = statement.indexOf(MARK)
  if (at < 0) return null
  try {
    const value = JSON.parse(statement.slice(at + MARK.length)) as Partial<LockHolder>
    if (typeof value.kind !== 'string' || typeof value.startedAt !== 'string') return null
    return { kind: value.kind, animator: typeof value.animator === 'string' ? value.animator : null, startedAt: value.startedAt }
  } catch {
    return null
  }
}

/** Who holds the long operations' lock on this database, if anyone (null: nobody, or a holder that cannot be named). */
export async function lockHolder(client: pg.ClientBase): Promise<LockHolder | null> {
  const { rows } = await client.query<{ statement: string }>(
    `select a.query as statement from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.classid::bigint = $1 and l.objid::bigint = $2 and l.objsubid = 2
        and l.database = (select oid from pg_database where datname = current_database())`,
    [...LOCK_KEYS],
  )
  return rows[0] ? holderOf(rows[0].statement) : null
}

/**
 * Runs `run` holding the long operations' lock; when another holds it, refuses at once with a
 * LockBusyError naming it. The lock's connection is the pool's, kept for the length of the run.
 */
export async function withAdvisoryLock<T>(pool: pg.Pool, holder: LockHolder, run: () => Promise<T>): Promise<T> {
  const client = await pool.connect()
  let broken: Error | undefined
  try {
    await client.query(`select set_config('application_name', 'vitawin|lock', false)`)
    const { rows } = await client.query<{ locked: boolean }>(lockStatement(holder), [...LOCK_KEYS])
    if (!rows[0]?.locked) throw new LockBusyError(await lockHolder(client))
    try {
      return await run()
    } finally {
      await client.query('select pg_advisory_unlock($1, $2)', [...LOCK_KEYS]).catch((error: Error) => {
        // The connection is lost: the server has released the lock with it.
        broken = error
      })
    }
  } finally {
    if (!broken) await client.query('reset application_name').catch((error: Error) => (broken = error))
    client.release(broken)
  }
}
