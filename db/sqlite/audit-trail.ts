import type BetterSqlite3 from 'better-sqlite3'
import { type ChangeText, formatChange, type NameOf } from '../rules/change-format'
import { tableLabel } from '../rules/field-labels'
import { formatDate } from '../rules/format'
import { AUDIT_ACTION, type AuditAction } from '../rules/safety-values'
import { quoteId } from './schema-info'

// Reading the audit trail (written by the triggers of db/sqlite/audit.ts): operations, and the
// records each one created, changed or deleted, in French.

/** One field of an audited change, its values as the animators read them (db/rules/change-format.ts). */
export type AuditChange = ChangeText

export interface AuditEntry {
  id: number
  operationId: number
  at: string
  action: AuditAction
  actionLabel: string
  table: string
  tableLabel: string
  rowId: number | null
  rowKey: string | null
  /** A readable name for the record, when one is known. */
  record: string
  /** The actor's page, for organisations and people that still exist. */
  link: string | null
  changes: AuditChange[]
  animator: string | null
  operationLabel: string
}

export interface AuditOperation {
  id: number
  startedAt: string
  animator: string | null
  kind: string
  label: string
  inserts: number
  updates: number
  deletes: number
  others: number
  /** The operation that undid this one (an import undone), or null. */
  undoneBy: number | null
}

interface RawChange {
  field: string
  before?: unknown
  after?: unknown
}

function parseChanges(action: AuditAction, json: string): RawChange[] {
  let parsed: Record<string, unknown>
  try {
    parsed = JSON.parse(json) as Record<string, unknown>
  } catch {
    return []
  }
  return Object.entries(parsed).map(([field, value]) => {
    if (action === 'update' && Array.isArray(value) && value.length === 2) return { field, before: value[0], after: value[1] }
    return action === 'delete' ? { field, before: value } : { field, after: value }
  })
}

/**
 * How a record of each table that other tables refer to is named, by its key: what the history
 * shows for an id or a reference code (« Vincennes » for town 94080, « Lycée Jean-Jaurès (n° 12) »
 * for organisation 12). `tests` check that every table referred to has its line here.
 */
export const RECORD_NAMES: Record<string, { sql: string; numbered?: boolean }> = {
  organisations: { sql: 'select name from organisations where id = ?', numbered: true },
  people: { sql: "select first_name || ' ' || last_name from people where id = ?", numbered: true },
  pupils: { sql: "select first_name || ' ' || last_name from pupils where id = ?", numbered: true },
  actor_profiles: { sql: 'select label from actor_profiles where code = ?' },
  towns: { sql: 'select name from towns where insee_code = ?' },
  offer_types: { sql: 'select label from offer_types where code = ?' },
  action_fields: { sql: 'select label from action_fields where code = ?' },
  school_levels: { sql: 'select label from school_levels where code = ?' },
  impact_dimensions: { sql: 'select label from impact_dimensions where code = ?' },
  indicators: { sql: 'select name from indicators where code = ?' },
  tags: { sql: 'select name from tags where id = ?' },
  networks: { sql: 'select name from networks where id = ?' },
  working_groups: { sql: 'select name from working_groups where id = ?' },
  group_meetings: { sql: "select 'réunion du ' || held_on from group_meetings where id = ?" },
  copil_sessions: { sql: "select coalesce(reference, 'séance') || ' du ' || held_on from copil_sessions where id = ?" },
  copil_decisions: { sql: "select coalesce(reference, 'décision n° ' || id) from copil_decisions where id = ?" },
  programmes: { sql: 'select name from programmes where id = ?' },
  editions: { sql: "select p.name || ' ' || e.school_year from editions e join programmes p on p.id = e.programme_id where e.id = ?" },
  sequences: { sql: 'select title from sequences where id = ?' },
  sequence_sessions: { sql: "select 'séance du ' || held_on from sequence_sessions where id = ?" },
  mentoring_pairs: { sql: "select 'binôme n° ' || id from mentoring_pairs where id = ?" },
  actor_requests: { sql: 'select title from actor_requests where id = ?', numbered: true },
  engagement_offers: { sql: "select coalesce(t.label, 'offre') from engagement_offers o left join offer_types t on t.code = o.offer_type_code where o.id = ?", numbered: true },
  interactions: { sql: "select 'échange du ' || occurred_on from interactions where id = ?" },
}

