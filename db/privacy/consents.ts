import { isIsoDate, todayIso } from '../rules/dates'
import { CONSENT_STATE, type ConsentState } from '../rules/safety-values'
import { pupilKey } from '../rules/subject-keys'
import type { Db } from '../schema'

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
export async function listConsents(db: Db, today = todayIso(), soonDays = 30): Promise<ConsentRecord[]> {
  const rows = await db
    .selectFrom('pupils as p')
    .leftJoin('organisations as o', 'o.id', 'p.schoolId')
    .select(['p.id', 'p.firstName', 'p.lastName', 'o.name as school', 'p.schoolYear', 'p.consentGivenBy', 'p.consentGivenOn', 'p.consentScope', 'p.consentExpiresOn'])
    .where('p.isMinor', '=', 1)
    .where('p.anonymisedAt', 'is', null)
    .orderBy('p.lastName')
    .orderBy('p.firstName')
    .execute()
  const soon = addDays(today, soonDays)
  return rows
    .map((row) => {
      const expires = row.consentExpiresOn && isIsoDate(row.consentExpiresOn) ? row.consentExpiresOn : null
      const status: ConsentState = !expires ? 'sans_echeance' : expires < today ? 'expire' : expires <= soon ? 'bientot' : 'valide'
      return {
        pupilKey: pupilKey(row.id),
        pupil: `${row.firstName} ${row.lastName}`,
        school: row.school,
        schoolYear: row.schoolYear,
        givenBy: row.consentGivenBy,
        givenOn: row.consentGivenOn,
        scope: row.consentScope,
        expiresOn: row.consentExpiresOn,
        status,
      }
    })
    .sort((a, b) => CONSENT_STATE.codes.indexOf(a.status) - CONSENT_STATE.codes.indexOf(b.status))
}
