import type BetterSqlite3 from 'better-sqlite3'
import { currentAudit, newAuditOperation, type AuditOperation } from '../audit/context'
import { DIRECT_OPERATION, SUBJECT_TABLES, UNAUDITED_TABLES, UNTRACKED_COLUMNS, type AuditSubjectTable } from '../audit/tables'
import { quoteId } from '../introspection'

// SQLite-only: the audit trail (tables from 0007-audit-privacy).
//
// Every connection of the app installs TEMP triggers, generated from the live schema when the
// store opens (installAuditTriggers): after each insert, update and delete on every data table,
// they write one audit_log row (the record, the fields, old and new values as JSON) under the
// current operation, and the audit_subjects rows that tie it to the actors and pupils it is about.
// Who works and which operation is under way come from this connection's `vitawin_audit(key)`
// SQL function, which reads the audit context (db/audit/context.ts: one operation per API call, CLI command…).
//
// Why TEMP triggers: they live with the connection, not in the file, so they are regenerated at
// every open from the schema as it is then (tables and columns added by later migrations are
// covered without a migration of their own), they never block a migration (SQLite refuses to drop
// a column that a trigger names), and a plain sqlite3 shell on the file still works.

export const AUDIT_TRIGGER_PREFIX = 'vitawin_audit_'

export { UNAUDITED_TABLES, SUBJECT_TABLES } from '../audit/tables'
export type SubjectTable = AuditSubjectTable

// Outside any operation (a test's or a script's direct write), the changes of one connection share
// one operation, recorded as made outside the app.
const ambient = new WeakMap<BetterSqlite3.Database, AuditOperation>()

function operationOf(sqlite: BetterSqlite3.Database): AuditOperation {
  const { operation } = currentAudit()
  if (operation) return operation
  let found = ambient.get(sqlite)
  if (!found) {
    found = newAuditOperation({ ...DIRECT_OPERATION, animator: null })
    ambient.set(sqlite, found)
  }
  return found
}

/** The per-connection SQL function the audit triggers read (see connect()); it reads the caller's audit context. */
export function registerAuditFunctions(sqlite: BetterSqlite3.Database): void {
  sqlite.function('vitawin_audit', { deterministic: false }, (key: unknown) => {
    if (key === 'on') return currentAudit().enabled ? 1 : 0
    const operation = operationOf(sqlite)
    switch (key) {
      case 'token':
        return operation.token
      case 'started':
        return operation.startedAt
      case 'who':
        return operation.animator
      case 'kind':
        return operation.kind
      case 'label':
        return operation.label
      case 'key':
        return operation.requestKey ?? null
      default:
        return null
    }
  })
}

// ---------------------------------------------------------------------------------------------
// Trigger generation

function quoteText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}

interface ColumnInfo {
  name: string
  type: string
  pk: number
  hidden: number
}

interface TableShape {
  name: string
  columns: ColumnInfo[]
  /** The integer primary key (the rowid's alias), when there is one. */
  integerKey: string | null
  keyColumns: string[]
  withoutRowid: boolean
  /** Columns that refer to an actor or a pupil: [column, referenced table]. */
  subjectColumns: [string, SubjectTable][]
}

export function hasAuditTables(sqlite: BetterSqlite3.Database): boolean {
  return sqlite.prepare("select count(*) from main.sqlite_master where type = 'table' and name in ('audit_log', 'audit_operations', 'audit_subjects')").pluck().get() === 3
}

/** The tables the audit trail covers: every table of the file but the FTS index, reference lists and bookkeeping. */
export function auditedTables(sqlite: BetterSqlite3.Database): string[] {
  const rows = sqlite
    .prepare("select name, sql from main.sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name")
    .all() as { name: string; sql: string | null }[]
  const virtual = rows.filter((row) => /^create\s+virtual\s+table/i.test(row.sql ?? '')).map((row) => row.name)
  // FTS5 shadow tables are named after their virtual table: search_index_data, _idx, _config…
  const isShadow = (name: string) => virtual.some((table) => name.startsWith(`${table}_`))
  return rows
    .map((row) => row.name)
    .filter((name) => !virtual.includes(name) && !isShadow(name) && !UNAUDITED_TABLES.has(name))
}

