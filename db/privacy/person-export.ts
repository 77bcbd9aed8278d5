import { sql, type RawBuilder } from 'kysely'
import { auditedTables } from '../audit/tables'
import { listAuditEntries, recordNames, type AuditEntry, type ReferenceValue } from '../audit/trail'
import { AppError } from '../errors'
import { introspectionOf, referencesTo, textColumns, type ColumnInfo, type SchemaIntrospection } from '../introspection'
import type { Engine } from '../migrations/dialect'
import { personKey } from '../rules/actor-keys'
import type { NameOf } from '../rules/change-format'
import { tableLabel } from '../rules/field-labels'
import { parseSubjectKey, pupilKey, subjectKey, type SubjectRef } from '../rules/subject-keys'
import { foldText } from '../rules/text'
import type { Db } from '../schema'
import { replacementsFor, scrubText, type Identity } from './name-patterns'

// What the app holds about one person (a contact or a named pupil): the record, every row of
// every table that refers to it (found from the schema's foreign keys, so that tables added later
// are covered), the rows elsewhere that name them, and their history. The same SQL on SQLite and
// PostgreSQL; rows are read without the camelCase plugin, so that they keep their columns' names.

export async function identityOf(db: Db, ref: SubjectRef): Promise<Identity> {
  const row =
    ref.table === 'people'
      ? await db.selectFrom('people').select(['firstName', 'lastName', 'email', 'phone', 'anonymisedAt']).where('id', '=', ref.id).executeTakeFirst()
      : await db
          .selectFrom('pupils')
          .select(['firstName', 'lastName', sql<string | null>`null`.as('email'), sql<string | null>`null`.as('phone'), 'anonymisedAt'])
          .where('id', '=', ref.id)
          .executeTakeFirst()
  if (!row) throw new AppError('not_found', ref.table === 'people' ? `Aucune personne n° ${ref.id}.` : `Aucun élève n° ${ref.id}.`)
  return { ref, firstName: row.firstName, lastName: row.lastName, email: row.email, phone: row.phone, anonymisedAt: row.anonymisedAt }
}

export async function subjectLabel(db: Db, ref: SubjectRef): Promise<string> {
  const identity = await identityOf(db, ref)
  return `${identity.firstName} ${identity.lastName}`.trim()
}

/**
 * Finds the person a command line names: `12` or `p12` (a contact), `e12` (a pupil), or an e-mail
 * address (a contact, when exactly one has it).
 */
export async function resolveSubject(db: Db, given: string): Promise<SubjectRef> {
  const text = given.trim()
  if (/^\d+$/.test(text)) return ensureExists(db, { table: 'people', id: Number(text) })
  if (/^[pe]\d+$/i.test(text)) return ensureExists(db, parseSubjectKey(text.toLowerCase()))
  if (text.includes('@')) {
    const rows = await db.selectFrom('people').select(['id', 'firstName', 'lastName']).where(sql<boolean>`lower(email) = lower(${text})`).orderBy('id').execute()
    if (rows.length === 0) throw new AppError('not_found', `Aucune personne avec le courriel ${text}.`)
    if (rows.length > 1) {
      throw new AppError('conflict', `Plusieurs personnes ont ce courriel : ${rows.map((row) => `p${row.id} (${row.firstName} ${row.lastName})`).join(', ')}. Précisez le numéro.`)
    }
    return { table: 'people', id: rows[0]!.id }
  }
  throw new AppError('invalid_input', `Indiquez un numéro (12, p12, e12 pour un élève) ou un courriel : « ${given} ».`)
}

async function ensureExists(db: Db, ref: SubjectRef): Promise<SubjectRef> {
  await identityOf(db, ref)
  return ref
}

/**
 * `like` for a text holding `needle` as it is (its % and _ match themselves). ASCII case counts on
 * PostgreSQL and not on SQLite: the callers compare folded text, or say which they want.
 */
export function holding(needle: string, caseless: Engine | null = null): RawBuilder<unknown> {
  const pattern = `%${needle.replace(/[\\%_]/g, (character) => `\\${character}`)}%`
  return caseless === 'postgres' ? sql`ilike ${pattern} escape '\\'` : sql`like ${pattern} escape '\\'`
}

export interface SubjectCandidate {
  key: string
  kind: 'contact' | 'élève'
  name: string
  detail: string
  anonymised: boolean
}

/** Contacts and pupils matching a name or an e-mail, for the page's « demande d'une personne ». */
export async function findSubjects(db: Db, query: string, limit = 20): Promise<SubjectCandidate[]> {
  const folded = foldText(query)
  if (folded.length < 2) return []
  const like = holding(folded)
  const people = await db
    .selectFrom('people')
    .select(['id', 'firstName', 'lastName', 'email', 'anonymisedAt'])
    .where(sql<boolean>`(vitawin_fold(first_name || ' ' || last_name) ${like} or vitawin_fold(last_name || ' ' || first_name) ${like} or lower(email) ${like})`)
    .orderBy('lastName')
    .orderBy('firstName')
    .limit(limit)
    .execute()
  const pupils = await db
    .selectFrom('pupils as p')
    .leftJoin('organisations as o', 'o.id', 'p.schoolId')
    .select(['p.id', 'p.firstName', 'p.lastName', 'p.schoolYear', 'o.name as school', 'p.anonymisedAt'])
    .where(sql<boolean>`(vitawin_fold(p.first_name || ' ' || p.last_name) ${like} or vitawin_fold(p.last_name || ' ' || p.first_name) ${like})`)
    .orderBy('p.lastName')
    .orderBy('p.firstName')
    .limit(limit)
    .execute()
  return [
    ...people.map((row) => ({
      key: personKey(row.id),
      kind: 'contact' as const,
      name: `${row.firstName} ${row.lastName}`,
      detail: row.email ?? '',
      anonymised: row.anonymisedAt !== null,
    })),
    ...pupils.map((row) => ({
      key: pupilKey(row.id),
      kind: 'élève' as const,
      name: `${row.firstName} ${row.lastName}`,
      detail: [row.school, row.schoolYear].filter(Boolean).join(' · '),
      anonymised: row.anonymisedAt !== null,
    })),
  ].slice(0, limit)
}

