import { sql, type Transaction } from 'kysely'
import { withoutAudit } from '../audit/context'
import { recordAuditRows, type ExplicitAuditRow } from '../audit/rows'
import { engineOf, introspectionOf, referencesTo, rememberingIntrospection, textColumns, type ColumnInfo, type SchemaIntrospection } from '../introspection'
import type { Engine } from '../migrations/dialect'
import { subjectKey, type SubjectRef, type SubjectTable } from '../rules/subject-keys'
import type { Database, Db } from '../schema'
import { inTransaction } from '../transaction'
import { forgetAnswers } from '../audit/replay'
import { REDACTED, replacementsFor, scrubJson, scrubText, type Identity, type Replacement } from './name-patterns'
import { findMentions, holding, identityOf, rowKeysOf, rowRef, type RowRef } from './person-export'

// The erasure of one person (a request, or the retention purge). It anonymises rather than
// deletes: the row stays, so that every count (participations, placements, mentoring pairs,
// attendance) stays right, but everything that names the person goes — from the record, from the
// rows about them, from the audit trail, and (with the engine's scrub afterwards, db/sqlite/scrub.ts)
// from the file itself and its full-text index. The same SQL on SQLite and PostgreSQL.
//
// The audit triggers must not copy the erased values into the trail: the work runs under
// withoutAudit, in a transaction begun under it (PostgreSQL reads the audit context when a
// transaction begins). A caller that passes its own transaction must have begun it under
// withoutAudit too, as runPurge does.

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

type Trx = Transaction<Database>

const isText = (column: ColumnInfo) => /TEXT|CHAR|CLOB/i.test(column.type) || column.type === ''

async function anonymousValues(trx: Trx, schema: SchemaIntrospection, ref: SubjectRef, identity: Identity, now: string) {
  const sets = []
  const fields: string[] = []
  const replacements = replacementsFor(identity, true)
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(ref.table)} where id = ${ref.id}`.execute(trx.withoutPlugins())
  const current = rows[0] ?? {}
  for (const column of await schema.columns(ref.table)) {
    if (KEPT_COLUMNS[ref.table].has(column.name)) continue
    if (column.name === 'first_name') {
      sets.push(sql`first_name = ${ref.table === 'people' ? 'Personne' : 'Élève'}`)
    } else if (column.name === 'last_name') {
      sets.push(sql`last_name = ${ref.table === 'people' ? `anonymisée n° ${ref.id}` : 'anonymisé'}`)
    } else if (!isText(column)) {
      continue
    } else if (!column.notNull) {
      if (current[column.name] === null) continue
      sets.push(sql`${sql.ref(column.name)} = null`)
    } else {
      if (typeof current[column.name] !== 'string') continue
      sets.push(sql`${sql.ref(column.name)} = ${scrubText(current[column.name] as string, replacements)}`)
    }
    fields.push(column.name)
  }
  sets.push(sql`anonymised_at = ${now}`, sql`updated_at = ${now}`)
  return { sets, fields }
}

async function rewriteChanges(trx: Trx, row: { id: number; changes: string }, replacements: Replacement[]): Promise<boolean> {
  let parsed: unknown
  try {
    parsed = JSON.parse(row.changes)
  } catch {
    return false
  }
  const before = JSON.stringify(parsed)
  const after = JSON.stringify(scrubJson(parsed, replacements))
  if (after === before) return false
  await trx.updateTable('auditLog').set({ changes: after }).where('id', '=', row.id).execute()
  return true
}

async function redactAudit(trx: Trx, engine: Engine, ref: SubjectRef, identity: Identity, elsewhere: boolean): Promise<number> {
  const subject = `${ref.table}:${ref.id}`
  let count = 0
  // The person's own record: every value goes, the field names stay.
  const own = await trx.selectFrom('auditLog').select(['id', 'action', 'changes']).where('tableName', '=', ref.table).where('rowId', '=', ref.id).orderBy('id').execute()
  for (const row of own) {
    let parsed: Record<string, unknown>
    try {
      parsed = JSON.parse(row.changes) as Record<string, unknown>
    } catch {
      parsed = {}
    }
    const redacted = Object.fromEntries(Object.entries(parsed).map(([field, value]) => [field, Array.isArray(value) && row.action === 'update' ? [REDACTED, REDACTED] : REDACTED]))
    await trx.updateTable('auditLog').set({ changes: JSON.stringify(redacted) }).where('id', '=', row.id).execute()
    count++
  }
  // Rows about the person (links, journal…): names, e-mail and phone removed from the values.
  const withTokens = replacementsFor(identity, true)
  const about = await trx
    .selectFrom('auditLog as l')
    .select(['l.id', 'l.changes'])
    .where('l.id', 'in', (eb) => eb.selectFrom('auditSubjects').select('auditId').where('subject', '=', subject))
    .where(sql<boolean>`not (l.table_name = ${ref.table} and l.row_id = ${ref.id})`)
    .orderBy('l.id')
    .execute()
  for (const row of about) if (await rewriteChanges(trx, row, withTokens)) count++
  // Anywhere else in the trail: the full name, e-mail or phone (a full read of the trail: done for
  // an erasure on request, not for each contact of a purge). SQLite's like ignores ASCII case; so does ilike.
  const fullOnly = replacementsFor(identity, false)
  const needle = identity.lastName.trim()
  if (elsewhere && needle.length >= 2) {
    const rows = await trx
      .selectFrom('auditLog')
      .select(['id', 'changes'])
      .where(sql<boolean>`(changes ${holding(needle, engine)} or changes ${holding(identity.email ?? needle, engine)})`)
      .orderBy('id')
      .execute()
    for (const row of rows) if (await rewriteChanges(trx, row, fullOnly)) count++
  }
  return count
}

async function scrubRow(trx: Trx, table: string, at: RowRef, columns: ColumnInfo[], replacements: Replacement[]): Promise<boolean> {
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} where ${at.where}`.execute(trx.withoutPlugins())
  const row = rows[0]
  if (!row) return false
  const sets = []
  for (const column of columns) {
    const value = row[column.name]
    if (typeof value !== 'string') continue
    const scrubbed = scrubText(value, replacements)
    if (scrubbed === value) continue
    sets.push(sql`${sql.ref(column.name)} = ${scrubbed}`)
  }
  if (sets.length === 0) return false
  await sql`update ${sql.table(table)} set ${sql.join(sets)} where ${at.where}`.execute(trx)
  return true
}

