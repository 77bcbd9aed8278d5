// Undoing an operation from the audit trail it wrote (the engine's triggers). The records
// it created are deleted, the fields it changed get their old values back, the records it deleted
// come back — unless one of them has changed since, or something was attached since to a record it
// created: then nothing is done and the conflicts are listed. All in one transaction; the undo is
// itself an operation of the audit trail, and the operation undone is marked with it.

import { sql, type RawBuilder, type Transaction } from 'kysely'
import { AppError } from '../errors'
import { introspectionOf, type SchemaIntrospection } from '../introspection'
import { fieldLabel, tableLabel } from '../rules/field-labels'
import { formatDate } from '../rules/format'
import type { Database, Db } from '../schema'
import { inTransaction } from '../transaction'
import { currentAudit } from './context'
import { storedNames } from './trail'
import { UNTRACKED_COLUMNS } from './tables'

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


type Trx = Transaction<Database>

async function keyShape(schema: SchemaIntrospection, table: string, cache: Map<string, KeyShape>): Promise<KeyShape> {
  let shape = cache.get(table)
  if (!shape) {
    const all = await schema.columns(table)
    const columns = all.filter((column) => column.primaryKey > 0).sort((a, b) => a.primaryKey - b.primaryKey)
    const integerKey = columns.length === 1 && columns[0]!.type.toUpperCase() === 'INTEGER' ? columns[0]!.name : null
    shape = { integerKey, keyColumns: columns.map((column) => column.name), tracked: all.map((column) => column.name).filter((name) => name !== integerKey && !UNTRACKED_COLUMNS.has(name)), hasUpdatedAt: all.some((column) => column.name === 'updated_at') }
    cache.set(table, shape)
  }
  return shape
}

/** The condition that finds a touched record: its integer key, else its key's values (`row_key`). */
function locate(record: Touched, shape: KeyShape): RawBuilder<boolean> {
  if (shape.integerKey && record.rowId !== null) return sql<boolean>`${sql.ref(shape.integerKey)} = ${record.rowId}`
  const values = JSON.parse(record.rowKey ?? '[]') as unknown[]
  return sql<boolean>`${sql.join(shape.keyColumns.map((column, index) => sql`${sql.ref(column)} is not distinct from ${values[index] ?? null}`), sql` and `)}`
}

async function currentValues(trx: Trx, record: Touched, shape: KeyShape, fields: string[]): Promise<Record<string, unknown> | null> {
  const columns = fields.length === 0 ? sql`1 as found` : sql.join(fields.map((field) => sql.ref(field)))
  const { rows } = await sql<Record<string, unknown>>`select ${columns} from ${sql.table(record.table)} where ${locate(record, shape)}`.execute(trx.withoutPlugins())
  const row = rows[0]
  if (!row) return null
  return fields.length === 0 ? {} : row
}

/** A record as the animators name it: « Organisation « Collège Jean Moulin » », else its kind and number. */
async function describe(trx: Trx, table: string, rowId: number | null, values: Record<string, unknown>): Promise<string> {
  const label = tableLabel(table)
  const stored = rowId !== null && (table === 'organisations' || table === 'people') ? (await storedNames(trx, table, [rowId])).get(String(rowId)) : undefined
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
    const owner = (await storedNames(trx, target, [id])).get(String(id))
    if (owner) return `${label}${rowId !== null ? ` n° ${rowId}` : ''} de « ${owner} »`
  }
  return rowId !== null ? `${label} n° ${rowId}` : label
}