/** How a row of a table is found again: by its primary key (its integer id, for nearly every table). */
export interface RowKeys {
  columns: string[]
  /** The key is one integer column: the row's number. */
  integer: boolean
}

export function rowKeysOf(columns: ColumnInfo[]): RowKeys {
  const keys = columns.filter((column) => column.primaryKey > 0).sort((a, b) => a.primaryKey - b.primaryKey)
  // A table without a primary key (none today) is found by all its columns.
  if (keys.length === 0) return { columns: columns.map((column) => column.name), integer: false }
  return { columns: keys.map((column) => column.name), integer: keys.length === 1 && /^int/i.test(keys[0]!.type) }
}

export interface RowRef {
  /** The integer key, when the table has one. */
  rowId: number | null
  /** The key's values as JSON, for a table keyed otherwise. */
  rowKey: string | null
  /** `table:rowId` or `table:rowKey`, to tell rows apart. */
  id: string
  where: RawBuilder<boolean>
}

export function rowRef(table: string, keys: RowKeys, row: Record<string, unknown>): RowRef {
  const values = keys.columns.map((column) => row[column])
  const rowId = keys.integer ? Number(values[0]) : null
  const rowKey = keys.integer ? null : JSON.stringify(values)
  const where = sql.join(
    keys.columns.map((column, index) => (values[index] === null ? sql`${sql.ref(column)} is null` : sql`${sql.ref(column)} = ${values[index]}`)),
    sql` and `,
  )
  return { rowId, rowKey, id: `${table}:${rowId ?? rowKey}`, where: sql<boolean>`${where}` }
}

export interface Mention {
  table: string
  tableLabel: string
  /** The row's number; null for a table keyed otherwise (rowKey then). */
  rowId: number | null
  rowKey: string | null
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
export async function findMentions(db: Db, ref: SubjectRef, skip: Set<string> = new Set(), schema: SchemaIntrospection = introspectionOf(db)): Promise<Mention[]> {
  const identity = await identityOf(db, ref)
  const replacements = replacementsFor(identity, false)
  if (replacements.length === 0) return []
  // A cheap filter in SQL (the folded last name, or the e-mail), then the exact patterns.
  const needles = [foldText(identity.lastName), identity.email ? foldText(identity.email) : null].filter((needle): needle is string => Boolean(needle && needle.length >= 2))
  if (needles.length === 0) return []
  const raw = db.withoutPlugins()
  const mentions: Mention[] = []
  for (const table of await auditedTables(schema)) {
    const all = await schema.columns(table)
    const columns = await textColumns(schema, table)
    if (columns.length === 0) continue
    const keys = rowKeysOf(all)
    const where = sql.join(
      columns.flatMap((column) => needles.map((needle) => sql`vitawin_fold(${sql.ref(column.name)}) ${holding(needle)}`)),
      sql` or `,
    )
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} where ${where}`.execute(raw)
    for (const row of rows) {
      const at = rowRef(table, keys, row)
      if (skip.has(at.id)) continue
      for (const column of columns) {
        const value = row[column.name]
        if (typeof value !== 'string') continue
        if (scrubText(value, replacements) === value) continue
        const first = replacements.map(({ pattern }) => new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(value)).find(Boolean)
        const index = first?.index ?? 0
        const excerpt = `${index > 30 ? '…' : ''}${value.slice(Math.max(0, index - 30), index + 60)}${value.length > index + 60 ? '…' : ''}`
        mentions.push({ table, tableLabel: tableLabel(table), rowId: at.rowId, rowKey: at.rowKey, column: column.name, excerpt })
      }
    }
  }
  return mentions
}

/** Everything the app holds about the person: the record, every row that refers to it, mentions, history. */
export async function exportSubject(db: Db, ref: SubjectRef): Promise<SubjectExport> {
  const identity = await identityOf(db, ref)
  const schema = introspectionOf(db)
  const raw = db.withoutPlugins()
  const { rows: own } = await sql<Record<string, unknown>>`select * from ${sql.table(ref.table)} where id = ${ref.id}`.execute(raw)
  const sections: SubjectSection[] = [{ table: ref.table, label: tableLabel(ref.table), via: '', rows: own }]
  const related = new Set<string>([`${ref.table}:${ref.id}`])
  for (const { table, column } of await referencesTo(schema, ref.table)) {
    const keys = rowKeysOf(await schema.columns(table))
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} where ${sql.ref(column)} = ${ref.id} order by ${sql.join(keys.columns.map((key) => sql.ref(key)))}`.execute(raw)
    if (rows.length === 0) continue
    for (const row of rows) related.add(rowRef(table, keys, row).id)
    sections.push({ table, label: tableLabel(table), via: column, rows })
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
    mentions: await findMentions(db, ref, related),
    history: (await listAuditEntries(db, { subject: `${ref.table}:${ref.id}`, limit: 100_000, full: true })).entries,
  }
}

/** The names behind the ids and codes of an export's rows, for its workbook. */
export function exportNames(db: Db, data: SubjectExport): Promise<NameOf> {
  return recordNames(
    db,
    data.sections.flatMap((section) => section.rows.flatMap((row) => Object.entries(row).map(([column, value]): ReferenceValue => [section.table, column, value]))),
  )
}