/** Names the records behind ids and reference codes, from each table's foreign keys, with a cache for one listing. */
export function recordNamer(sqlite: BetterSqlite3.Database): NameOf {
  const targets = new Map<string, Map<string, string>>()
  const cache = new Map<string, string | undefined>()
  const targetOf = (table: string, column: string) => {
    let columns = targets.get(table)
    if (!columns) {
      columns = new Map()
      try {
        for (const key of sqlite.pragma(`main.foreign_key_list(${quoteId(table)})`) as { table: string; from: string }[]) columns.set(key.from, key.table)
      } catch {
        // A table dropped since: its ids stay numbers.
      }
      targets.set(table, columns)
    }
    return columns.get(column)
  }
  return (table, column, value) => {
    const target = targetOf(table, column)
    const naming = target ? RECORD_NAMES[target] : undefined
    if (!target || !naming || (typeof value !== 'number' && typeof value !== 'string')) return undefined
    const cacheKey = `${target}\u0000${String(value)}`
    if (!cache.has(cacheKey)) {
      let name: unknown
      try {
        name = sqlite.prepare(naming.sql).pluck().get(value)
      } catch {
        name = undefined
      }
      const text = typeof name === 'string' ? formatDatesIn(name) : undefined
      cache.set(cacheKey, text === undefined ? (typeof value === 'number' ? `${tableLabel(target)} n° ${value} (n’existe plus)` : undefined) : naming.numbered ? `${text} (n° ${String(value)})` : text)
    }
    return cache.get(cacheKey)
  }
}

/** « séance du 2026-12-15 » → « séance du 15/12/2026 ». */
function formatDatesIn(text: string): string {
  return text.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (iso) => formatDate(iso))
}

function labelled(table: string, changes: RawChange[], name: NameOf, full = false): AuditChange[] {
  return changes.map(({ field, ...raw }) => formatChange(table, field, raw, name, full))
}

const NAME_FIELDS = ['name', 'title', 'reference', 'summary', 'label', 'class_label', 'key']

function recordName(sqlite: BetterSqlite3.Database, table: string, rowId: number | null, changes: RawChange[]): { record: string; link: string | null } {
  const label = tableLabel(table)
  if (table === 'database') return { record: label, link: null }
  const numbered = rowId !== null ? `${label} n° ${rowId}` : label
  if (rowId !== null && (table === 'organisations' || table === 'people')) {
    const row = sqlite
      .prepare(table === 'organisations' ? 'select name from organisations where id = ?' : "select first_name || ' ' || last_name from people where id = ?")
      .pluck()
      .get(rowId) as string | undefined
    if (row) return { record: `${label} « ${row} »`, link: `/acteurs/${table === 'organisations' ? 'o' : 'p'}${rowId}` }
  }
  const first = (field: string) => changes.find((change) => change.field === field)
  if (table === 'people' || table === 'pupils') {
    const first_ = first('first_name')
    const last = first('last_name')
    const value = (change: RawChange | undefined) => (change ? String(change.after ?? change.before ?? '') : '')
    const name = `${value(first_)} ${value(last)}`.trim()
    if (name) return { record: `${numbered} « ${name} »`, link: null }
  }
  for (const field of NAME_FIELDS) {
    const change = first(field)
    const value = change ? (change.after ?? change.before) : undefined
    if (typeof value === 'string' && value) return { record: `${numbered} « ${value.length > 60 ? `${value.slice(0, 57)}…` : value} »`, link: null }
  }
  return { record: numbered, link: null }
}

export interface EntryFilter {
  operationId?: number
  /** 'organisations:12', 'people:5', 'pupils:3'. */
  subject?: string
  limit?: number
  offset?: number
  /** Long texts whole (an export), rather than cut for a screen. */
  full?: boolean
}

