import type BetterSqlite3 from 'better-sqlite3'
import { AppError } from '../errors'
import { foldText } from '../rules/text'
import { listAuditEntries, type AuditEntry } from '../audit/trail'
import { tableLabel } from '../rules/field-labels'
import { auditedTables, recordAuditRows, withoutAudit, type ExplicitAuditRow } from '../sqlite/audit'
import { referencesTo } from '../sqlite/references'

// What the app holds about one person (a contact of the directory, or a named pupil), and its
// erasure. Tables that refer to the person are found from the schema (foreign keys), so tables
// added later are covered. Erasure anonymises rather than deletes: the row stays, so that every
// count (participations, placements, mentoring pairs, attendance) stays right, but everything that
// names the person goes — from the record, from the rows about them, from the audit trail, and
// (with removeResidue afterwards) from the file itself and its full-text index.

export type SubjectTable = 'people' | 'pupils'

export interface SubjectRef {
  table: SubjectTable
  id: number
}

export const ERASED_NAME = '[personne anonymisée]'
const ERASED_EMAIL = '[courriel effacé]'
const ERASED_PHONE = '[téléphone effacé]'
const REDACTED = '[effacé]'

/** 'p12' for a contact, 'e3' for a pupil (élève). */
export function subjectKey(ref: SubjectRef): string {
  return `${ref.table === 'people' ? 'p' : 'e'}${ref.id}`
}

export function parseSubjectKey(key: string): SubjectRef {
  const match = /^([pe])([1-9]\d{0,14})$/.exec(key)
  if (!match) throw new AppError('invalid_input', `Personne invalide : « ${key} » (attendu p12 pour un contact, e12 pour un élève).`)
  return { table: match[1] === 'p' ? 'people' : 'pupils', id: Number(match[2]) }
}

interface Identity {
  ref: SubjectRef
  firstName: string
  lastName: string
  email: string | null
  phone: string | null
  anonymisedAt: string | null
}

function identityOf(sqlite: BetterSqlite3.Database, ref: SubjectRef): Identity {
  const row = (
    ref.table === 'people'
      ? sqlite.prepare('select first_name, last_name, email, phone, anonymised_at from people where id = ?').get(ref.id)
      : sqlite.prepare('select first_name, last_name, null as email, null as phone, anonymised_at from pupils where id = ?').get(ref.id)
  ) as { first_name: string; last_name: string; email: string | null; phone: string | null; anonymised_at: string | null } | undefined
  if (!row) throw new AppError('not_found', ref.table === 'people' ? `Aucune personne n° ${ref.id}.` : `Aucun élève n° ${ref.id}.`)
  return { ref, firstName: row.first_name, lastName: row.last_name, email: row.email, phone: row.phone, anonymisedAt: row.anonymised_at }
}

export function subjectLabel(sqlite: BetterSqlite3.Database, ref: SubjectRef): string {
  const identity = identityOf(sqlite, ref)
  return `${identity.firstName} ${identity.lastName}`.trim()
}

/**
 * Finds the person a command line names: `12` or `p12` (a contact), `e12` (a pupil), or an e-mail
 * address (a contact, when exactly one has it).
 */
export function resolveSubject(sqlite: BetterSqlite3.Database, given: string): SubjectRef {
  const text = given.trim()
  if (/^\d+$/.test(text)) return ensureExists(sqlite, { table: 'people', id: Number(text) })
  if (/^[pe]\d+$/i.test(text)) return ensureExists(sqlite, parseSubjectKey(text.toLowerCase()))
  if (text.includes('@')) {
    const rows = sqlite.prepare('select id, first_name, last_name from people where lower(email) = lower(?)').all(text) as { id: number; first_name: string; last_name: string }[]
    if (rows.length === 0) throw new AppError('not_found', `Aucune personne avec le courriel ${text}.`)
    if (rows.length > 1) {
      throw new AppError('conflict', `Plusieurs personnes ont ce courriel : ${rows.map((row) => `p${row.id} (${row.first_name} ${row.last_name})`).join(', ')}. Précisez le numéro.`)
    }
    return { table: 'people', id: rows[0]!.id }
  }
  throw new AppError('invalid_input', `Indiquez un numéro (12, p12, e12 pour un élève) ou un courriel : « ${given} ».`)
}

function ensureExists(sqlite: BetterSqlite3.Database, ref: SubjectRef): SubjectRef {
  identityOf(sqlite, ref)
  return ref
}

export interface SubjectCandidate {
  key: string
  kind: 'contact' | 'élève'
  name: string
  detail: string
  anonymised: boolean
}

