import type BetterSqlite3 from 'better-sqlite3'
import { REDACTED, replacementsFor, scrubJson, scrubText, type Identity, type Replacement } from '../privacy/name-patterns'
import { subjectKey, type SubjectRef, type SubjectTable } from '../rules/subject-keys'
import { withoutAudit } from '../audit/context'
import { recordAuditRows, type ExplicitAuditRow } from './audit'
import { findMentions, identityOf, referencingColumns, type ReferenceCache } from './person-export'
import { columnsOf, quoteId, textColumns, type ColumnInfo } from './schema-info'

// SQLite-only: the erasure of one person (a request, or the retention purge). It anonymises
// rather than deletes: the row stays, so that every count (participations, placements, mentoring
// pairs, attendance) stays right, but everything that names the person goes — from the record,
// from the rows about them, from the audit trail, and (with removeResidue afterwards) from the
// file itself and its full-text index.

/** Columns of the person's record that stay (they name no one and the statistics use them). */
const KEPT_COLUMNS: Record<SubjectTable, Set<string>> = {
  people: new Set(['id', 'profile_code', 'town_code', 'status', 'joined_on', 'created_at', 'updated_at', 'anonymised_at']),
  pupils: new Set(['id', 'is_minor', 'school_id', 'level_code', 'school_year', 'created_at', 'updated_at', 'anonymised_at']),
}

export interface ErasureOptions {
  /** Also look for the full name in every other table (slower; done for an erasure on request). */
  scanMentions: boolean
  now?: Date
}

export interface ErasureResult {
  key: string
  /** Rows about the person whose text was cleaned. */
  relatedRows: number
  /** Rows elsewhere that named the person. */
  mentions: number
  /** Audit rows whose values were redacted. */
  auditRows: number
}

function anonymousValues(sqlite: BetterSqlite3.Database, ref: SubjectRef, identity: Identity, now: string): { sets: string[]; params: unknown[]; fields: string[] } {
  const sets: string[] = []
  const params: unknown[] = []
  const fields: string[] = []
  const replacements = replacementsFor(identity, true)
  const current = sqlite.prepare(`select * from ${quoteId(ref.table)} where id = ?`).get(ref.id) as Record<string, unknown>
  for (const column of columnsOf(sqlite, ref.table)) {
    if (KEPT_COLUMNS[ref.table].has(column.name)) continue
    if (column.name === 'first_name') {
      sets.push('first_name = ?')
      params.push(ref.table === 'people' ? 'Personne' : 'Élève')
    } else if (column.name === 'last_name') {
      sets.push('last_name = ?')
      params.push(ref.table === 'people' ? `anonymisée n° ${ref.id}` : 'anonymisé')
    } else if (!/TEXT|CHAR|CLOB/i.test(column.type) && column.type !== '') {
      continue
    } else if (!column.notnull) {
      if (current[column.name] === null) continue
      sets.push(`${quoteId(column.name)} = null`)
    } else {
      if (typeof current[column.name] !== 'string') continue
      sets.push(`${quoteId(column.name)} = ?`)
      params.push(scrubText(current[column.name] as string, replacements))
    }
    fields.push(column.name)
  }
  sets.push('anonymised_at = ?', 'updated_at = ?')
  params.push(now, now)
  return { sets, params, fields }
}

function rewriteChanges(update: BetterSqlite3.Statement, row: { id: number; changes: string }, replacements: Replacement[]): boolean {
  let parsed: unknown
  try {
    parsed = JSON.parse(row.changes)
  } catch {
    return false
  }
  const before = JSON.stringify(parsed)
  const after = JSON.stringify(scrubJson(parsed, replacements))
  if (after === before) return false
  update.run(after, row.id)
  return true
}

// The statements run for every person of a purge, prepared once per connection (preparing one
// costs more than running it: the schema has many triggers).
const AUDIT_SQL = {
  update: 'update audit_log set changes = ? where id = ?',
  own: 'select id, action, changes from audit_log where table_name = ? and row_id = ?',
  about: 'select l.id, l.changes from audit_log l where l.id in (select audit_id from audit_subjects where subject = ?) and not (l.table_name = ? and l.row_id = ?)',
  deletePerson: 'delete from people where id = ?',
} as const
const auditStatements = new WeakMap<BetterSqlite3.Database, Record<keyof typeof AUDIT_SQL, BetterSqlite3.Statement>>()

function statementsOf(sqlite: BetterSqlite3.Database): Record<keyof typeof AUDIT_SQL, BetterSqlite3.Statement> {
  let statements = auditStatements.get(sqlite)
  if (!statements) {
    statements = Object.fromEntries(Object.entries(AUDIT_SQL).map(([key, text]) => [key, sqlite.prepare(text)])) as Record<keyof typeof AUDIT_SQL, BetterSqlite3.Statement>
    auditStatements.set(sqlite, statements)
  }
  return statements
}

/**
 * Runs `run` in a transaction, or in the caller's when there is one: a nested transaction would
 * be a savepoint, under which each delete with its triggers costs about ten times more.
 */
function inTransaction<T>(sqlite: BetterSqlite3.Database, run: () => T): T {
  return sqlite.inTransaction ? run() : sqlite.transaction(run)()
}

