// SQLite-only: undoing an operation from the audit trail it wrote (db/sqlite/audit.ts). The records
// it created are deleted, the fields it changed get their old values back, the records it deleted
// come back — unless one of them has changed since, or something was attached since to a record it
// created: then nothing is done and the conflicts are listed. All in one transaction; the undo is
// itself an operation of the audit trail, and the operation undone is marked with it.

import type BetterSqlite3 from 'better-sqlite3'
import { fieldLabel, tableLabel } from '../rules/field-labels'
import { quoteId } from './schema-info'
import { AppError } from '../errors'
import { formatDate } from '../rules/format'
import type { AuditAction } from '../rules/safety-values'

export interface UndoConflict {
  /** « Organisation « Collège Jean Moulin » ». */
  record: string
  /** What changed since, in French. */
  change: string
  /** When and by whom, from the audit trail, when known. */
  at: string | null
  animator: string | null
  operation: string | null
}

export interface UndoResult {
  operationId: number
  label: string
  /** Records deleted (created by the operation), restored (changed by it) and put back (deleted by it). */
  removed: number
  restored: number
  recreated: number
}

interface Touched {
  table: string
  rowId: number | null
  rowKey: string | null
  created: boolean
  deleted: boolean
  /** Dropped: created then deleted by the operation itself. */
  transient: boolean
  /** Values before the operation, of the fields it changed (all of them for a record it deleted). */
  before: Record<string, unknown>
  /** Values after the operation, of the fields it set (all of them for a record it created). */
  after: Record<string, unknown>
  firstAudit: number
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}

function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(vide)'
  const text = String(value)
  return `« ${text.length > 60 ? `${text.slice(0, 59)}…` : text} »`
}

interface KeyShape {
  /** The integer primary key, or null (a table keyed otherwise: rows found by `row_key`). */
  integerKey: string | null
  keyColumns: string[]
  /** The columns the audit trail records (all but the integer key and the timestamps). */
  tracked: string[]
  hasUpdatedAt: boolean
}

/** Columns the audit trail leaves out (see audit.ts). */
const UNTRACKED = new Set(['created_at', 'updated_at', 'version'])

function keyShape(sqlite: BetterSqlite3.Database, table: string, cache: Map<string, KeyShape>): KeyShape {
  let shape = cache.get(table)
  if (!shape) {
    const all = sqlite.pragma(`main.table_info(${quoteId(table)})`) as { name: string; type: string; pk: number }[]
    const columns = all.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk)
    const integerKey = columns.length === 1 && columns[0]!.type.toUpperCase() === 'INTEGER' ? columns[0]!.name : null
    shape = { integerKey, keyColumns: columns.map((column) => column.name), tracked: all.map((column) => column.name).filter((name) => name !== integerKey && !UNTRACKED.has(name)), hasUpdatedAt: all.some((column) => column.name === 'updated_at') }
    cache.set(table, shape)
  }
  return shape
}

/** The `where` clause and its parameters that find a touched record. */
function locate(record: Touched, shape: KeyShape): { where: string; params: unknown[] } {
  if (record.rowId !== null) return { where: `${quoteId(shape.integerKey ?? 'rowid')} = ?`, params: [record.rowId] }
  const values = JSON.parse(record.rowKey ?? '[]') as unknown[]
  return { where: shape.keyColumns.map((column) => `${quoteId(column)} is ?`).join(' and '), params: values }
}