/** Contacts and pupils matching a name or an e-mail, for the page's « demande d'une personne ». */
export function findSubjects(sqlite: BetterSqlite3.Database, query: string, limit = 20): SubjectCandidate[] {
  const folded = foldText(query)
  if (folded.length < 2) return []
  const like = `%${folded}%`
  const people = sqlite
    .prepare(
      `select id, first_name, last_name, email, anonymised_at from people
       where vitawin_fold(first_name || ' ' || last_name) like ? or vitawin_fold(last_name || ' ' || first_name) like ? or lower(email) like ?
       order by last_name, first_name limit ?`,
    )
    .all(like, like, like, limit) as { id: number; first_name: string; last_name: string; email: string | null; anonymised_at: string | null }[]
  const pupils = sqlite
    .prepare(
      `select p.id, p.first_name, p.last_name, p.school_year, o.name as school, p.anonymised_at from pupils p left join organisations o on o.id = p.school_id
       where vitawin_fold(p.first_name || ' ' || p.last_name) like ? or vitawin_fold(p.last_name || ' ' || p.first_name) like ?
       order by p.last_name, p.first_name limit ?`,
    )
    .all(like, like, limit) as { id: number; first_name: string; last_name: string; school_year: string; school: string | null; anonymised_at: string | null }[]
  return [
    ...people.map((row) => ({
      key: `p${row.id}`,
      kind: 'contact' as const,
      name: `${row.first_name} ${row.last_name}`,
      detail: row.email ?? '',
      anonymised: row.anonymised_at !== null,
    })),
    ...pupils.map((row) => ({
      key: `e${row.id}`,
      kind: 'élève' as const,
      name: `${row.first_name} ${row.last_name}`,
      detail: [row.school, row.school_year].filter(Boolean).join(' · '),
      anonymised: row.anonymised_at !== null,
    })),
  ].slice(0, limit)
}

// ---------------------------------------------------------------------------------------------
// Patterns: what names the person in free text.

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function wordPattern(text: string): string {
  // Words of the name, any spacing or hyphen between them, not inside a longer word.
  const words = text.trim().split(/[\s-]+/).filter(Boolean).map(escapeRegExp)
  return `(?<![\\p{L}\\p{N}])${words.join('[\\s-]+')}(?![\\p{L}\\p{N}])`
}

interface Replacement {
  pattern: RegExp
  by: string
}

/** Full name (both orders), e-mail and phone; with `tokens`, also the first and last names alone. */
function replacementsFor(identity: Identity, tokens: boolean): Replacement[] {
  const list: Replacement[] = []
  const first = identity.firstName.trim()
  const last = identity.lastName.trim()
  if (first && last) {
    list.push({ pattern: new RegExp(wordPattern(`${first} ${last}`), 'giu'), by: ERASED_NAME })
    list.push({ pattern: new RegExp(wordPattern(`${last} ${first}`), 'giu'), by: ERASED_NAME })
  }
  if (identity.email) list.push({ pattern: new RegExp(escapeRegExp(identity.email), 'gi'), by: ERASED_EMAIL })
  const digits = (identity.phone ?? '').replace(/\D/g, '')
  if (digits.length >= 9) {
    const national = digits.startsWith('33') ? `0${digits.slice(2)}` : digits
    list.push({ pattern: new RegExp(national.split('').join('[\\s.\\-]?'), 'g'), by: ERASED_PHONE })
  }
  if (tokens) {
    for (const token of new Set([last, first])) {
      if (token.length >= 3) list.push({ pattern: new RegExp(wordPattern(token), 'giu'), by: ERASED_NAME })
    }
  }
  return list
}

function scrubText(text: string, replacements: Replacement[]): string {
  let result = text
  for (const { pattern, by } of replacements) result = result.replace(pattern, by)
  return result
}

function scrubJson(value: unknown, replacements: Replacement[]): unknown {
  if (typeof value === 'string') return scrubText(value, replacements)
  if (Array.isArray(value)) return value.map((item) => scrubJson(item, replacements))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubJson(item, replacements)]))
  }
  return value
}

// ---------------------------------------------------------------------------------------------
// Schema helpers