function tableShape(sqlite: BetterSqlite3.Database, name: string): TableShape {
  const columns = (sqlite.pragma(`main.table_xinfo(${quoteId(name)})`) as ColumnInfo[]).filter((column) => column.hidden === 0)
  const keyColumns = columns.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk)
  const sql = (sqlite.prepare("select sql from main.sqlite_master where type = 'table' and name = ?").pluck().get(name) as string) ?? ''
  const withoutRowid = /\)\s*without\s+rowid\s*;?\s*$/i.test(sql)
  const integerKey = !withoutRowid && keyColumns.length === 1 && keyColumns[0]!.type.toUpperCase() === 'INTEGER' ? keyColumns[0]!.name : null
  const subjectColumns: [string, SubjectTable][] = []
  for (const key of sqlite.pragma(`main.foreign_key_list(${quoteId(name)})`) as { table: string; from: string }[]) {
    if ((SUBJECT_TABLES as readonly string[]).includes(key.table)) subjectColumns.push([key.from, key.table as SubjectTable])
  }
  return { name, columns, integerKey, keyColumns: keyColumns.map((column) => column.name), withoutRowid, subjectColumns }
}

const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`
const OPERATION_ID = `(select id from main.audit_operations where token = vitawin_audit('token'))`
/** The operation's row, made with its first change (its request key once 0016-request-keys has run). */
const ensureOperation = (requestKeys: boolean) => `insert into main.audit_operations (token, started_at, animator, kind, label${requestKeys ? ', request_key' : ''})
    select vitawin_audit('token'), vitawin_audit('started'), vitawin_audit('who'), vitawin_audit('kind'), vitawin_audit('label')${requestKeys ? ", vitawin_audit('key')" : ''}
    where not exists (select 1 from main.audit_operations where token = vitawin_audit('token'))`

/** A value JSON can hold (a blob is recorded as its hex text). */
function jsonValue(ref: string, column: ColumnInfo): string {
  const type = column.type.toUpperCase()
  return type === '' || type.includes('BLOB') ? `(case when typeof(${ref}) = 'blob' then hex(${ref}) else ${ref} end)` : ref
}

function triggerSql(shape: TableShape, requestKeys: boolean): string[] {
  const table = shape.name
  const ENSURE_OPERATION = ensureOperation(requestKeys)
  const tracked = shape.columns.filter((column) => column.name !== shape.integerKey && !UNTRACKED_COLUMNS.has(column.name))
  const rowId = (row: 'new' | 'old') => (shape.integerKey ? `${row}.${quoteId(shape.integerKey)}` : shape.withoutRowid ? 'null' : `${row}.rowid`)
  const rowKey = (row: 'new' | 'old') =>
    shape.integerKey || shape.keyColumns.length === 0 ? 'null' : `json_array(${shape.keyColumns.map((column) => `${row}.${quoteId(column)}`).join(', ')})`
  const values = (row: 'new' | 'old') =>
    tracked.length === 0
      ? `'{}'`
      : `json_patch('{}', json_object(${tracked.map((column) => `${quoteText(column.name)}, ${jsonValue(`${row}.${quoteId(column.name)}`, column)}`).join(', ')}))`
  const subjects = (rows: ('new' | 'old')[]) => {
    const parts: string[] = []
    for (const row of rows) {
      if ((SUBJECT_TABLES as readonly string[]).includes(table) && shape.integerKey) {
        parts.push(`select ${quoteText(`${table}:`)} || ${row}.${quoteId(shape.integerKey)} as subject`)
      }
      for (const [column, target] of shape.subjectColumns) {
        parts.push(`select ${quoteText(`${target}:`)} || ${row}.${quoteId(column)} as subject where ${row}.${quoteId(column)} is not null`)
      }
    }
    if (parts.length === 0) return ''
    return `insert into main.audit_subjects (subject, audit_id) select subject, (select max(id) from main.audit_log) from (${parts.join(' union ')});`
  }
  const insertLog = (action: string, row: 'new' | 'old', changes: string) =>
    `insert into main.audit_log (operation_id, at, action, table_name, row_id, row_key, changes)
    values (${OPERATION_ID}, ${NOW}, '${action}', ${quoteText(table)}, ${rowId(row)}, ${rowKey(row)}, ${changes});`
  const name = (event: string) => quoteId(`${AUDIT_TRIGGER_PREFIX}${table}_${event}`)
  const statements = [
    `create temp trigger ${name('insert')} after insert on main.${quoteId(table)} when vitawin_audit('on') begin
    ${ENSURE_OPERATION};
    ${insertLog('insert', 'new', values('new'))}
    ${subjects(['new'])}
  end`,
    `create temp trigger ${name('delete')} after delete on main.${quoteId(table)} when vitawin_audit('on') begin
    ${ENSURE_OPERATION};
    ${insertLog('delete', 'old', values('old'))}
    ${subjects(['old'])}
  end`,
  ]
  if (tracked.length > 0) {
    const changed = tracked.map((column) => `old.${quoteId(column.name)} is not new.${quoteId(column.name)}`).join(' or ')
    const pairs = tracked
      .map(
        (column) =>
          `select ${quoteText(column.name)} as k, ${jsonValue(`old.${quoteId(column.name)}`, column)} as o, ${jsonValue(`new.${quoteId(column.name)}`, column)} as n where old.${quoteId(column.name)} is not new.${quoteId(column.name)}`,
      )
      .join(' union all ')
    statements.push(`create temp trigger ${name('update')} after update on main.${quoteId(table)} when vitawin_audit('on') and (${changed}) begin
    ${ENSURE_OPERATION};
    ${insertLog('update', 'new', `(select json_group_object(k, json_array(o, n)) from (${pairs}))`)}
    ${subjects(['old', 'new'])}
  end`)
  }
  return statements
}

/**
 * (Re)creates this connection's audit triggers from the schema as it is now. Idempotent: the
 * previous ones are dropped first. Does nothing before 0007-audit-privacy. Returns the number of
 * tables covered.
 */
export function installAuditTriggers(sqlite: BetterSqlite3.Database): number {
  const tables = hasAuditTables(sqlite) ? auditedTables(sqlite) : []
  const requestKeys = tables.length > 0 && tableShape(sqlite, 'audit_operations').columns.some((column) => column.name === 'request_key')
  const statements = tables.flatMap((table) => triggerSql(tableShape(sqlite, table), requestKeys))
  // One transaction for the lot: four times faster than one schema change after another.
  const own = !sqlite.inTransaction
  if (own) sqlite.exec('begin')
  try {
    dropAuditTriggers(sqlite)
    for (const statement of statements) sqlite.exec(statement)
    if (own) sqlite.exec('commit')
  } catch (error) {
    if (own && sqlite.inTransaction) sqlite.exec('rollback')
    throw error
  }
  return tables.length
}

export function dropAuditTriggers(sqlite: BetterSqlite3.Database): void {
  const names = sqlite
    .prepare("select name from temp.sqlite_master where type = 'trigger' and name like ? escape '\\'")
    .pluck()
    .all(`${AUDIT_TRIGGER_PREFIX.replaceAll('_', '\\_')}%`) as string[]
  for (const name of names) sqlite.exec(`drop trigger temp.${quoteId(name)}`)
}

/** Audited tables lacking one of their triggers on this connection (should be none). */
export function missingAuditTriggers(sqlite: BetterSqlite3.Database): string[] {
  const present = new Set(
    sqlite.prepare("select name from temp.sqlite_master where type = 'trigger'").pluck().all() as string[],
  )
  const missing: string[] = []
  for (const table of auditedTables(sqlite)) {
    for (const event of ['insert', 'delete']) {
      if (!present.has(`${AUDIT_TRIGGER_PREFIX}${table}_${event}`)) missing.push(`${table} (${event})`)
    }
  }
  return missing
}
