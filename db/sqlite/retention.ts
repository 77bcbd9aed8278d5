import crypto from 'node:crypto'
import type BetterSqlite3 from 'better-sqlite3'
import { AppError } from '../errors'
import type { RetentionRules } from '../privacy/register'
import { pupilKey, type SubjectRef } from '../rules/subject-keys'
import { personKey } from '../rules/actor-keys'
import { isIsoDate, todayIso } from '../rules/dates'
import type { PurgeAction } from '../rules/safety-values'
import { isSchoolYear, schoolYearBounds } from '../rules/school-year'
import { anonymiseSubjects, deletePeople } from './person-erasure'
import { columnsOf, quoteId, referencesTo } from './schema-info'
import { plural } from '../rules/format'

// SQLite-only (it reads every table that refers to a contact, from the schema): the retention
// rules, applied: a preview of what they would anonymise or delete, then, once the
// animator confirms that very list, the purge. Named pupils go once their school year has ended
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
export function lastActivityOfPeople(sqlite: BetterSqlite3.Database, today: string): Map<number, string> {
  const last = new Map<number, string>()
  const note = (id: number, date: string | null) => {
    if (!date) return
    const day = date.slice(0, 10)
    if (!isIsoDate(day)) return
    const current = last.get(id)
    if (!current || day > current) last.set(id, day)
  }
  const own = sqlite.prepare('select id, created_at, updated_at, joined_on from people').all() as { id: number; created_at: string; updated_at: string; joined_on: string | null }[]
  for (const row of own) {
    note(row.id, row.created_at)
    note(row.id, row.updated_at)
    note(row.id, row.joined_on)
  }
  for (const { table, column } of referencesTo(sqlite, 'people')) {
    const columns = columnsOf(sqlite, table).map((info) => info.name)
    const dates = columns.filter((name) => /_(on|at)$/.test(name))
    const open = columns.filter((name) => name === 'ended_on' || name === 'left_on')
    const parts = dates.map((name) => `coalesce(max(${quoteId(name)}), '')`)
    if (open.length > 0) parts.push(`max(case when ${open.map((name) => `${quoteId(name)} is null`).join(' and ')} then '${today}' else '' end)`)
    if (parts.length === 0) continue
    const expression = parts.length === 1 ? parts[0] : `max(${parts.join(', ')})`
    const rows = sqlite
      .prepare(`select ${quoteId(column)} as id, ${expression} as last from ${quoteId(table)} where ${quoteId(column)} is not null group by ${quoteId(column)}`)
      .all() as { id: number; last: string }[]
    for (const row of rows) note(row.id, row.last || null)
  }
  return last
}

/** Contacts that some row counts (a journal entry, a session, a meeting…): one read per table. */
function countedPeople(sqlite: BetterSqlite3.Database): Set<number> {
  const counted = new Set<number>()
  for (const { table, column } of referencesTo(sqlite, 'people')) {
    if (DESCRIPTIVE_LINKS.has(table)) continue
    for (const id of sqlite.prepare(`select distinct ${quoteId(column)} from ${quoteId(table)} where ${quoteId(column)} is not null`).pluck().iterate()) {
      counted.add(Number(id))
    }
  }
  return counted
}

export function previewPurge(sqlite: BetterSqlite3.Database, rules: RetentionRules, today = todayIso()): PurgePreview {
  const pupils: PurgeCandidate[] = []
  const pupilRows = sqlite
    .prepare('select id, first_name, last_name, school_year, is_minor, consent_expires_on from pupils where anonymised_at is null order by last_name, first_name')
    .all() as { id: number; first_name: string; last_name: string; school_year: string; is_minor: number; consent_expires_on: string | null }[]
  for (const row of pupilRows) {
    const name = `${row.first_name} ${row.last_name}`
    const due = isSchoolYear(row.school_year) ? addMonths(schoolYearBounds(row.school_year).end, rules.pupilGraceMonths) : null
    const base = { key: pupilKey(row.id), kind: 'élève' as const, id: row.id, name, lastActivity: null, action: 'anonymiser' as const }
    if (due && due < today) {
      pupils.push({ ...base, dueOn: due, reason: `Année scolaire ${row.school_year} terminée depuis plus de ${rules.pupilGraceMonths} mois` })
    } else if (row.is_minor && row.consent_expires_on && isIsoDate(row.consent_expires_on) && row.consent_expires_on < today) {
      pupils.push({ ...base, dueOn: row.consent_expires_on, reason: 'Consentement parental expiré' })
    }
  }

  const limit = addMonths(today, -12 * rules.contactInactiveYears)
  const activity = lastActivityOfPeople(sqlite, today)
  const counted = countedPeople(sqlite)
  const people: PurgeCandidate[] = []
  const peopleRows = sqlite
    .prepare("select id, first_name, last_name from people where anonymised_at is null and status <> 'vitawiner' order by last_name, first_name")
    .all() as { id: number; first_name: string; last_name: string }[]
  for (const row of peopleRows) {
    const lastActivity = activity.get(row.id) ?? null
    if (lastActivity && lastActivity >= limit) continue
    people.push({
      key: personKey(row.id),
      kind: 'contact',
      id: row.id,
      name: `${row.first_name} ${row.last_name}`,
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
 * Applies the preview the animator confirmed: refused when the list has changed since (the
 * fingerprint differs). Call removeResidue() afterwards, outside any transaction.
 */
export function runPurge(sqlite: BetterSqlite3.Database, rules: RetentionRules, fingerprint: string, today = todayIso()): PurgeResult {
  const preview = previewPurge(sqlite, rules, today)
  if (preview.fingerprint !== fingerprint) {
    throw new AppError('conflict', "La liste à purger a changé depuis l'aperçu : affichez de nouveau l'aperçu, puis confirmez.")
  }
  const anonymise: SubjectRef[] = [
    ...preview.pupils.map((item) => ({ table: 'pupils' as const, id: item.id })),
    ...preview.people.filter((item) => item.action === 'anonymiser').map((item) => ({ table: 'people' as const, id: item.id })),
  ]
  const remove = preview.people.filter((item) => item.action === 'supprimer').map((item) => item.id)
  return sqlite.transaction(() => {
    anonymiseSubjects(sqlite, anonymise, { scanMentions: false })
    deletePeople(sqlite, remove)
    return {
      pupilsAnonymised: preview.pupils.length,
      peopleAnonymised: anonymise.length - preview.pupils.length,
      peopleDeleted: remove.length,
    }
  })()
}
