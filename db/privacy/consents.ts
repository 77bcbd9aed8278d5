import type BetterSqlite3 from 'better-sqlite3'
import { isIsoDate, todayIso } from '../rules/dates'
import { CONSENT_STATE, type ConsentState } from '../rules/safety-values'

// Consent records of named minors: who gave it, when, for what, until when.


export interface ConsentRecord {
  pupilKey: string
  pupil: string
  school: string | null
  schoolYear: string
  givenBy: string | null
  givenOn: string | null
  scope: string | null
  expiresOn: string | null
  status: ConsentState
}

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

/** Named minors (not anonymised) and their consent, the expired and soon-expiring first. */
export function listConsents(sqlite: BetterSqlite3.Database, today = todayIso(), soonDays = 30): ConsentRecord[] {
  const rows = sqlite
    .prepare(
      `select p.id, p.first_name, p.last_name, o.name as school, p.school_year, p.consent_given_by, p.consent_given_on, p.consent_scope, p.consent_expires_on
       from pupils p left join organisations o on o.id = p.school_id
       where p.is_minor = 1 and p.anonymised_at is null order by p.last_name, p.first_name`,
    )
    .all() as {
    id: number
    first_name: string
    last_name: string
    school: string | null
    school_year: string
    consent_given_by: string | null
    consent_given_on: string | null
    consent_scope: string | null
    consent_expires_on: string | null
  }[]
  const soon = addDays(today, soonDays)
  return rows
    .map((row) => {
      const expires = row.consent_expires_on && isIsoDate(row.consent_expires_on) ? row.consent_expires_on : null
      const status: ConsentState = !expires ? 'sans_echeance' : expires < today ? 'expire' : expires <= soon ? 'bientot' : 'valide'
      return {
        pupilKey: `e${row.id}`,
        pupil: `${row.first_name} ${row.last_name}`,
        school: row.school,
        schoolYear: row.school_year,
        givenBy: row.consent_given_by,
        givenOn: row.consent_given_on,
        scope: row.consent_scope,
        expiresOn: row.consent_expires_on,
        status,
      }
    })
    .sort((a, b) => CONSENT_STATE.codes.indexOf(a.status) - CONSENT_STATE.codes.indexOf(b.status))
}
