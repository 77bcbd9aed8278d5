import { AppError } from '../errors'
import { claimForDeletion, updateVersioned } from '../versions'
import { schoolYearBounds } from '../rules/school-year'
import type { Db } from '../schema'
import { assertLevel, assertSchool } from './common'
import { resolvePupil } from './pupils'
import { mentoringMeetingInput, pairInput, placementInput, type MentoringMeetingInput, type PairInput, type PlacementInput } from './schemas'

// Internships and work-study placements (a pupil, named or anonymous, at a host organisation), and
// mentoring pairs (a mentor of the directory, a named mentee) with their meetings.

export async function savePlacement(db: Db, id: number | null, input: PlacementInput, version?: number): Promise<number> {
  const data = placementInput.parse(input)
  if (data.endedOn && data.endedOn < data.startedOn) throw new AppError('invalid_input', 'La fin du stage précède son début.', { field: 'endedOn' })
  const host = await db.selectFrom('organisations').select('id').where('id', '=', data.hostOrganisationId).executeTakeFirst()
  if (!host) throw new AppError('not_found', "Structure d'accueil introuvable.")
  if (data.tutorPersonId) {
    const tutor = await db.selectFrom('people').select('id').where('id', '=', data.tutorPersonId).executeTakeFirst()
    if (!tutor) throw new AppError('not_found', 'Tuteur introuvable.')
  }
  if (data.editionId) {
    const edition = await db.selectFrom('editions').select('id').where('id', '=', data.editionId).executeTakeFirst()
    if (!edition) throw new AppError('not_found', "Cette édition n'existe plus.")
  }
  if (data.requestId) {
    const request = await db.selectFrom('actorRequests').select('id').where('id', '=', data.requestId).executeTakeFirst()
    if (!request) throw new AppError('not_found', "Cette demande n'existe plus.")
  }
  const current = id === null ? null : await db.selectFrom('placements').select('pupilId').where('id', '=', id).executeTakeFirst()
  if (id !== null && !current) throw new AppError('not_found', "Ce stage n'existe plus.")

  let who: { pupilId: number | null; schoolId: number | null; levelCode: string | null }
  if (data.pupil.mode === 'anonymous') {
    await assertSchool(db, data.pupil.schoolId)
    await assertLevel(db, data.pupil.levelCode)
    who = { pupilId: null, schoolId: data.pupil.schoolId, levelCode: data.pupil.levelCode }
  } else {
    const pupil = await resolvePupil(db, data.pupil, current?.pupilId ?? null)
    who = { pupilId: pupil.id, schoolId: pupil.schoolId, levelCode: pupil.levelCode }
  }
  const row = {
    ...who,
    hostOrganisationId: data.hostOrganisationId,
    kind: data.kind,
    startedOn: data.startedOn,
    endedOn: data.endedOn ?? null,
    tutorPersonId: data.tutorPersonId ?? null,
    tutorName: data.tutorName ?? null,
    editionId: data.editionId ?? null,
    requestId: data.requestId ?? null,
    status: data.status ?? 'prevu',
    outcome: data.outcome ?? null,
  }
  if (id === null) return (await db.insertInto('placements').values(row).returning('id').executeTakeFirstOrThrow()).id
  await updateVersioned(db, 'placements', id, version, { ...row, updatedAt: new Date().toISOString() }, "Ce stage n'existe plus.")
  return id
}

export async function deletePlacement(db: Db, id: number, version?: number): Promise<void> {
  await claimForDeletion(db, 'placements', id, version)
  await db.deleteFrom('placements').where('id', '=', id).execute()
}

/** Placements of a school year (by their start) or of an edition, newest first. */
export async function listPlacements(db: Db, filter: { schoolYear?: string | null; editionId?: number | null } = {}) {
  let query = db
    .selectFrom('placements as x')
    .leftJoin('pupils as u', 'u.id', 'x.pupilId')
    .leftJoin('organisations as s', 's.id', 'x.schoolId')
    .innerJoin('organisations as h', 'h.id', 'x.hostOrganisationId')
    .leftJoin('towns as t', 't.inseeCode', 'h.townCode')
    .leftJoin('people as tp', 'tp.id', 'x.tutorPersonId')
    .leftJoin('editions as e', 'e.id', 'x.editionId')
    .leftJoin('actorRequests as r', 'r.id', 'x.requestId')
    .select([
      'x.id',
      'x.pupilId',
      'u.firstName as pupilFirstName',
      'u.lastName as pupilLastName',
      'u.isMinor as pupilIsMinor',
      'u.consentGivenOn',
      'u.anonymisedAt',
      'x.schoolId',
      's.name as schoolName',
      'x.levelCode',
      'x.hostOrganisationId',
      'h.name as hostName',
      't.name as hostTown',
      'x.kind',
      'x.startedOn',
      'x.endedOn',
      'x.tutorPersonId',
      'tp.firstName as tutorFirstName',
      'tp.lastName as tutorLastName',
      'x.tutorName',
      'x.editionId',
      'e.title as editionTitle',
      'x.requestId',
      'r.title as requestTitle',
      'x.status',
      'x.outcome',
      'x.version',
    ])
  if (filter.editionId) query = query.where('x.editionId', '=', filter.editionId)
  if (filter.schoolYear) {
    const bounds = schoolYearBounds(filter.schoolYear)
    query = query.where('x.startedOn', '>=', bounds.start).where('x.startedOn', '<=', bounds.end)
  }
  const rows = await query.orderBy('x.startedOn', 'desc').orderBy('x.id', 'desc').execute()
  return rows.map((row) => ({
    ...row,
    named: row.pupilId !== null && !row.anonymisedAt,
    pupilIsMinor: row.pupilIsMinor === 1,
    tutor: row.tutorFirstName ? `${row.tutorFirstName} ${row.tutorLastName}` : row.tutorName,
  }))
}