function quoteId(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

interface Column {
  name: string
  type: string
  notnull: number
  pk: number
}

function columnsOf(sqlite: BetterSqlite3.Database, table: string): Column[] {
  return sqlite.pragma(`table_info(${quoteId(table)})`) as Column[]
}

function textColumns(sqlite: BetterSqlite3.Database, table: string): Column[] {
  return columnsOf(sqlite, table).filter((column) => /TEXT|CHAR|CLOB/i.test(column.type) || column.type === '')
}

type ReferenceCache = Map<SubjectTable, ReturnType<typeof referencesTo>>

/** Every (table, column) that refers to the person's table (read once per erasure of many). */
function referencingColumns(sqlite: BetterSqlite3.Database, ref: SubjectRef, cache: ReferenceCache = new Map()) {
  let found = cache.get(ref.table)
  if (!found) cache.set(ref.table, (found = referencesTo(sqlite, ref.table)))
  return found
}

// ---------------------------------------------------------------------------------------------
// Export

export interface Mention {
  table: string
  tableLabel: string
  rowId: number
  column: string
  excerpt: string
}

export interface SubjectSection {
  table: string
  label: string
  /** The column that refers to the person ('' for the record itself). */
  via: string
  rows: Record<string, unknown>[]
}

export interface SubjectExport {
  subject: { key: string; kind: 'contact' | 'élève'; id: number; name: string; anonymised: boolean }
  generatedAt: string
  sections: SubjectSection[]
  mentions: Mention[]
  history: AuditEntry[]
}

/** Rows of other tables whose text names the person in full (or gives their e-mail or phone). */
export function findMentions(sqlite: BetterSqlite3.Database, ref: SubjectRef, skip: Set<string> = new Set()): Mention[] {
  const identity = identityOf(sqlite, ref)
  const replacements = replacementsFor(identity, false)
  if (replacements.length === 0) return []
  // A cheap filter in SQL (the folded last name, or the e-mail), then the exact patterns.
  const needles = [foldText(identity.lastName), identity.email ? foldText(identity.email) : null].filter((needle): needle is string => Boolean(needle && needle.length >= 2))
  const mentions: Mention[] = []
  for (const table of auditedTables(sqlite)) {
    const columns = textColumns(sqlite, table)
    if (columns.length === 0) continue
    const where = columns.flatMap((column) => needles.map(() => `vitawin_fold(${quoteId(column.name)}) like ?`)).join(' or ')
    const params = columns.flatMap(() => needles.map((needle) => `%${needle}%`))
    const rows = sqlite.prepare(`select rowid as _rowid, * from ${quoteId(table)} where ${where}`).all(...params) as Record<string, unknown>[]
    for (const row of rows) {
      const rowId = Number(row._rowid)
      if (skip.has(`${table}:${rowId}`)) continue
      for (const column of columns) {
        const value = row[column.name]
        if (typeof value !== 'string') continue
        if (scrubText(value, replacements) === value) continue
        const first = replacements.map(({ pattern }) => new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(value)).find(Boolean)
        const index = first?.index ?? 0
        const excerpt = `${index > 30 ? '…' : ''}${value.slice(Math.max(0, index - 30), index + 60)}${value.length > index + 60 ? '…' : ''}`
        mentions.push({ table, tableLabel: tableLabel(table), rowId, column: column.name, excerpt })
      }
    }
  }
  return mentions
}

/** Everything the app holds about the person: the record, every row that refers to it, mentions, history. */
export function exportSubject(sqlite: BetterSqlite3.Database, ref: SubjectRef): SubjectExport {
  const identity = identityOf(sqlite, ref)
  const own = sqlite.prepare(`select * from ${quoteId(ref.table)} where id = ?`).get(ref.id) as Record<string, unknown>
  const sections: SubjectSection[] = [{ table: ref.table, label: tableLabel(ref.table), via: '', rows: [own] }]
  const related = new Set<string>([`${ref.table}:${ref.id}`])
  for (const { table, column } of referencingColumns(sqlite, ref)) {
    const rows = sqlite.prepare(`select rowid as _rowid, * from ${quoteId(table)} where ${quoteId(column)} = ?`).all(ref.id) as Record<string, unknown>[]
    if (rows.length === 0) continue
    for (const row of rows) related.add(`${table}:${row._rowid}`)
    sections.push({ table, label: tableLabel(table), via: column, rows: rows.map(({ _rowid: _ignored, ...rest }) => rest) })
  }
  return {
    subject: {
      key: subjectKey(ref),
      kind: ref.table === 'people' ? 'contact' : 'élève',
      id: ref.id,
      name: `${identity.firstName} ${identity.lastName}`,
      anonymised: identity.anonymisedAt !== null,
    },
    generatedAt: new Date().toISOString(),
    sections,
    mentions: findMentions(sqlite, ref, related),
    history: listAuditEntries(sqlite, { subject: `${ref.table}:${ref.id}`, limit: 100_000 }).entries,
  }
}

// ---------------------------------------------------------------------------------------------
// Erasure

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

function scrubRow(sqlite: BetterSqlite3.Database, table: string, rowId: number, columns: Column[], replacements: Replacement[]): boolean {
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
  return withoutAudit(sqlite, () => inTransaction(sqlite, () => refs.map((ref) => anonymiseOne(sqlite, ref, options, cache))))
}

/**
 * Deletes contacts that nothing counts (the retention purge), their descriptive links with them,
 * and redacts what the audit trail kept of them.
 */
export function deletePeople(sqlite: BetterSqlite3.Database, ids: number[]): number {
  return withoutAudit(sqlite, () =>
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