function currentValues(sqlite: BetterSqlite3.Database, record: Touched, shape: KeyShape, fields: string[]): Record<string, unknown> | null {
  const { where, params } = locate(record, shape)
  if (fields.length === 0) return sqlite.prepare(`select 1 from main.${quoteId(record.table)} where ${where}`).get(...params) ? {} : null
  const json = sqlite
    .prepare(`select json_object(${fields.map((field) => `'${field.replaceAll("'", "''")}', ${quoteId(field)}`).join(', ')}) from main.${quoteId(record.table)} where ${where}`)
    .pluck()
    .get(...params) as string | undefined
  return json === undefined ? null : (JSON.parse(json) as Record<string, unknown>)
}

/** A record as the animators name it: « Organisation « Collège Jean Moulin » », else its kind and number. */
function describe(sqlite: BetterSqlite3.Database, table: string, rowId: number | null, values: Record<string, unknown>): string {
  const label = tableLabel(table)
  const stored =
    rowId !== null && (table === 'organisations' || table === 'people')
      ? (sqlite.prepare(table === 'organisations' ? 'select name from organisations where id = ?' : "select first_name || ' ' || last_name from people where id = ?").pluck().get(rowId) as string | undefined)
      : undefined
  const name =
    stored ??
    (table === 'people' || table === 'pupils'
      ? [values.first_name, values.last_name].filter(Boolean).join(' ')
      : (['name', 'title', 'summary', 'reference', 'role'].map((field) => values[field]).find((value) => typeof value === 'string' && value !== '') as string | undefined))
  if (name) return `${label} « ${name.length > 60 ? `${name.slice(0, 59)}…` : name} »`
  for (const [column, target] of [
    ['organisation_id', 'organisations'],
    ['person_id', 'people'],
  ] as const) {
    const id = values[column]
    if (typeof id !== 'number') continue
    const owner = sqlite.prepare(target === 'organisations' ? 'select name from organisations where id = ?' : "select first_name || ' ' || last_name from people where id = ?").pluck().get(id) as string | undefined
    if (owner) return `${label}${rowId !== null ? ` n° ${rowId}` : ''} de « ${owner} »`
  }
  return rowId !== null ? `${label} n° ${rowId}` : label
}

/** The latest change of a record after the operation, from the audit trail. */
function laterChange(sqlite: BetterSqlite3.Database, record: { table: string; rowId: number | null; rowKey: string | null }, operationId: number) {
  return sqlite
    .prepare(
      `select l.at, o.animator, o.label from audit_log l join audit_operations o on o.id = l.operation_id
       where l.table_name = ? and (l.row_id is ? and l.row_key is ?) and l.operation_id > ? order by l.id desc limit 1`,
    )
    .get(record.table, record.rowId, record.rowKey, operationId) as { at: string; animator: string | null; label: string } | undefined
}

function conflict(sqlite: BetterSqlite3.Database, record: Touched, operationId: number, values: Record<string, unknown>, change: string): UndoConflict {
  const later = laterChange(sqlite, record, operationId)
  return { record: describe(sqlite, record.table, record.rowId, values), change, at: later?.at ?? null, animator: later?.animator ?? null, operation: later?.label ?? null }
}

/** What the operation did, record by record, from its audit rows. */
function touchedRecords(sqlite: BetterSqlite3.Database, operationId: number, kept: ReadonlySet<string>): Touched[] {
  const rows = sqlite
    .prepare('select id, action, table_name, row_id, row_key, changes from audit_log where operation_id = ? order by id')
    .all(operationId) as { id: number; action: AuditAction; table_name: string; row_id: number | null; row_key: string | null; changes: string }[]
  const records = new Map<string, Touched>()
  for (const row of rows) {
    if (kept.has(row.table_name)) continue
    if (row.action !== 'insert' && row.action !== 'update' && row.action !== 'delete') {
      throw new AppError('invalid_input', "Cette opération ne peut pas être annulée : elle a effacé ou anonymisé des données, qui ne peuvent pas revenir.")
    }
    const id = `${row.table_name}:${row.row_id ?? row.row_key}`
    const changes = JSON.parse(row.changes) as Record<string, unknown>
    let record = records.get(id)
    if (!record) {
      record = { table: row.table_name, rowId: row.row_id, rowKey: row.row_key, created: false, deleted: false, transient: false, before: {}, after: {}, firstAudit: row.id }
      records.set(id, record)
    }
    if (row.action === 'insert') {
      if (record.deleted) {
        // Deleted then written again: an update, seen from outside.
        record.deleted = false
        record.after = { ...changes }
      } else {
        record.created = true
        record.transient = false
        record.after = { ...changes }
      }
    } else if (row.action === 'update') {
      for (const [field, pair] of Object.entries(changes)) {
        const [old, value] = pair as [unknown, unknown]
        if (!record.created && !(field in record.before)) record.before[field] = old
        record.after[field] = value
      }
    } else if (record.created) record.transient = true
    else {
      record.deleted = true
      record.before = { ...changes, ...record.before }
      record.after = {}
    }
  }
  return [...records.values()].filter((record) => !record.transient)
}

export interface UndoOptions {
  /** Tables whose changes stay (an import's saved mapping). */
  kept?: ReadonlySet<string>
  /** The kinds of operation that may be undone (all when absent), and how to name them. */
  kinds?: { allowed: readonly string[]; refusal: string }
}

/**
 * Undoes an operation of the audit trail in one transaction, as an operation of its own (call it
 * inside runAuditOperation). Throws AppError('conflict') with the list of what changed since, and
 * changes nothing, when a record the operation wrote has changed since.
 */
export function undoOperation(sqlite: BetterSqlite3.Database, operationId: number, options: UndoOptions = {}): UndoResult {
  const kept = options.kept ?? new Set<string>()
  const operation = sqlite.prepare('select id, kind, label, undone_by from audit_operations where id = ?').get(operationId) as
    | { id: number; kind: string; label: string; undone_by: number | null }
    | undefined
  if (!operation) throw new AppError('not_found', `L'opération n° ${operationId} n'existe pas dans le journal des modifications.`)
  if (options.kinds && !options.kinds.allowed.includes(operation.kind)) throw new AppError('invalid_input', options.kinds.refusal)
  if (operation.undone_by !== null) {
    const undo = sqlite.prepare('select started_at from audit_operations where id = ?').pluck().get(operation.undone_by) as string | undefined
    throw new AppError('conflict', `Cette opération a déjà été annulée${undo ? ` le ${formatDate(undo.slice(0, 10))}` : ''}.`)
  }
  const records = touchedRecords(sqlite, operationId, kept)
  if (records.length === 0) throw new AppError('invalid_input', "Cette opération n'a rien modifié : il n'y a rien à annuler.")
  const shapes = new Map<string, KeyShape>()

  const conflicts: UndoConflict[] = []
  for (const record of records) {
    const shape = keyShape(sqlite, record.table, shapes)
    if (record.deleted) {
      if (currentValues(sqlite, record, shape, []) !== null) conflicts.push(conflict(sqlite, record, operationId, record.before, 'existe de nouveau'))
      continue
    }
    // The trail leaves out the empty fields of a record it saw created: they are compared too.
    const fields = record.created ? shape.tracked : Object.keys(record.after)
    const current = currentValues(sqlite, record, shape, fields)
    if (current === null) {
      conflicts.push(conflict(sqlite, record, operationId, record.after, 'n’existe plus'))
      continue
    }
    const changed = fields.filter((field) => !same(current[field], record.after[field]))
    if (changed.length > 0) {
      const what = changed.map((field) => `${fieldLabel(field)} : ${shown(record.after[field])} devenu ${shown(current[field])}`).join(', ')
      conflicts.push(conflict(sqlite, record, operationId, { ...record.after, ...current }, `a changé depuis (${what})`))
    }
  }
  if (conflicts.length > 0) throw conflictError(operation.label, conflicts)

  const result: UndoResult = { operationId, label: operation.label, removed: 0, restored: 0, recreated: 0 }
  const expected = new Set<string>()
  const run = sqlite.transaction(() => {
    // Newest first: links before the records they link, as they were written after them.
    for (const record of [...records].sort((a, b) => b.firstAudit - a.firstAudit)) {
      const shape = keyShape(sqlite, record.table, shapes)
      const { where, params } = locate(record, shape)
      const table = `main.${quoteId(record.table)}`
      if (record.created) {
        sqlite.prepare(`delete from ${table} where ${where}`).run(...params)
        expected.add(`delete:${record.table}:${record.rowId ?? record.rowKey}`)
        result.removed++
      } else if (record.deleted) {
        const values = { ...record.before, ...(shape.integerKey && record.rowId !== null ? { [shape.integerKey]: record.rowId } : {}) }
        const columns = Object.keys(values)
        sqlite.prepare(`insert into ${table} (${columns.map(quoteId).join(', ')}) values (${columns.map(() => '?').join(', ')})`).run(...columns.map((column) => values[column] ?? null))
        expected.add(`insert:${record.table}:${record.rowId ?? record.rowKey}`)
        result.recreated++
      } else {
        const fields = Object.keys(record.before)
        if (fields.length === 0) continue
        const stamp = shape.hasUpdatedAt ? `, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')` : ''
        sqlite.prepare(`update ${table} set ${fields.map((field) => `${quoteId(field)} = ?`).join(', ')}${stamp} where ${where}`).run(...fields.map((field) => record.before[field] ?? null), ...params)
        expected.add(`update:${record.table}:${record.rowId ?? record.rowKey}`)
        result.restored++
      }
    }
    // What the deletions carried along (ON DELETE CASCADE, SET NULL, triggers) was added since: refused.
    const done = sqlite
      .prepare(
        `select l.action, l.table_name, l.row_id, l.row_key, l.changes from audit_log l join audit_operations o on o.id = l.operation_id
         where o.token = vitawin_audit('token') order by l.id`,
      )
      .all() as { action: AuditAction; table_name: string; row_id: number | null; row_key: string | null; changes: string }[]
    const carried = done.filter((row) => !expected.has(`${row.action}:${row.table_name}:${row.row_id ?? row.row_key}`))
    if (carried.length > 0) {
      throw conflictError(
        operation.label,
        carried.map((row) => {
          const changes = JSON.parse(row.changes) as Record<string, unknown>
          const values = row.action === 'update' ? Object.fromEntries(Object.entries(changes).map(([field, pair]) => [field, (pair as unknown[])[0]])) : changes
          const later = laterChange(sqlite, { table: row.table_name, rowId: row.row_id, rowKey: row.row_key }, operationId)
          return {
            record: describe(sqlite, row.table_name, row.row_id, values),
            change: 'ajout postérieur, rattaché à une fiche que l’opération a créée',
            at: later?.at ?? null,
            animator: later?.animator ?? null,
            operation: later?.label ?? null,
          }
        }),
      )
    }
    const label = `Annulation : ${operation.label} (opération n° ${operationId})`
    sqlite.prepare("update audit_operations set label = ? where token = vitawin_audit('token')").run(label)
    sqlite.prepare("update audit_operations set undone_by = (select id from audit_operations where token = vitawin_audit('token')) where id = ?").run(operationId)
  })
  run()
  return result
}

function conflictError(label: string, conflicts: UndoConflict[]): AppError {
  const listed = conflicts
    .slice(0, 5)
    .map((each) => `${each.record} : ${each.change}${each.at ? `, le ${formatDate(each.at.slice(0, 10))}` : ''}${each.animator ? ` par ${each.animator}` : ''}`)
    .join(' ; ')
  return new AppError(
    'conflict',
    `« ${label} » ne peut pas être annulé : ${conflicts.length > 1 ? `${conflicts.length} fiches ont changé` : 'une fiche a changé'} depuis (${listed}${conflicts.length > 5 ? ' ; …' : ''}). Rien n'a été modifié.`,
    { conflicts },
  )
}
