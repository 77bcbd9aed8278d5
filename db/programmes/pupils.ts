import { AppError } from '../errors'
import { updateVersioned } from '../versions'
import type { Db } from '../schema'
import { assertLevel, assertSchool } from './common'
import { pupilInput, type PupilInput } from './schemas'

// Named pupils: only where a name is needed (an intern, a mentee), with the least that is needed.
// A minor is named only with a recorded parental consent (who, when, for what): the database
// refuses anything else (CHECK constraint pupils_minor_consent), and the refusal reaches the user
// in plain French. Erasing a pupil (on request, or at the end of the retention period) belongs to
// the privacy module (db/privacy), which also redacts the audit trail.

export const CONSENT_REQUIRED_MESSAGE = 'Un élève mineur ne peut être nommé sans le consentement de ses parents (qui, quand, pour quel usage).'

function isConsentRefusal(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  // SQLite's code, or PostgreSQL's SQLSTATE for a check violation.
  return (code === 'SQLITE_CONSTRAINT_CHECK' || code === '23514') && typeof message === 'string' && message.includes('pupils_minor_consent')
}

/** Runs a write on the pupils table; the consent refusal becomes a French AppError. */
async function guarded<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (isConsentRefusal(error)) throw new AppError('invalid_input', CONSENT_REQUIRED_MESSAGE, { field: 'consent' })
    throw error
  }
}

export async function savePupil(db: Db, id: number | null, input: PupilInput, version?: number): Promise<number> {
  const data = pupilInput.parse(input)
  if (data.schoolId) await assertSchool(db, data.schoolId)
  await assertLevel(db, data.levelCode)
  if (data.consentGivenOn && data.consentExpiresOn && data.consentExpiresOn < data.consentGivenOn) {
    throw new AppError('invalid_input', "La fin de validité du consentement précède la date où il a été donné.", { field: 'consentExpiresOn' })
  }
  const row = {
    firstName: data.firstName,
    lastName: data.lastName,
    isMinor: data.isMinor ? 1 : 0,
    schoolId: data.schoolId ?? null,
    levelCode: data.levelCode ?? null,
    schoolYear: data.schoolYear,
    consentGivenBy: data.consentGivenBy ?? null,
    consentGivenOn: data.consentGivenOn ?? null,
    consentScope: data.consentScope ?? null,
    consentExpiresOn: data.consentExpiresOn ?? null,
  }
  if (id === null) return guarded(async () => (await db.insertInto('pupils').values(row).returning('id').executeTakeFirstOrThrow()).id)
  const existing = await db.selectFrom('pupils').select('anonymisedAt').where('id', '=', id).executeTakeFirst()
  if (!existing) throw new AppError('not_found', "Cet élève n'existe plus.")
  if (existing.anonymisedAt) throw new AppError('conflict', 'Cet élève a été anonymisé : sa fiche ne peut plus être modifiée.')
  await guarded(() => updateVersioned(db, 'pupils', id, version, { ...row, updatedAt: new Date().toISOString() }, "Cet élève n'existe plus."))
  return id
}

/** The named pupils, with what they are named for (placements, mentoring). */
export async function listPupils(db: Db, options: { schoolYear?: string | null; includeAnonymised?: boolean } = {}) {
  let query = db
    .selectFrom('pupils as p')
    .leftJoin('organisations as o', 'o.id', 'p.schoolId')
    .select((eb) => [
      'p.id',
      'p.version',
      'p.firstName',
      'p.lastName',
      'p.isMinor',
      'p.schoolId',
      'o.name as schoolName',
      'p.levelCode',
      'p.schoolYear',
      'p.consentGivenBy',
      'p.consentGivenOn',
      'p.consentScope',
      'p.consentExpiresOn',
      'p.anonymisedAt',
      eb.selectFrom('placements as x').select((e) => e.fn.countAll<number>().as('n')).whereRef('x.pupilId', '=', 'p.id').as('placements'),
      eb.selectFrom('mentoringPairs as m').select((e) => e.fn.countAll<number>().as('n')).whereRef('m.menteePupilId', '=', 'p.id').as('pairs'),
    ])
  if (options.schoolYear) query = query.where('p.schoolYear', '=', options.schoolYear)
  if (!options.includeAnonymised) query = query.where('p.anonymisedAt', 'is', null)
  const rows = await query.orderBy('p.schoolYear', 'desc').orderBy('p.lastName').orderBy('p.firstName').execute()
  return rows.map((row) => ({ ...row, isMinor: row.isMinor === 1, placements: Number(row.placements ?? 0), pairs: Number(row.pairs ?? 0) }))
}

/** Resolves who a placement or a pair is about: a new named pupil, or a known one. */
export async function resolvePupil(db: Db, pupil: { mode: 'named'; values: PupilInput } | { mode: 'existing'; pupilId: number }, current: number | null = null) {
  const pupilId = pupil.mode === 'named' ? await savePupil(db, null, pupil.values) : pupil.pupilId
  const row = await db.selectFrom('pupils').select(['id', 'schoolId', 'levelCode', 'anonymisedAt']).where('id', '=', pupilId).executeTakeFirst()
  if (!row) throw new AppError('not_found', "Cet élève n'existe plus.")
  if (row.anonymisedAt && pupil.mode === 'existing' && row.id !== current) throw new AppError('conflict', 'Cet élève a été anonymisé : choisissez un autre élève.')
  return row
}
