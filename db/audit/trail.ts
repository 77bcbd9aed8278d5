import { sql } from 'kysely'
import { introspectionOf } from '../introspection'
import { type ChangeText, formatChange, type NameOf } from '../rules/change-format'
import { tableLabel } from '../rules/field-labels'
import { formatDate } from '../rules/format'
import { AUDIT_ACTION, type AuditAction } from '../rules/safety-values'
import type { Db } from '../schema'

// Reading the audit trail (written by each engine's triggers, db/sqlite/audit.ts): operations,
// and the records each one created, changed or deleted, in French.

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
 * for organisation 12). `select` gives the key and the name of every record; `key` is the key's
 * column in it. `tests` check that every table referred to has its line here.
 */
export const RECORD_NAMES: Record<string, { select: string; key: string; numbered?: boolean }> = {
  organisations: { select: 'select id as key, name from organisations', key: 'id', numbered: true },
  people: { select: "select id as key, first_name || ' ' || last_name as name from people", key: 'id', numbered: true },
  pupils: { select: "select id as key, first_name || ' ' || last_name as name from pupils", key: 'id', numbered: true },
  actor_profiles: { select: 'select code as key, label as name from actor_profiles', key: 'code' },
  towns: { select: 'select insee_code as key, name from towns', key: 'insee_code' },
  offer_types: { select: 'select code as key, label as name from offer_types', key: 'code' },
  action_fields: { select: 'select code as key, label as name from action_fields', key: 'code' },
  school_levels: { select: 'select code as key, label as name from school_levels', key: 'code' },
  impact_dimensions: { select: 'select code as key, label as name from impact_dimensions', key: 'code' },
  indicators: { select: 'select code as key, name from indicators', key: 'code' },
  tags: { select: 'select id as key, name from tags', key: 'id' },
  networks: { select: 'select id as key, name from networks', key: 'id' },
  working_groups: { select: 'select id as key, name from working_groups', key: 'id' },
  group_meetings: { select: "select id as key, 'réunion du ' || held_on as name from group_meetings", key: 'id' },
  copil_sessions: { select: "select id as key, coalesce(reference, 'séance') || ' du ' || held_on as name from copil_sessions", key: 'id' },
  copil_decisions: { select: "select id as key, coalesce(reference, 'décision n° ' || id) as name from copil_decisions", key: 'id' },
  programmes: { select: 'select id as key, name from programmes', key: 'id' },
  editions: { select: "select e.id as key, p.name || ' ' || e.school_year as name from editions e join programmes p on p.id = e.programme_id", key: 'e.id' },
  sequences: { select: 'select id as key, title as name from sequences', key: 'id' },
  sequence_sessions: { select: "select id as key, 'séance du ' || held_on as name from sequence_sessions", key: 'id' },
  mentoring_pairs: { select: "select id as key, 'binôme n° ' || id as name from mentoring_pairs", key: 'id' },
  actor_requests: { select: 'select id as key, title as name from actor_requests', key: 'id', numbered: true },
  engagement_offers: {
    select: "select o.id as key, coalesce(t.label, 'offre') as name from engagement_offers o left join offer_types t on t.code = o.offer_type_code",
    key: 'o.id',
    numbered: true,
  },
  interactions: { select: "select id as key, 'échange du ' || occurred_on as name from interactions", key: 'id' },
}

/** The stored names of these records of `table` (its RECORD_NAMES line), by key as text. */
export async function storedNames(db: Db, table: string, keys: Iterable<unknown>): Promise<Map<string, string>> {
  const naming = RECORD_NAMES[table]
  const found = new Map<string, string>()
  if (!naming) return found
  // Ids are numbers, codes are text: a value of the other kind names nothing (and PostgreSQL would refuse the comparison).
  const numeric = /(^|\.)id$/.test(naming.key)
  const wanted = [...new Set(keys)].filter((key) => typeof key === (numeric ? 'number' : 'string'))
  for (let start = 0; start < wanted.length; start += 500) {
    const batch = wanted.slice(start, start + 500)
    const { rows } = await sql<{ key: number | string; name: string | null }>`${sql.raw(naming.select)} where ${sql.raw(naming.key)} in (${sql.join(batch)})`.execute(db)
    for (const row of rows) if (row.name !== null) found.set(String(row.key), row.name)
  }
  return found
}

/** A value of a column of a table, which may refer to a record of another table. */
export type ReferenceValue = [table: string, column: string, value: unknown]

/**
 * Names the records behind the ids and reference codes among `values`, read in one query per table
 * referred to: the names a listing or an export shows. Values not given here stay as they are.
 */
export async function recordNames(db: Db, values: Iterable<ReferenceValue>): Promise<NameOf> {
  const schema = introspectionOf(db)
  const targets = new Map<string, Map<string, string>>()
  const wanted = new Map<string, Set<unknown>>()
  const asked = new Set<string>()
  const targetOf = (table: string, column: string) => targets.get(table)?.get(column)
  for (const [table, column, value] of values) {
    if (!targets.has(table)) {
      // A table dropped since has no keys: its ids stay numbers.
      targets.set(table, new Map((await schema.foreignKeys(table)).map((key) => [key.column, key.references])))
    }
    const target = targetOf(table, column)
    if (!target || !RECORD_NAMES[target] || (typeof value !== 'number' && typeof value !== 'string')) continue
    let keys = wanted.get(target)
    if (!keys) wanted.set(target, (keys = new Set()))
    keys.add(value)
    asked.add(`${target}\u0000${String(value)}`)
  }
  const names = new Map<string, string>()
  for (const [target, keys] of wanted) {
    for (const [key, name] of await storedNames(db, target, keys)) names.set(`${target}\u0000${key}`, name)
  }
  return (table, column, value) => {
    const target = targetOf(table, column)
    const cacheKey = `${target}\u0000${String(value)}`
    if (!target || !asked.has(cacheKey)) return undefined
    const name = names.get(cacheKey)
    if (name === undefined) return typeof value === 'number' ? `${tableLabel(target)} n° ${value} (n’existe plus)` : undefined
    const text = formatDatesIn(name)
    return RECORD_NAMES[target]!.numbered ? `${text} (n° ${String(value)})` : text
  }
}