/** The latest change of a record after the operation, from the audit trail. */
function laterChange(trx: Trx, record: { table: string; rowId: number | null; rowKey: string | null }, operationId: number) {
  return trx
    .selectFrom('auditLog as l')
    .innerJoin('auditOperations as o', 'o.id', 'l.operationId')
    .select(['l.at', 'o.animator', 'o.label'])
    .where('l.tableName', '=', record.table)
    .where(sql<boolean>`l.row_id is not distinct from ${record.rowId} and l.row_key is not distinct from ${record.rowKey}`)
    .where('l.operationId', '>', operationId)
    .orderBy('l.id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

async function conflict(trx: Trx, record: Touched, operationId: number, values: Record<string, unknown>, change: string): Promise<UndoConflict> {
  const later = await laterChange(trx, record, operationId)
  return { record: await describe(trx, record.table, record.rowId, values), change, at: later?.at ?? null, animator: later?.animator ?? null, operation: later?.label ?? null }
}

/** What the operation did, record by record, from its audit rows. */
async function touchedRecords(trx: Trx, operationId: number, kept: ReadonlySet<string>): Promise<Touched[]> {
  const rows = (
    await trx.selectFrom('auditLog').select(['id', 'action', 'tableName', 'rowId', 'rowKey', 'changes']).where('operationId', '=', operationId).orderBy('id').execute()
  ).map((row) => ({ id: row.id, action: row.action, table_name: row.tableName, row_id: row.rowId, row_key: row.rowKey, changes: row.changes }))
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
export async function undoOperation(db: Db, operationId: number, options: UndoOptions = {}): Promise<UndoResult> {
  const token = currentAudit().operation?.token
  if (!token) throw new Error('undoOperation runs inside an audit operation (runAuditOperation).')
  return inTransaction(db, (trx) => undoIn(trx, token, operationId, options))
}

async function undoIn(trx: Trx, token: string, operationId: number, options: UndoOptions): Promise<UndoResult> {
  const kept = options.kept ?? new Set<string>()
  const operation = await trx.selectFrom('auditOperations').select(['id', 'kind', 'label', 'undoneBy']).where('id', '=', operationId).executeTakeFirst()
  if (!operation) throw new AppError('not_found', `L'opération n° ${operationId} n'existe pas dans le journal des modifications.`)
  if (options.kinds && !options.kinds.allowed.includes(operation.kind)) throw new AppError('invalid_input', options.kinds.refusal)
  if (operation.undoneBy !== null) {
    const undo = await trx.selectFrom('auditOperations').select('startedAt').where('id', '=', operation.undoneBy).executeTakeFirst()
    throw new AppError('conflict', `Cette opération a déjà été annulée${undo ? ` le ${formatDate(undo.startedAt.slice(0, 10))}` : ''}.`)
  }
  const records = await touchedRecords(trx, operationId, kept)
  if (records.length === 0) throw new AppError('invalid_input', "Cette opération n'a rien modifié : il n'y a rien à annuler.")
  const schema = introspectionOf(trx)
  const shapes = new Map<string, KeyShape>()

  const conflicts: UndoConflict[] = []
  for (const record of records) {
    const shape = await keyShape(schema, record.table, shapes)
    if (record.deleted) {
      if ((await currentValues(trx, record, shape, [])) !== null) conflicts.push(await conflict(trx, record, operationId, record.before, 'existe de nouveau'))
      continue
    }
    // The trail leaves out the empty fields of a record it saw created: they are compared too.
    const fields = record.created ? shape.tracked : Object.keys(record.after)
    const current = await currentValues(trx, record, shape, fields)
    if (current === null) {
      conflicts.push(await conflict(trx, record, operationId, record.after, 'n’existe plus'))
      continue
    }
    const changed = fields.filter((field) => !same(current[field], record.after[field]))
    if (changed.length > 0) {
      const what = changed.map((field) => `${fieldLabel(field)} : ${shown(record.after[field])} devenu ${shown(current[field])}`).join(', ')
      conflicts.push(await conflict(trx, record, operationId, { ...record.after, ...current }, `a changé depuis (${what})`))
    }
  }
  if (conflicts.length > 0) throw conflictError(operation.label, conflicts)

  const result: UndoResult = { operationId, label: operation.label, removed: 0, restored: 0, recreated: 0 }
  const expected = new Set<string>()
  // Newest first: links before the records they link, as they were written after them.
  for (const record of [...records].sort((a, b) => b.firstAudit - a.firstAudit)) {
    const shape = await keyShape(schema, record.table, shapes)
    const where = locate(record, shape)
    const table = sql.table(record.table)
    if (record.created) {
      await sql`delete from ${table} where ${where}`.execute(trx)
      expected.add(`delete:${record.table}:${record.rowId ?? record.rowKey}`)
      result.removed++
    } else if (record.deleted) {
      const values = { ...record.before, ...(shape.integerKey && record.rowId !== null ? { [shape.integerKey]: record.rowId } : {}) }
      const columns = Object.keys(values)
      await sql`insert into ${table} (${sql.join(columns.map((column) => sql.ref(column)))}) values (${sql.join(columns.map((column) => values[column] ?? null))})`.execute(trx)
      expected.add(`insert:${record.table}:${record.rowId ?? record.rowKey}`)
      result.recreated++
    } else {
      const fields = Object.keys(record.before)
      if (fields.length === 0) continue
      const sets = fields.map((field) => sql`${sql.ref(field)} = ${record.before[field] ?? null}`)
      if (shape.hasUpdatedAt) sets.push(sql`updated_at = ${new Date().toISOString()}`)
      await sql`update ${table} set ${sql.join(sets)} where ${where}`.execute(trx)
      expected.add(`update:${record.table}:${record.rowId ?? record.rowKey}`)
      result.restored++
    }
  }
  // What the deletions carried along (ON DELETE CASCADE, SET NULL, triggers) was added since: refused.
  const done = await trx
    .selectFrom('auditLog as l')
    .innerJoin('auditOperations as o', 'o.id', 'l.operationId')
    .select(['l.action', 'l.tableName', 'l.rowId', 'l.rowKey', 'l.changes'])
    .where('o.token', '=', token)
    .orderBy('l.id')
    .execute()
  const carried = done.filter((row) => !expected.has(`${row.action}:${row.tableName}:${row.rowId ?? row.rowKey}`))
  if (carried.length > 0) {
    const listed: UndoConflict[] = []
    for (const row of carried) {
      const changes = JSON.parse(row.changes) as Record<string, unknown>
      const values = row.action === 'update' ? Object.fromEntries(Object.entries(changes).map(([field, pair]) => [field, (pair as unknown[])[0]])) : changes
      const later = await laterChange(trx, { table: row.tableName, rowId: row.rowId, rowKey: row.rowKey }, operationId)
      listed.push({
        record: await describe(trx, row.tableName, row.rowId, values),
        change: 'ajout postérieur, rattaché à une fiche que l’opération a créée',
        at: later?.at ?? null,
        animator: later?.animator ?? null,
        operation: later?.label ?? null,
      })
    }
    throw conflictError(operation.label, listed)
  }
  const label = `Annulation : ${operation.label} (opération n° ${operationId})`
  await trx.updateTable('auditOperations').set({ label }).where('token', '=', token).execute()
  await trx
    .updateTable('auditOperations')
    .set((eb) => ({ undoneBy: eb.selectFrom('auditOperations').select('id').where('token', '=', token) }))
    .where('id', '=', operationId)
    .execute()
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