export type PlacementRow = Awaited<ReturnType<typeof listPlacements>>[number]

export async function savePair(db: Db, id: number | null, input: PairInput, version?: number): Promise<number> {
  const data = pairInput.parse(input)
  if (data.endedOn && data.endedOn < data.startedOn) throw new AppError('invalid_input', 'La fin du mentorat précède son début.', { field: 'endedOn' })
  const mentor = await db.selectFrom('people').select('id').where('id', '=', data.mentorPersonId).executeTakeFirst()
  if (!mentor) throw new AppError('not_found', 'Mentor introuvable : choisissez une personne de l’annuaire.')
  if (data.editionId) {
    const edition = await db.selectFrom('editions').select('id').where('id', '=', data.editionId).executeTakeFirst()
    if (!edition) throw new AppError('not_found', "Cette édition n'existe plus.")
  }
  const current = id === null ? null : await db.selectFrom('mentoringPairs').select('menteePupilId').where('id', '=', id).executeTakeFirst()
  if (id !== null && !current) throw new AppError('not_found', "Ce binôme n'existe plus.")
  const mentee = await resolvePupil(db, data.mentee, current?.menteePupilId ?? null)
  const row = {
    editionId: data.editionId ?? null,
    mentorPersonId: data.mentorPersonId,
    menteePupilId: mentee.id,
    startedOn: data.startedOn,
    endedOn: data.endedOn ?? null,
    status: data.status ?? 'actif',
    notes: data.notes ?? null,
  }
  if (id === null) return (await db.insertInto('mentoringPairs').values(row).returning('id').executeTakeFirstOrThrow()).id
  await updateVersioned(db, 'mentoringPairs', id, version, row, "Ce binôme n'existe plus.")
  return id
}

export async function deletePair(db: Db, id: number, version?: number): Promise<void> {
  await claimForDeletion(db, 'mentoringPairs', id, version)
  await db.deleteFrom('mentoringPairs').where('id', '=', id).execute()
}

export async function saveMentoringMeeting(db: Db, id: number | null, input: MentoringMeetingInput, version?: number): Promise<number> {
  const data = mentoringMeetingInput.parse(input)
  const pair = await db.selectFrom('mentoringPairs').select('startedOn').where('id', '=', data.pairId).executeTakeFirst()
  if (!pair) throw new AppError('not_found', "Ce binôme n'existe plus.")
  const row = { pairId: data.pairId, heldOn: data.heldOn, notes: data.notes ?? null }
  if (id === null) return (await db.insertInto('mentoringMeetings').values(row).returning('id').executeTakeFirstOrThrow()).id
  await updateVersioned(db, 'mentoringMeetings', id, version, row, "Cette rencontre n'existe plus.")
  return id
}

export async function deleteMentoringMeeting(db: Db, id: number, version?: number): Promise<void> {
  await claimForDeletion(db, 'mentoringMeetings', id, version)
  await db.deleteFrom('mentoringMeetings').where('id', '=', id).execute()
}

/** Mentoring pairs active during a school year (or all), with their meetings. */
export async function listMentoring(db: Db, filter: { schoolYear?: string | null } = {}) {
  let query = db
    .selectFrom('mentoringPairs as m')
    .innerJoin('people as p', 'p.id', 'm.mentorPersonId')
    .leftJoin('pupils as u', 'u.id', 'm.menteePupilId')
    .leftJoin('organisations as s', 's.id', 'u.schoolId')
    .leftJoin('editions as e', 'e.id', 'm.editionId')
    .select((eb) => [
      'm.id',
      'm.version',
      'm.editionId',
      'e.title as editionTitle',
      'm.mentorPersonId',
      'p.firstName as mentorFirstName',
      'p.lastName as mentorLastName',
      eb
        .selectFrom('affiliations as a')
        .innerJoin('organisations as o', 'o.id', 'a.organisationId')
        .select('o.name')
        .whereRef('a.personId', '=', 'm.mentorPersonId')
        .where('a.endedOn', 'is', null)
        .orderBy('a.startedOn', 'desc')
        .limit(1)
        .as('mentorOrganisation'),
      'm.menteePupilId',
      'u.firstName as menteeFirstName',
      'u.lastName as menteeLastName',
      'u.isMinor as menteeIsMinor',
      'u.levelCode as menteeLevel',
      'u.schoolYear as menteeSchoolYear',
      'u.anonymisedAt as menteeAnonymisedAt',
      's.name as menteeSchool',
      'm.startedOn',
      'm.endedOn',
      'm.status',
      'm.notes',
    ])
  if (filter.schoolYear) {
    const bounds = schoolYearBounds(filter.schoolYear)
    query = query.where('m.startedOn', '<=', bounds.end).where((eb) => eb.or([eb('m.endedOn', 'is', null), eb('m.endedOn', '>=', bounds.start)]))
  }
  const pairs = await query.orderBy('m.startedOn', 'desc').orderBy('p.lastName').execute()
  const meetings = pairs.length
    ? await db
        .selectFrom('mentoringMeetings')
        .selectAll()
        .where(
          'pairId',
          'in',
          pairs.map((pair) => pair.id),
        )
        .orderBy('heldOn', 'desc')
        .execute()
    : []
  return pairs.map((pair) => ({
    ...pair,
    mentorName: `${pair.mentorFirstName} ${pair.mentorLastName}`,
    menteeIsMinor: pair.menteeIsMinor === 1,
    meetings: meetings.filter((meeting) => meeting.pairId === pair.id),
  }))
}

export type PairRow = Awaited<ReturnType<typeof listMentoring>>[number]