/** « séance du 2026-12-15 » → « séance du 15/12/2026 ». */
function formatDatesIn(text: string): string {
  return text.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (iso) => formatDate(iso))
}

const NAME_FIELDS = ['name', 'title', 'reference', 'summary', 'label', 'class_label', 'key']

function recordName(table: string, rowId: number | null, changes: RawChange[], actors: Map<string, string>): { record: string; link: string | null } {
  const label = tableLabel(table)
  if (table === 'database') return { record: label, link: null }
  const numbered = rowId !== null ? `${label} n° ${rowId}` : label
  if (rowId !== null && (table === 'organisations' || table === 'people')) {
    const name = actors.get(`${table}\u0000${rowId}`)
    if (name) return { record: `${label} « ${name} »`, link: `/acteurs/${table === 'organisations' ? 'o' : 'p'}${rowId}` }
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
export async function listAuditEntries(db: Db, filter: EntryFilter): Promise<{ entries: AuditEntry[]; total: number }> {
  let query = db.selectFrom('auditLog as l')
  if (filter.operationId !== undefined) query = query.where('l.operationId', '=', filter.operationId)
  if (filter.subject) {
    const subject = filter.subject
    query = query.where('l.id', 'in', (eb) => eb.selectFrom('auditSubjects').select('auditId').where('subject', '=', subject))
  }
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()
  const rows = await query
    .leftJoin('auditOperations as o', 'o.id', 'l.operationId')
    .select(['l.id', 'l.operationId', 'l.at', 'l.action', 'l.tableName', 'l.rowId', 'l.rowKey', 'l.changes', 'o.animator', 'o.label'])
    .orderBy('l.id', filter.operationId !== undefined && !filter.subject ? 'asc' : 'desc')
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0)
    .execute()
  const parsed = rows.map((row) => ({ row, raw: parseChanges(row.action, row.changes) }))
  const name = await recordNames(
    db,
    parsed.flatMap(({ row, raw }) => raw.flatMap((change) => [[row.tableName, change.field, change.before], [row.tableName, change.field, change.after]] as ReferenceValue[])),
  )
  const actors = new Map<string, string>()
  for (const table of ['organisations', 'people']) {
    const ids = parsed.filter(({ row }) => row.tableName === table && row.rowId !== null).map(({ row }) => row.rowId)
    for (const [id, text] of await storedNames(db, table, ids)) actors.set(`${table}\u0000${id}`, text)
  }
  const entries = parsed.map(({ row, raw }) => {
    const { record, link } = recordName(row.tableName, row.rowId, raw, actors)
    return {
      id: row.id,
      operationId: row.operationId,
      at: row.at,
      action: row.action,
      actionLabel: AUDIT_ACTION.label(row.action),
      table: row.tableName,
      tableLabel: tableLabel(row.tableName),
      rowId: row.rowId,
      rowKey: row.rowKey,
      record,
      link,
      changes: raw.map(({ field, ...values }) => formatChange(row.tableName, field, values, name, filter.full)),
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
export async function listAuditOperations(db: Db, filter: OperationFilter = {}): Promise<{ operations: AuditOperation[]; total: number }> {
  let query = db.selectFrom('auditOperations as o')
  // Operation kinds are lower case: `like` reads the same on both engines.
  if (filter.kind === 'imports') query = query.where('o.kind', 'like', '%import%')
  else if (filter.kind) query = query.where('o.kind', '=', filter.kind)
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()
  const operations = await query
    .select((eb) => {
      const count = (actions: 'insert' | 'update' | 'delete' | 'other') => {
        const rows = eb.selectFrom('auditLog as l').select((inner) => inner.fn.countAll<number>().as('count')).whereRef('l.operationId', '=', 'o.id')
        return actions === 'other' ? rows.where('l.action', 'not in', ['insert', 'update', 'delete']) : rows.where('l.action', '=', actions)
      }
      return [
        'o.id',
        'o.startedAt',
        'o.animator',
        'o.kind',
        'o.label',
        'o.undoneBy',
        count('insert').$asScalar().$notNull().as('inserts'),
        count('update').$asScalar().$notNull().as('updates'),
        count('delete').$asScalar().$notNull().as('deletes'),
        count('other').$asScalar().$notNull().as('others'),
      ]
    })
    .orderBy('o.id', 'desc')
    .limit(filter.limit ?? 50)
    .offset(filter.offset ?? 0)
    .execute()
  return { operations, total }
}

/** The audit subject of an actor key ('o12', 'p5') or a pupil ('e3'). */
export function subjectOf(key: string): string {
  const match = /^([ope])(\d+)$/.exec(key)
  if (!match) throw new RangeError(`Clé invalide : ${key}`)
  const table = match[1] === 'o' ? 'organisations' : match[1] === 'p' ? 'people' : 'pupils'
  return `${table}:${match[2]}`
}