/** Audit rows, newest first (or in order within one operation). */
export function listAuditEntries(sqlite: BetterSqlite3.Database, filter: EntryFilter): { entries: AuditEntry[]; total: number } {
  const where: string[] = []
  const params: unknown[] = []
  if (filter.operationId !== undefined) {
    where.push('l.operation_id = ?')
    params.push(filter.operationId)
  }
  if (filter.subject) {
    where.push('l.id in (select audit_id from audit_subjects where subject = ?)')
    params.push(filter.subject)
  }
  const clause = where.length ? `where ${where.join(' and ')}` : ''
  const total = sqlite.prepare(`select count(*) from audit_log l ${clause}`).pluck().get(...params) as number
  const order = filter.operationId !== undefined && !filter.subject ? 'l.id' : 'l.id desc'
  const rows = sqlite
    .prepare(
      `select l.id, l.operation_id, l.at, l.action, l.table_name, l.row_id, l.row_key, l.changes, o.animator, o.label
       from audit_log l left join audit_operations o on o.id = l.operation_id ${clause} order by ${order} limit ? offset ?`,
    )
    .all(...params, filter.limit ?? 100, filter.offset ?? 0) as {
    id: number
    operation_id: number
    at: string
    action: AuditAction
    table_name: string
    row_id: number | null
    row_key: string | null
    changes: string
    animator: string | null
    label: string | null
  }[]
  const name = recordNamer(sqlite)
  const entries = rows.map((row) => {
    const raw = parseChanges(row.action, row.changes)
    const changes = labelled(row.table_name, raw, name, filter.full)
    const { record, link } = recordName(sqlite, row.table_name, row.row_id, raw)
    return {
      id: row.id,
      operationId: row.operation_id,
      at: row.at,
      action: row.action,
      actionLabel: AUDIT_ACTION.label(row.action),
      table: row.table_name,
      tableLabel: tableLabel(row.table_name),
      rowId: row.row_id,
      rowKey: row.row_key,
      record,
      link,
      changes,
      animator: row.animator,
      operationLabel: row.label ?? '',
    }
  })
  return { entries, total }
}

export interface OperationFilter {
  /** 'imports' for the imports only, else an operation kind. */
  kind?: string
  limit?: number
  offset?: number
}

/** Operations, newest first, with what each changed. */
export function listAuditOperations(sqlite: BetterSqlite3.Database, filter: OperationFilter = {}): { operations: AuditOperation[]; total: number } {
  let clause = ''
  const params: unknown[] = []
  if (filter.kind === 'imports') clause = "where o.kind like '%import%'"
  else if (filter.kind) {
    clause = 'where o.kind = ?'
    params.push(filter.kind)
  }
  const total = sqlite.prepare(`select count(*) from audit_operations o ${clause}`).pluck().get(...params) as number
  const operations = sqlite
    .prepare(
      `select o.id, o.started_at as startedAt, o.animator, o.kind, o.label, o.undone_by as undoneBy,
         (select count(*) from audit_log l where l.operation_id = o.id and l.action = 'insert') as inserts,
         (select count(*) from audit_log l where l.operation_id = o.id and l.action = 'update') as updates,
         (select count(*) from audit_log l where l.operation_id = o.id and l.action = 'delete') as deletes,
         (select count(*) from audit_log l where l.operation_id = o.id and l.action not in ('insert', 'update', 'delete')) as others
       from audit_operations o ${clause} order by o.id desc limit ? offset ?`,
    )
    .all(...params, filter.limit ?? 50, filter.offset ?? 0) as AuditOperation[]
  return { operations, total }
}

/** The audit subject of an actor key ('o12', 'p5') or a pupil ('e3'). */
export function subjectOf(key: string): string {
  const match = /^([ope])(\d+)$/.exec(key)
  if (!match) throw new RangeError(`Clé invalide : ${key}`)
  const table = match[1] === 'o' ? 'organisations' : match[1] === 'p' ? 'people' : 'pupils'
  return `${table}:${match[2]}`
}
