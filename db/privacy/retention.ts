import crypto from 'node:crypto'
import { sql, type RawBuilder } from 'kysely'
import { withoutAudit } from '../audit/context'
import { AppError } from '../errors'
import { introspectionOf, referencesTo, rememberingIntrospection, type SchemaIntrospection } from '../introspection'
import type { Engine } from '../migrations/dialect'
import { personKey } from '../rules/actor-keys'
import { isIsoDate, todayIso } from '../rules/dates'
import { plural } from '../rules/format'
import type { PurgeAction } from '../rules/safety-values'
import { isSchoolYear, schoolYearBounds } from '../rules/school-year'
import { pupilKey, type SubjectRef } from '../rules/subject-keys'
import type { Db } from '../schema'
import { inTransaction } from '../transaction'
import { anonymiseSubjects, deletePeople } from './person-erasure'
import type { RetentionRules } from './register'

// The retention rules, applied (it reads every table that refers to a contact, from the schema):
// a preview of what they would anonymise or delete, then, once the animator confirms that very
// list, the purge. Named pupils go once their school year has ended
// plus the grace period, or when the parental consent has expired; contacts go after N years
// without any activity (Vitawiners, the network's members, stay).

export interface PurgeCandidate {
  key: string
  kind: 'élève' | 'contact'
  id: number
  name: string
  reason: string
  /** The day the rule was reached (end of school year + grace, consent expiry, last activity + N years). */
  dueOn: string
  lastActivity: string | null
  action: PurgeAction
}

export interface PurgePreview {
  today: string
  rules: RetentionRules
  pupils: PurgeCandidate[]
  people: PurgeCandidate[]
  /** Identifies exactly this list: the purge runs only if it still finds the same one. */
  fingerprint: string
}