/**
 * Anonymises one person, inside the caller's transaction (begun under withoutAudit), and gives the
 * audit row that says so (field names only). The caller then runs the engine's scrub (outside the
 * transaction) so that nothing is left behind.
 */
async function anonymiseOne(trx: Trx, schema: SchemaIntrospection, ref: SubjectRef, options: ErasureOptions): Promise<{ result: ErasureResult; summary: ExplicitAuditRow }> {
  const identity = await identityOf(trx, ref)
  const now = (options.now ?? new Date()).toISOString()
  const withTokens = replacementsFor(identity, true)
  // Rows about the person: their text loses the name (first and last names alone included).
  const related = new Set<string>([`${ref.table}:${ref.id}`])
  let relatedRows = 0
  for (const { table, column } of await referencesTo(schema, ref.table)) {
    const columns = await textColumns(schema, table)
    const keys = rowKeysOf(await schema.columns(table))
    const { rows } = await sql<Record<string, unknown>>`select ${sql.join(keys.columns.map((key) => sql.ref(key)))} from ${sql.table(table)}
      where ${sql.ref(column)} = ${ref.id}`.execute(trx.withoutPlugins())
    for (const row of rows) {
      const at = rowRef(table, keys, row)
      related.add(at.id)
      if (columns.length > 0 && (await scrubRow(trx, table, at, columns, withTokens))) relatedRows++
    }
  }
  // Rows elsewhere naming them in full.
  let mentions = 0
  if (options.scanMentions) {
    const fullOnly = replacementsFor(identity, false)
    for (const mention of await findMentions(trx, ref, related, schema)) {
      const all = await schema.columns(mention.table)
      const keys = rowKeysOf(all)
      const at = rowRef(mention.table, keys, Object.fromEntries(keys.columns.map((key, index) => [key, mention.rowId ?? (JSON.parse(mention.rowKey!) as unknown[])[index]])))
      if (await scrubRow(trx, mention.table, at, all.filter((column) => column.name === mention.column), fullOnly)) mentions++
    }
  }
  const auditRows = await redactAudit(trx, schema.engine, ref, identity, options.scanMentions)
  const { sets, fields } = await anonymousValues(trx, schema, ref, identity, now)
  await sql`update ${sql.table(ref.table)} set ${sql.join(sets)} where id = ${ref.id}`.execute(trx)
  const summary: ExplicitAuditRow = {
    action: 'anonymise',
    table: ref.table,
    rowId: ref.id,
    changes: Object.fromEntries(fields.map((field) => [field, REDACTED])),
    subjects: [`${ref.table}:${ref.id}`],
  }
  return { result: { key: subjectKey(ref), relatedRows, mentions, auditRows }, summary }
}

/** Anonymises people and pupils in one transaction, recording only which fields went (never their values). */
export function anonymiseSubjects(db: Db, refs: SubjectRef[], options: ErasureOptions): Promise<ErasureResult[]> {
  return withoutAudit(() =>
    inTransaction(db, async (trx) => {
      // The schema is read once for all of them.
      const schema = rememberingIntrospection(introspectionOf(trx))
      const results: ErasureResult[] = []
      const summaries: ExplicitAuditRow[] = []
      for (const ref of refs) {
        const { result, summary } = await anonymiseOne(trx, schema, ref, options)
        results.push(result)
        summaries.push(summary)
      }
      await recordAuditRows(trx, summaries)
      // A write's result kept for its retry (db/audit/replay.ts) may name them.
      await forgetAnswers(trx)
      return results
    }),
  )
}

/**
 * Deletes contacts that nothing counts (the retention purge), their descriptive links with them,
 * and redacts what the audit trail kept of them.
 */
export function deletePeople(db: Db, ids: number[]): Promise<number> {
  return withoutAudit(() =>
    inTransaction(db, async (trx) => {
      const rows: ExplicitAuditRow[] = []
      const engine = engineOf(trx)
      for (const id of ids) {
        const ref: SubjectRef = { table: 'people', id }
        await redactAudit(trx, engine, ref, await identityOf(trx, ref), false)
        await trx.deleteFrom('people').where('id', '=', id).execute()
        rows.push({ action: 'delete', table: 'people', rowId: id, changes: {}, subjects: [`people:${id}`] })
      }
      await recordAuditRows(trx, rows)
      await forgetAnswers(trx)
      return rows.length
    }),
  )
}
