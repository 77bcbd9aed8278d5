import { sql } from 'kysely'
import { engineOf } from '../introspection'
import type { Db } from '../schema'

// The change feed: the audit trail's operations (every API call, import, restore or outside
// change that wrote something makes one, with a row per record it changed). A screen that saw
// position P asks what came after it, and refreshes only the data read from the tables those
// changes touched. Polling on audit_operations' key; on PostgreSQL the host also learns by LISTEN
// (db/postgres/changes.ts) when there is nothing new to ask for.
//
// Every committed operation is reported exactly once. On SQLite one writer at a time takes an
// operation's id and commits before the next can take one: ids arrive in order, and the position
// is the newest id. On PostgreSQL the id comes from a sequence at the operation's first write,
// and transactions commit in any order: a long import that took id 100 commits after a save that
// took 101 and was already reported. So there the position also carries its gaps: the ids below
// it that were not committed when it was read (taken by a transaction still under way, or by
// one rolled back, which never arrive), looked for again at each question and reported when
// they arrive. A gap is forgotten once every transaction that was running when it was found has
// ended (the snapshot's xmin has passed the horizon noted then, `xmax` of that snapshot): it
// belonged to a transaction rolled back. Each question reads everything in one statement, so in
// one snapshot. Gaps are looked for among the last LOOK_BACK ids only: an operation that took its
// id before more than that many others committed, and committed after them all, is missed.

/** How far below the newest id gaps are looked for, and the most a position carries. */
export const LOOK_BACK = 1000

/** The feed's position as the screens keep it: `N`, or `N~horizon~gap,gap…` on PostgreSQL. */
export const POSITION_PATTERN = /^(\d{1,15})(?:~(\d{1,20})~(\d{1,15}(?:,\d{1,15}){0,999}))?$/

interface Position {
  operation: number
  /** The transactions older than this (an xid8) had ended or not begun when a gap was found. */
  horizon: bigint | null
  gaps: number[]
}

function parsePosition(text: string): Position {
  const match = POSITION_PATTERN.exec(text)
  if (!match) throw new Error(`Invalid change feed position: ${text}`)
  return { operation: Number(match[1]), horizon: match[2] ? BigInt(match[2]) : null, gaps: match[3] ? match[3].split(',').map(Number) : [] }
}

function formatPosition({ operation, horizon, gaps }: Position): string {
  return gaps.length === 0 || horizon === null ? String(operation) : `${operation}~${horizon}~${gaps.join(',')}`
}

/** The newest operation of the audit trail, or 0 before any. */
export async function latestOperation(db: Db): Promise<number> {
  const row = await db.selectFrom('auditOperations').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst()
  return row?.id ?? 0
}

export interface ChangesSince {
  /** The feed's position now: the next question starts from it. */
  position: string
  /** The newest operation it includes (0 before any change). */
  operation: number
  /** The tables the operations after `after` (but those in `except`) changed, as the audit trail names them. */
  tables: string[]
}

/**
 * What changed after position `after`, leaving out the operations in `except` (the window's own
 * writes, which refresh their screens themselves). No `after`: the first question, which only
 * learns the position. `latest`: the newest operation announced, when known (PostgreSQL's
 * LISTEN): a position at it without gaps has nothing new to ask for.
 */
export async function changesSince(db: Db, after: string | undefined, except: readonly number[], latest?: number): Promise<ChangesSince> {
  const from = after === undefined ? undefined : parsePosition(after)
  if (from && latest !== undefined && from.gaps.length === 0 && from.operation >= latest) {
    return { position: after!, operation: from.operation, tables: [] }
  }
  return engineOf(db) === 'postgres' ? changesOnPostgres(db, from, except) : changesOnSqlite(db, from, except, latest)
}

async function changesOnSqlite(db: Db, from: Position | undefined, except: readonly number[], latest?: number): Promise<ChangesSince> {
  const operation = latest ?? (await latestOperation(db))
  const position = String(operation)
  if (!from || operation <= from.operation) return { position, operation, tables: [] }
  let query = db.selectFrom('auditLog').select('tableName').distinct().where('operationId', '>', from.operation).where('operationId', '<=', operation)
  if (except.length > 0) query = query.where('operationId', 'not in', [...except])
  const rows = await query.execute()
  return { position, operation, tables: rows.map((row) => row.tableName).sort() }
}

async function changesOnPostgres(db: Db, from: Position | undefined, except: readonly number[]): Promise<ChangesSince> {
  const after = from?.operation ?? 0
  const { rows } = await sql<{ operation: number; xmin: string; xmax: string; fresh: number[]; arrived: number[]; tables: string[] }>`
    with snapshot as (select pg_current_snapshot() as s),
    newest as (select coalesce(max(id), 0) as id from audit_operations),
    arrived as (select id from audit_operations where id = any(${from?.gaps ?? []}::int[]))
    select newest.id as operation,
      pg_snapshot_xmin(snapshot.s)::text as xmin,
      pg_snapshot_xmax(snapshot.s)::text as xmax,
      array(select g from generate_series(greatest(${after}::int, newest.id - ${LOOK_BACK}) + 1, newest.id) g
        where not exists (select 1 from audit_operations o where o.id = g) order by g) as fresh,
      array(select id from arrived order by id) as arrived,
      array(select distinct l.table_name from audit_log l
        where ${from !== undefined} and l.operation_id <> all(${[...except]}::int[])
          and ((l.operation_id > ${after} and l.operation_id <= newest.id) or l.operation_id in (select id from arrived))
        order by l.table_name) as tables
    from snapshot, newest`.execute(db)
  const row = rows[0]!
  const operation = Math.max(row.operation, after)
  const arrived = new Set(row.arrived)
  // Gaps whose transactions have all ended since they were found: rolled back, never to arrive.
  const stillOpen = from?.horizon !== null && from?.horizon !== undefined && BigInt(row.xmin) < from.horizon
  const kept = stillOpen ? from!.gaps.filter((id) => !arrived.has(id)) : []
  const gaps = [...kept, ...row.fresh].slice(-LOOK_BACK)
  const horizon = row.fresh.length > 0 ? BigInt(row.xmax) : (from?.horizon ?? null)
  return { position: formatPosition({ operation, horizon, gaps }), operation, tables: from ? row.tables : [] }
}
