import { AppError } from './errors'
import { formatParisTime } from './rules/format'

// Long operations (imports, the retention purge, a restore, a move into a team database) run one
// at a time on a database: the second animator's attempt is told who runs what since when
// (« Camille importe des acteurs depuis 10 h 42 : réessayez quand ce sera fini. »), never a
// timeout. On PostgreSQL an advisory lock (db/postgres/locks.ts) holds it across laptops; on
// SQLite the host's write lock (main/api/lock.ts) already does, within the one process.

/** Who holds the lock: the operation's kind (the API call's name, 'team.move'…), the animator, since when. */
export interface LockHolder {
  kind: string
  animator: string | null
  /** ISO instant. */
  startedAt: string
}

/** What the long operations are doing, as a sentence's verb: « Camille importe des acteurs ». */
export type ActivityOf = (kind: string) => string | undefined

/** « Camille importe des acteurs depuis 10 h 42 » (« Un autre poste … » without an animator's name). */
export function describeHolder(holder: LockHolder, activityOf: ActivityOf, now?: Date): string {
  return `${holder.animator?.trim() || 'Un autre poste'} ${activityOf(holder.kind) ?? 'mène une opération longue'} depuis ${formatParisTime(holder.startedAt, now)}`
}

/** The refusal of a long operation while another runs (holder null: it could not be named). */
export class LockBusyError extends AppError {
  constructor(readonly holder: LockHolder | null) {
    super('database_busy', 'Une opération longue est en cours sur cette base : réessayez quand elle sera finie.')
  }

  /** The same refusal, naming who runs what since when. */
  explained(activityOf: ActivityOf): AppError {
    return this.holder ? new AppError('database_busy', `${describeHolder(this.holder, activityOf)} : réessayez quand ce sera fini.`) : this
  }
}