function redactAudit(sqlite: BetterSqlite3.Database, ref: SubjectRef, identity: Identity, elsewhere: boolean): number {
  const subject = `${ref.table}:${ref.id}`
  const statements = statementsOf(sqlite)
  const update = statements.update
  let count = 0
  // The person's own record: every value goes, the field names stay.
  const own = statements.own.all(ref.table, ref.id) as { id: number; action: string; changes: string }[]
  for (const row of own) {
    let parsed: Record<string, unknown>
    try {
      parsed = JSON.parse(row.changes) as Record<string, unknown>
    } catch {
      parsed = {}
    }
    const redacted = Object.fromEntries(Object.entries(parsed).map(([field, value]) => [field, Array.isArray(value) && row.action === 'update' ? [REDACTED, REDACTED] : REDACTED]))
    update.run(JSON.stringify(redacted), row.id)
    count++
  }
  // Rows about the person (links, journal…): names, e-mail and phone removed from the values.
  const withTokens = replacementsFor(identity, true)
  const about = statements.about.all(subject, ref.table, ref.id) as { id: number; changes: string }[]
  for (const row of about) if (rewriteChanges(update, row, withTokens)) count++
  // Anywhere else in the trail: the full name, e-mail or phone (a full read of the trail: done for
  // an erasure on request, not for each contact of a purge).
  const fullOnly = replacementsFor(identity, false)
  const needle = identity.lastName.trim()
  if (elsewhere && needle.length >= 2) {
    const elsewhere = sqlite
      .prepare('select id, changes from audit_log where (changes like ? or changes like ?)')
      .all(`%${needle}%`, identity.email ? `%${identity.email}%` : `%${needle}%`) as { id: number; changes: string }[]
    for (const row of elsewhere) if (rewriteChanges(update, row, fullOnly)) count++
  }
  return count
}

function scrubRow(sqlite: BetterSqlite3.Database, table: string, rowId: number, columns: ColumnInfo[], replacements: Replacement[]): boolean {
  const row = sqlite.prepare(`select * from ${quoteId(table)} where rowid = ?`).get(rowId) as Record<string, unknown> | undefined
  if (!row) return false
  const sets: string[] = []
  const params: unknown[] = []
  for (const column of columns) {
    const value = row[column.name]
    if (typeof value !== 'string') continue
    const scrubbed = scrubText(value, replacements)
    if (scrubbed === value) continue
    sets.push(`${quoteId(column.name)} = ?`)
    params.push(scrubbed)
  }
  if (sets.length === 0) return false
  sqlite.prepare(`update ${quoteId(table)} set ${sets.join(', ')} where rowid = ?`).run(...params, rowId)
  return true
}

/**
 * Anonymises one person. Run it inside a transaction, under the audit operation it belongs to;
 * then call removeResidue() (outside the transaction) so that nothing is left in the file.
 */
function anonymiseOne(sqlite: BetterSqlite3.Database, ref: SubjectRef, options: ErasureOptions, cache: ReferenceCache): ErasureResult {
  const identity = identityOf(sqlite, ref)
  const now = (options.now ?? new Date()).toISOString()
  const withTokens = replacementsFor(identity, true)
  // Rows about the person: their text loses the name (first and last names alone included).
  const related = new Set<string>([`${ref.table}:${ref.id}`])
  let relatedRows = 0
  for (const { table, column } of referencingColumns(sqlite, ref, cache)) {
    const columns = textColumns(sqlite, table)
    const rowIds = sqlite.prepare(`select rowid from ${quoteId(table)} where ${quoteId(column)} = ?`).pluck().all(ref.id) as number[]
    for (const rowId of rowIds) {
      related.add(`${table}:${rowId}`)
      if (columns.length > 0 && scrubRow(sqlite, table, rowId, columns, withTokens)) relatedRows++
    }
  }
  // Rows elsewhere naming them in full.
  let mentions = 0
  if (options.scanMentions) {
    const fullOnly = replacementsFor(identity, false)
    for (const mention of findMentions(sqlite, ref, related)) {
      const columns = textColumns(sqlite, mention.table).filter((column) => column.name === mention.column)
      if (scrubRow(sqlite, mention.table, mention.rowId, columns, fullOnly)) mentions++
    }
  }
  const auditRows = redactAudit(sqlite, ref, identity, options.scanMentions)
  const { sets, params, fields } = anonymousValues(sqlite, ref, identity, now)
  sqlite.prepare(`update ${quoteId(ref.table)} set ${sets.join(', ')} where id = ?`).run(...params, ref.id)
  recordAuditRows(sqlite, [
    {
      action: 'anonymise',
      table: ref.table,
      rowId: ref.id,
      changes: Object.fromEntries(fields.map((field) => [field, REDACTED])),
      subjects: [`${ref.table}:${ref.id}`],
    },
  ])
  return { key: subjectKey(ref), relatedRows, mentions, auditRows }
}

/** Anonymises people and pupils in one transaction, recording only which fields went (never their values). */
export function anonymiseSubjects(sqlite: BetterSqlite3.Database, refs: SubjectRef[], options: ErasureOptions): ErasureResult[] {
  const cache: ReferenceCache = new Map()
  return withoutAudit(() => inTransaction(sqlite, () => refs.map((ref) => anonymiseOne(sqlite, ref, options, cache))))
}

/**
 * Deletes contacts that nothing counts (the retention purge), their descriptive links with them,
 * and redacts what the audit trail kept of them.
 */
export function deletePeople(sqlite: BetterSqlite3.Database, ids: number[]): number {
  return withoutAudit(() =>
    inTransaction(sqlite, () => {
      const rows: ExplicitAuditRow[] = []
      const remove = statementsOf(sqlite).deletePerson
      for (const id of ids) {
        const ref: SubjectRef = { table: 'people', id }
        const identity = identityOf(sqlite, ref)
        redactAudit(sqlite, ref, identity, false)
        remove.run(id)
        rows.push({ action: 'delete', table: 'people', rowId: id, changes: {}, subjects: [`people:${id}`] })
      }
      recordAuditRows(sqlite, rows)
      return rows.length
    }),
  )
}
