import type BetterSqlite3 from 'better-sqlite3'
import { columnValueLabel, fieldLabel, tableLabel } from '../rules/field-labels'
import { AUDIT_ACTION, type AuditAction } from '../rules/safety-values'

// Reading the audit trail (written by the triggers of db/sqlite/audit.ts): operations, and the
// records each one created, changed or deleted, in French.

export interface AuditChange {
  field: string
  label: string
  before?: unknown
  after?: unknown
  /** Codes and ids as the animators read them (« Vincennes » for 94080), when they differ. */
  beforeLabel?: string
  afterLabel?: string
}

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

function parseChanges(action: AuditAction, json: string): AuditChange[] {
  let parsed: Record<string, unknown>
  try {
    parsed = JSON.parse(json) as Record<string, unknown>
  } catch {
    return []
  }
  return Object.entries(parsed).map(([field, value]) => {
    const change: AuditChange = { field, label: fieldLabel(field) }
    if (action === 'update' && Array.isArray(value) && value.length === 2) {
      change.before = value[0]
      change.after = value[1]
    } else if (action === 'delete') change.before = value
    else change.after = value
    return change
  })
}

type Resolve = (table: string, field: string, value: unknown) => string | undefined

/** Turns codes and ids into names, with a cache for one listing. */
function valueResolver(sqlite: BetterSqlite3.Database): Resolve {
  const caches = new Map<string, Map<unknown, string | undefined>>()
  const lookup = (sql: string, format: (name: string, value: unknown) => string = (name) => name) => (value: unknown) => {
    let cache = caches.get(sql)
    if (!cache) caches.set(sql, (cache = new Map()))
    if (!cache.has(value)) {
      let name: string | undefined
      try {
        name = sqlite.prepare(sql).pluck().get(value) as string | undefined
      } catch {
        name = undefined
      }
      cache.set(value, name === undefined || name === null ? undefined : format(name, value))
    }
    return cache.get(value)
  }
  const organisation = lookup('select name from organisations where id = ?', (name, id) => `${name} (n° ${String(id)})`)
  const person = lookup("select first_name || ' ' || last_name from people where id = ?", (name, id) => `${name} (n° ${String(id)})`)
  const level = lookup('select label from school_levels where code = ?')
  const resolvers: Record<string, (value: unknown) => string | undefined> = {
    profile_code: lookup('select label from actor_profiles where code = ?'),
    town_code: lookup('select name from towns where insee_code = ?'),
    offer_type_code: lookup('select label from offer_types where code = ?'),
    field_code: lookup('select label from action_fields where code = ?'),
    level_code: level,
    school_level: level,
    tag_id: lookup('select name from tags where id = ?'),
    network_id: lookup('select name from networks where id = ?'),
    organisation_id: organisation,
    school_id: organisation,
    host_organisation_id: organisation,
    person_id: person,
    contact_person_id: person,
    tutor_person_id: person,
    mentor_person_id: person,
  }
  return (table, field, value) => (value === null || value === undefined ? undefined : (columnValueLabel(table, field, value) ?? resolvers[field]?.(value)))
}

function labelled(table: string, changes: AuditChange[], resolve: Resolve): AuditChange[] {
  for (const change of changes) {
    const before = resolve(table, change.field, change.before)
    const after = resolve(table, change.field, change.after)
    if (before !== undefined) change.beforeLabel = before
    if (after !== undefined) change.afterLabel = after
  }
  return changes
}

const NAME_FIELDS = ['name', 'title', 'reference', 'summary', 'label', 'class_label', 'key']

function recordName(sqlite: BetterSqlite3.Database, table: string, rowId: number | null, changes: AuditChange[]): { record: string; link: string | null } {
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
    const value = (change: AuditChange | undefined) => (change ? String(change.after ?? change.before ?? '') : '')
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
  const resolve = valueResolver(sqlite)
  const entries = rows.map((row) => {
    const changes = labelled(row.table_name, parseChanges(row.action, row.changes), resolve)
    const { record, link } = recordName(sqlite, row.table_name, row.row_id, changes)
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