function addMonths(iso: string, months: number): string {
  const year = Number(iso.slice(0, 4))
  const month = Number(iso.slice(5, 7)) - 1 + months
  const day = Number(iso.slice(8, 10))
  const targetYear = year + Math.floor(month / 12)
  const targetMonth = ((month % 12) + 12) % 12
  const last = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate()
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth + 1).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`
}

/** Link tables that describe a contact without counting anything: deleting them loses no statistic. */
const DESCRIPTIVE_LINKS = new Set(['actor_tags', 'actor_networks', 'actor_action_fields', 'affiliations'])

/**
 * The last day each contact was active: their record's own dates, and every date of every row that
 * refers to them (found from the schema). A row with an end column (ended_on, left_on) left empty
 * is still under way: it counts as today.
 */
async function lastActivityOfPeople(db: Db, schema: SchemaIntrospection, today: string): Promise<Map<number, string>> {
  const last = new Map<number, string>()
  const note = (id: number, date: string | null) => {
    if (!date) return
    const day = date.slice(0, 10)
    if (!isIsoDate(day)) return
    const current = last.get(id)
    if (!current || day > current) last.set(id, day)
  }
  const own = await db.selectFrom('people').select(['id', 'createdAt', 'updatedAt', 'joinedOn']).execute()
  for (const row of own) {
    note(row.id, row.createdAt)
    note(row.id, row.updatedAt)
    note(row.id, row.joinedOn)
  }
  for (const { table, column } of await referencesTo(schema, 'people')) {
    const columns = (await schema.columns(table)).map((info) => info.name)
    const dates = columns.filter((name) => /_(on|at)$/.test(name))
    const open = columns.filter((name) => name === 'ended_on' || name === 'left_on')
    const parts = dates.map((name) => sql<string>`coalesce(max(${sql.ref(name)}), '')`)
    if (open.length > 0) parts.push(sql<string>`max(case when ${sql.join(open.map((name) => sql`${sql.ref(name)} is null`), sql` and `)} then ${today} else '' end)`)
    if (parts.length === 0) continue
    const { rows } = await sql<{ id: number; last: string }>`select ${sql.ref(column)} as id, ${greatest(schema.engine, parts)} as last
      from ${sql.table(table)} where ${sql.ref(column)} is not null group by ${sql.ref(column)}`.execute(db)
    for (const row of rows) note(row.id, row.last || null)
  }
  return last
}

/** The greatest of non-null values: SQLite's max() with several arguments is PostgreSQL's greatest(). */
function greatest(engine: Engine, parts: RawBuilder<string>[]): RawBuilder<string> {
  if (parts.length === 1) return parts[0]!
  return engine === 'postgres' ? sql<string>`greatest(${sql.join(parts)})` : sql<string>`max(${sql.join(parts)})`
}

/** Contacts that some row counts (a journal entry, a session, a meeting…): one read per table. */
async function countedPeople(db: Db, schema: SchemaIntrospection): Promise<Set<number>> {
  const counted = new Set<number>()
  for (const { table, column } of await referencesTo(schema, 'people')) {
    if (DESCRIPTIVE_LINKS.has(table)) continue
    const { rows } = await sql<{ id: number }>`select distinct ${sql.ref(column)} as id from ${sql.table(table)} where ${sql.ref(column)} is not null`.execute(db)
    for (const row of rows) counted.add(Number(row.id))
  }
  return counted
}

export async function previewPurge(db: Db, rules: RetentionRules, today = todayIso()): Promise<PurgePreview> {
  const pupils: PurgeCandidate[] = []
  const pupilRows = await db
    .selectFrom('pupils')
    .select(['id', 'firstName', 'lastName', 'schoolYear', 'isMinor', 'consentExpiresOn'])
    .where('anonymisedAt', 'is', null)
    .orderBy('lastName')
    .orderBy('firstName')
    .orderBy('id')
    .execute()
  for (const row of pupilRows) {
    const name = `${row.firstName} ${row.lastName}`
    const due = isSchoolYear(row.schoolYear) ? addMonths(schoolYearBounds(row.schoolYear).end, rules.pupilGraceMonths) : null
    const base = { key: pupilKey(row.id), kind: 'élève' as const, id: row.id, name, lastActivity: null, action: 'anonymiser' as const }
    if (due && due < today) {
      pupils.push({ ...base, dueOn: due, reason: `Année scolaire ${row.schoolYear} terminée depuis plus de ${rules.pupilGraceMonths} mois` })
    } else if (row.isMinor && row.consentExpiresOn && isIsoDate(row.consentExpiresOn) && row.consentExpiresOn < today) {
      pupils.push({ ...base, dueOn: row.consentExpiresOn, reason: 'Consentement parental expiré' })
    }
  }

  const limit = addMonths(today, -12 * rules.contactInactiveYears)
  const schema = rememberingIntrospection(introspectionOf(db))
  const activity = await lastActivityOfPeople(db, schema, today)
  const counted = await countedPeople(db, schema)
  const people: PurgeCandidate[] = []
  const peopleRows = await db
    .selectFrom('people')
    .select(['id', 'firstName', 'lastName'])
    .where('anonymisedAt', 'is', null)
    .where('status', '<>', 'vitawiner')
    .orderBy('lastName')
    .orderBy('firstName')
    .orderBy('id')
    .execute()
  for (const row of peopleRows) {
    const lastActivity = activity.get(row.id) ?? null
    if (lastActivity && lastActivity >= limit) continue
    people.push({
      key: personKey(row.id),
      kind: 'contact',
      id: row.id,
      name: `${row.firstName} ${row.lastName}`,
      reason: `Aucune activité depuis plus de ${plural(rules.contactInactiveYears, 'an')}`,
      dueOn: lastActivity ? addMonths(lastActivity, 12 * rules.contactInactiveYears) : today,
      lastActivity,
      action: counted.has(row.id) ? 'anonymiser' : 'supprimer',
    })
  }
  const fingerprint = crypto
    .createHash('sha256')
    .update(JSON.stringify([pupils.map((item) => item.key), people.map((item) => `${item.key}:${item.action}`)]))
    .digest('hex')
    .slice(0, 32)
  return { today, rules, pupils, people, fingerprint }
}

export interface PurgeResult {
  pupilsAnonymised: number
  peopleAnonymised: number
  peopleDeleted: number
}

/**
 * Applies the preview the animator confirmed, all or nothing: refused when the list has changed
 * since (the fingerprint differs). Run the engine's scrub afterwards, outside any transaction.
 */
export function runPurge(db: Db, rules: RetentionRules, fingerprint: string, today = todayIso()): Promise<PurgeResult> {
  // Begun under withoutAudit: the erasures' own transaction is this one (see person-erasure.ts).
  return withoutAudit(() =>
    inTransaction(db, async (trx) => {
      const preview = await previewPurge(trx, rules, today)
      if (preview.fingerprint !== fingerprint) {
        throw new AppError('conflict', "La liste à purger a changé depuis l'aperçu : affichez de nouveau l'aperçu, puis confirmez.")
      }
      const anonymise: SubjectRef[] = [
        ...preview.pupils.map((item) => ({ table: 'pupils' as const, id: item.id })),
        ...preview.people.filter((item) => item.action === 'anonymiser').map((item) => ({ table: 'people' as const, id: item.id })),
      ]
      const remove = preview.people.filter((item) => item.action === 'supprimer').map((item) => item.id)
      await anonymiseSubjects(trx, anonymise, { scanMentions: false })
      await deletePeople(trx, remove)
      return {
        pupilsAnonymised: preview.pupils.length,
        peopleAnonymised: anonymise.length - preview.pupils.length,
        peopleDeleted: remove.length,
      }
    }),
  )
}
