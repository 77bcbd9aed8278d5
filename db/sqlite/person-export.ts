import type BetterSqlite3 from 'better-sqlite3'
import { AppError } from '../errors'
import { replacementsFor, scrubText, type Identity } from '../privacy/name-patterns'
import { parseSubjectKey, pupilKey, subjectKey, type SubjectRef, type SubjectTable } from '../rules/subject-keys'
import { personKey } from '../rules/actor-keys'
import { tableLabel } from '../rules/field-labels'
import { foldText } from '../rules/text'
import { auditedTables } from './audit'
import { listAuditEntries, type AuditEntry } from './audit-trail'
import { quoteId, referencesTo, textColumns } from './schema-info'

// SQLite-only: what the app holds about one person (a contact or a named pupil): the record,
// every row of every table that refers to it (found from the schema's foreign keys, so that
// tables added later are covered), the rows elsewhere that name them, and their history.

export function identityOf(sqlite: BetterSqlite3.Database, ref: SubjectRef): Identity {
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
      key: personKey(row.id),
      kind: 'contact' as const,
      name: `${row.first_name} ${row.last_name}`,
      detail: row.email ?? '',
      anonymised: row.anonymised_at !== null,
    })),
    ...pupils.map((row) => ({
      key: pupilKey(row.id),
      kind: 'élève' as const,
      name: `${row.first_name} ${row.last_name}`,
      detail: [row.school, row.school_year].filter(Boolean).join(' · '),
      anonymised: row.anonymised_at !== null,
    })),
  ].slice(0, limit)
}

export type ReferenceCache = Map<SubjectTable, ReturnType<typeof referencesTo>>

/** Every (table, column) that refers to the person's table (read once per erasure of many). */
export function referencingColumns(sqlite: BetterSqlite3.Database, ref: SubjectRef, cache: ReferenceCache = new Map()) {
  let found = cache.get(ref.table)
  if (!found) cache.set(ref.table, (found = referencesTo(sqlite, ref.table)))
  return found
}

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
    history: listAuditEntries(sqlite, { subject: `${ref.table}:${ref.id}`, limit: 100_000, full: true }).entries,
  }
}
