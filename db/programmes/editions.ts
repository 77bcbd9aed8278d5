import { linkColumn, linkColumns, parseActorKey } from '../rules/actor-keys'
import { AppError } from '../errors'
import { programmeShortName } from '../rules/programme-values'
import { schoolYearBounds } from '../rules/school-year'
import type { SequenceStatus } from '../rules/programme-values'
import type { Db } from '../schema'
import { actorKeyOf, actorNameOf, assertActor, assertLevel, assertSchool, countPupils } from './common'
import {
  editionInput,
  editionPartnerInput,
  newEditionInput,
  programmePartnerInput,
  sequenceInput,
  sessionInput,
  type EditionInput,
  type EditionPartnerInput,
  type NewEditionInput,
  type ProgrammePartnerInput,
  type SequenceInput,
  type SessionInput,
} from './schemas'

// Programmes and their yearly editions: partners, sequences (the steps) and their sessions, with
// the classes (counted, not named) and the companies and speakers taking part.

async function editionSummaries(db: Db, editionIds: number[]) {
  const result = new Map<number, { sequences: number; sequencesDone: number; sessions: number; sessionsDone: number; pupils: number; lastSessionOn: string | null }>()
  if (editionIds.length === 0) return result
  const sequences = await db.selectFrom('sequences').select(['id', 'editionId', 'status']).where('editionId', 'in', editionIds).execute()
  const sessions = await db
    .selectFrom('sequenceSessions as s')
    .innerJoin('sequences as q', 'q.id', 's.sequenceId')
    .select(['s.id', 'q.editionId', 's.status', 's.pupilsCount', 's.heldOn'])
    .where('q.editionId', 'in', editionIds)
    .execute()
  const realised = sessions.filter((session) => session.status === 'realisee')
  const classes = realised.length
    ? await db
        .selectFrom('sessionClasses')
        .select(['sessionId', 'schoolId', 'classLabel', 'levelCode', 'pupilsCount'])
        .where(
          'sessionId',
          'in',
          realised.map((session) => session.id),
        )
        .execute()
    : []
  for (const editionId of editionIds) {
    const own = sessions.filter((session) => session.editionId === editionId && session.status !== 'annulee')
    const done = own.filter((session) => session.status === 'realisee')
    const doneIds = new Set(done.map((session) => session.id))
    const steps = sequences.filter((sequence) => sequence.editionId === editionId && sequence.status !== 'annulee')
    result.set(editionId, {
      sequences: steps.length,
      sequencesDone: steps.filter((sequence) => sequence.status === 'realisee').length,
      sessions: own.length,
      sessionsDone: done.length,
      pupils: countPupils(done, classes.filter((row) => doneIds.has(row.sessionId))),
      lastSessionOn: own.reduce<string | null>((latest, session) => (latest === null || session.heldOn > latest ? session.heldOn : latest), null),
    })
  }
  return result
}

/** Every programme with its partners and its editions, newest school year first. */
export async function listProgrammes(db: Db) {
  const programmes = await db.selectFrom('programmes').select(['id', 'code', 'name', 'description', 'active']).orderBy('id').execute()
  const partners = await db
    .selectFrom('programmePartners as x')
    .leftJoin('organisations as o', 'o.id', 'x.organisationId')
    .leftJoin('people as p', 'p.id', 'x.personId')
    .select(['x.id', 'x.programmeId', 'x.organisationId', 'x.personId', 'x.role', 'o.name as organisationName', 'p.firstName', 'p.lastName'])
    .execute()
  const editions = await db
    .selectFrom('editions')
    .select(['id', 'programmeId', 'schoolYear', 'title', 'status', 'copiedFromId'])
    .orderBy('schoolYear', 'desc')
    .orderBy('title')
    .execute()
  const templates = await db.selectFrom('programmeStepTemplates').select(['programmeCode', 'stepOrder', 'title']).orderBy('stepOrder').execute()
  const summaries = await editionSummaries(
    db,
    editions.map((edition) => edition.id),
  )
  return programmes.map((programme) => ({
    ...programme,
    shortName: programmeShortName(programme.name),
    active: programme.active === 1,
    templateSteps: templates.filter((step) => step.programmeCode === programme.code).map((step) => step.title),
    partners: partners
      .filter((row) => row.programmeId === programme.id)
      .map((row) => ({ id: row.id, role: row.role, actorKey: actorKeyOf(row), actorName: actorNameOf(row) }))
      .sort((a, b) => a.role.localeCompare(b.role) || a.actorName.localeCompare(b.actorName, 'fr')),
    editions: editions.filter((edition) => edition.programmeId === programme.id).map((edition) => ({ ...edition, ...summaries.get(edition.id)! })),
  }))
}

export type ProgrammeList = Awaited<ReturnType<typeof listProgrammes>>

async function programmeOf(db: Db, id: number) {
  const programme = await db.selectFrom('programmes').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst()
  if (!programme) throw new AppError('not_found', "Ce programme n'existe pas.")
  return programme
}

async function editionOf(db: Db, id: number) {
  const edition = await db.selectFrom('editions').select(['id', 'programmeId', 'schoolYear', 'title', 'status']).where('id', '=', id).executeTakeFirst()
  if (!edition) throw new AppError('not_found', "Cette édition n'existe pas (ou plus).")
  return edition
}

/**
 * A new edition of a programme for a school year: from the programme's step template (the 7 steps
 * of Q2ER), as a copy of an earlier edition (its partners and its steps, without sessions or
 * results), or empty.
 */
export async function createEdition(db: Db, input: NewEditionInput): Promise<number> {
  const data = newEditionInput.parse(input)
  const programme = await programmeOf(db, data.programmeId)
  const title = data.title ?? `${programmeShortName(programme.name)} ${data.schoolYear}`
  const existing = await db
    .selectFrom('editions')
    .select('id')
    .where('programmeId', '=', programme.id)
    .where('schoolYear', '=', data.schoolYear)
    .where('title', '=', title)
    .executeTakeFirst()
  if (existing) throw new AppError('duplicate', `L'édition « ${title} » existe déjà pour ${data.schoolYear}.`, { editionId: existing.id })

  let source: { id: number; title: string } | undefined
  let steps: { stepOrder: number; title: string; description: string | null }[] = []
  if (data.from === 'copy') {
    source = data.copyFromId
      ? await db.selectFrom('editions').select(['id', 'title']).where('id', '=', data.copyFromId).where('programmeId', '=', programme.id).executeTakeFirst()
      : await db
          .selectFrom('editions')
          .select(['id', 'title'])
          .where('programmeId', '=', programme.id)
          .where('schoolYear', '<', data.schoolYear)
          .orderBy('schoolYear', 'desc')
          .orderBy('id', 'desc')
          .executeTakeFirst()
    if (!source) throw new AppError('not_found', `Aucune édition précédente de « ${programmeShortName(programme.name)} » à reprendre : partez du modèle ou d'une édition vide.`)
    steps = await db.selectFrom('sequences').select(['stepOrder', 'title', 'description']).where('editionId', '=', source.id).where('status', '!=', 'annulee').orderBy('stepOrder').orderBy('id').execute()
  } else if (data.from === 'template') {
    steps = await db.selectFrom('programmeStepTemplates').select(['stepOrder', 'title', 'description']).where('programmeCode', '=', programme.code).orderBy('stepOrder').execute()
    if (steps.length === 0) {
      throw new AppError('invalid_input', `« ${programmeShortName(programme.name)} » n'a pas de modèle d'étapes : reprenez une édition précédente ou partez d'une édition vide.`)
    }
  }

  const editionId = Number(
    (
      await db
        .insertInto('editions')
        .values({ programmeId: programme.id, schoolYear: data.schoolYear, title, status: 'preparation', notes: null, copiedFromId: source?.id ?? null })
        .executeTakeFirstOrThrow()
    ).insertId,
  )
  for (const step of steps) {
    await db.insertInto('sequences').values({ editionId, stepOrder: step.stepOrder, title: step.title, description: step.description, status: 'a_planifier' }).execute()
  }
  if (source) {
    const partners = await db.selectFrom('editionPartners').select(['organisationId', 'personId', 'role']).where('editionId', '=', source.id).execute()
    for (const partner of partners) await db.insertInto('editionPartners').values({ editionId, ...partner }).execute()
  }
  return editionId
}

export async function saveEdition(db: Db, id: number, input: EditionInput): Promise<void> {
  const data = editionInput.parse(input)
  await editionOf(db, id)
  await db
    .updateTable('editions')
    .set({ title: data.title, status: data.status, notes: data.notes ?? null, updatedAt: new Date().toISOString() })
    .where('id', '=', id)
    .execute()
}

export async function deleteEdition(db: Db, id: number): Promise<void> {
  const edition = await editionOf(db, id)
  const realised = await db
    .selectFrom('sequenceSessions as s')
    .innerJoin('sequences as q', 'q.id', 's.sequenceId')
    .select('s.id')
    .where('q.editionId', '=', id)
    .where('s.status', '=', 'realisee')
    .executeTakeFirst()
  if (realised) {
    throw new AppError('conflict', `L'édition « ${edition.title} » a des séances réalisées : elle ne peut pas être supprimée (passez-la au statut « Terminée »).`)
  }
  await db.deleteFrom('editions').where('id', '=', id).execute()
}

export async function saveEditionPartner(db: Db, id: number | null, input: EditionPartnerInput): Promise<number> {
  const data = editionPartnerInput.parse(input)
  await editionOf(db, data.editionId)
  const ref = parseActorKey(data.actor)
  await assertActor(db, ref, 'Partenaire')
  const row = { editionId: data.editionId, ...linkColumns(ref), role: data.role ?? 'partenaire' }
  const same = await db.selectFrom('editionPartners').select('id').where('editionId', '=', data.editionId).where(linkColumn(ref), '=', ref.id).executeTakeFirst()
  if (same && same.id !== id) throw new AppError('duplicate', "Cet acteur est déjà partenaire de l'édition.")
  if (id === null) return Number((await db.insertInto('editionPartners').values(row).executeTakeFirstOrThrow()).insertId)
  await db.updateTable('editionPartners').set(row).where('id', '=', id).execute()
  return id
}

export async function deleteEditionPartner(db: Db, id: number): Promise<void> {
  await db.deleteFrom('editionPartners').where('id', '=', id).execute()
}

export async function saveProgrammePartner(db: Db, id: number | null, input: ProgrammePartnerInput): Promise<number> {
  const data = programmePartnerInput.parse(input)
  await programmeOf(db, data.programmeId)
  const ref = parseActorKey(data.actor)
  await assertActor(db, ref, 'Partenaire')
  const row = { programmeId: data.programmeId, ...linkColumns(ref), role: data.role ?? 'partenaire' }
  const same = await db.selectFrom('programmePartners').select('id').where('programmeId', '=', data.programmeId).where(linkColumn(ref), '=', ref.id).executeTakeFirst()
  if (same && same.id !== id) throw new AppError('duplicate', 'Cet acteur est déjà partenaire ou référent du programme.')
  if (id === null) return Number((await db.insertInto('programmePartners').values(row).executeTakeFirstOrThrow()).insertId)
  await db.updateTable('programmePartners').set(row).where('id', '=', id).execute()
  return id
}

export async function deleteProgrammePartner(db: Db, id: number): Promise<void> {
  await db.deleteFrom('programmePartners').where('id', '=', id).execute()
}

export async function saveSequence(db: Db, id: number | null, input: SequenceInput): Promise<number> {
  const data = sequenceInput.parse(input)
  await editionOf(db, data.editionId)
  const row = { editionId: data.editionId, stepOrder: data.stepOrder, title: data.title, description: data.description ?? null }
  if (id === null) return Number((await db.insertInto('sequences').values({ ...row, status: data.status ?? 'a_planifier' }).executeTakeFirstOrThrow()).insertId)
  const result = await db
    .updateTable('sequences')
    .set({ ...row, ...(data.status ? { status: data.status } : {}) })
    .where('id', '=', id)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) throw new AppError('not_found', "Cette étape n'existe plus.")
  return id
}

export async function deleteSequence(db: Db, id: number): Promise<void> {
  const realised = await db.selectFrom('sequenceSessions').select('id').where('sequenceId', '=', id).where('status', '=', 'realisee').executeTakeFirst()
  if (realised) throw new AppError('conflict', 'Cette étape a des séances réalisées : elle ne peut pas être supprimée (passez-la au statut « Annulée »).')
  await db.deleteFrom('sequences').where('id', '=', id).execute()
}

/**
 * A step's status follows its sessions: planned while one is still to come, done once every
 * session is done. A cancelled step stays cancelled; a step without sessions goes back to « À
 * planifier ».
 */
export async function syncSequenceStatus(db: Db, sequenceId: number): Promise<SequenceStatus | null> {
  const sequence = await db.selectFrom('sequences').select(['status']).where('id', '=', sequenceId).executeTakeFirst()
  if (!sequence || sequence.status === 'annulee') return sequence?.status ?? null
  const sessions = await db.selectFrom('sequenceSessions').select('status').where('sequenceId', '=', sequenceId).where('status', '!=', 'annulee').execute()
  const status: SequenceStatus =
    sessions.length === 0 ? 'a_planifier' : sessions.every((session) => session.status === 'realisee') ? 'realisee' : 'planifiee'
  if (status !== sequence.status) await db.updateTable('sequences').set({ status }).where('id', '=', sequenceId).execute()
  return status
}

export async function saveSession(db: Db, id: number | null, input: SessionInput): Promise<number> {
  const data = sessionInput.parse(input)
  const sequence = await db
    .selectFrom('sequences as q')
    .innerJoin('editions as e', 'e.id', 'q.editionId')
    .select(['q.id', 'q.editionId', 'e.status as editionStatus', 'e.schoolYear'])
    .where('q.id', '=', data.sequenceId)
    .executeTakeFirst()
  if (!sequence) throw new AppError('not_found', "Cette étape n'existe plus.")
  const bounds = schoolYearBounds(sequence.schoolYear)
  if (data.heldOn < bounds.start || data.heldOn > bounds.end) {
    throw new AppError('invalid_input', `La date de la séance doit tomber dans l'année scolaire ${sequence.schoolYear} (du 01/09/${bounds.start.slice(0, 4)} au 31/08/${bounds.end.slice(0, 4)}).`, {
      field: 'heldOn',
    })
  }
  if (data.townCode) {
    const town = await db.selectFrom('towns').select('inseeCode').where('inseeCode', '=', data.townCode).executeTakeFirst()
    if (!town) throw new AppError('invalid_input', `Commune inconnue : « ${data.townCode} ».`)
  }
  for (const row of data.classes ?? []) {
    await assertSchool(db, row.schoolId)
    await assertLevel(db, row.levelCode)
  }
  const participants = new Map<string, (typeof data.participants & object)[number]>()
  for (const row of data.participants ?? []) {
    await assertActor(db, parseActorKey(row.actor), 'Participant')
    participants.set(row.actor, row)
  }
  // The pupils present, when not counted at the door, are those of the classes.
  const classCounts = (data.classes ?? []).map((row) => row.pupilsCount).filter((value): value is number => value !== null && value !== undefined)
  const pupilsCount = data.pupilsCount ?? (classCounts.length ? classCounts.reduce((sum, value) => sum + value, 0) : null)
  const row = {
    sequenceId: data.sequenceId,
    heldOn: data.heldOn,
    place: data.place ?? null,
    townCode: data.townCode ?? null,
    status: data.status ?? 'planifiee',
    pupilsCount,
    teachersCount: data.teachersCount ?? null,
    interventionHours: data.interventionHours ?? null,
    satisfaction: data.satisfaction ?? null,
    feedback: data.feedback ?? null,
  }
  let sessionId = id
  let previousSequence: number | null = null
  if (sessionId === null) sessionId = Number((await db.insertInto('sequenceSessions').values(row).executeTakeFirstOrThrow()).insertId)
  else {
    const before = await db.selectFrom('sequenceSessions').select('sequenceId').where('id', '=', sessionId).executeTakeFirst()
    if (!before) throw new AppError('not_found', "Cette séance n'existe plus.")
    previousSequence = before.sequenceId
    await db.updateTable('sequenceSessions').set({ ...row, updatedAt: new Date().toISOString() }).where('id', '=', sessionId).execute()
  }
  if (data.classes) {
    await db.deleteFrom('sessionClasses').where('sessionId', '=', sessionId).execute()
    for (const item of data.classes) {
      await db
        .insertInto('sessionClasses')
        .values({ sessionId, schoolId: item.schoolId, classLabel: item.classLabel ?? null, levelCode: item.levelCode ?? null, pupilsCount: item.pupilsCount ?? null })
        .execute()
    }
  }
  if (data.participants) {
    await db.deleteFrom('sessionParticipants').where('sessionId', '=', sessionId).execute()
    for (const item of participants.values()) {
      await db.insertInto('sessionParticipants').values({ sessionId, ...linkColumns(parseActorKey(item.actor)), role: item.role ?? 'intervenant' }).execute()
    }
  }
  await syncSequenceStatus(db, data.sequenceId)
  if (previousSequence !== null && previousSequence !== data.sequenceId) await syncSequenceStatus(db, previousSequence)
  // An edition whose first session took place is under way.
  if (row.status === 'realisee' && sequence.editionStatus === 'preparation') {
    await db.updateTable('editions').set({ status: 'en_cours', updatedAt: new Date().toISOString() }).where('id', '=', sequence.editionId).execute()
  }
  return sessionId
}

export async function deleteSession(db: Db, id: number): Promise<void> {
  const session = await db.selectFrom('sequenceSessions').select('sequenceId').where('id', '=', id).executeTakeFirst()
  if (!session) throw new AppError('not_found', "Cette séance n'existe plus.")
  await db.deleteFrom('sequenceSessions').where('id', '=', id).execute()
  await syncSequenceStatus(db, session.sequenceId)
}

async function sessionDetails(db: Db, sessionIds: number[]) {
  if (sessionIds.length === 0) return { classes: [], participants: [] }
  const classes = await db
    .selectFrom('sessionClasses as c')
    .innerJoin('organisations as o', 'o.id', 'c.schoolId')
    .leftJoin('towns as t', 't.inseeCode', 'o.townCode')
    .select(['c.id', 'c.sessionId', 'c.schoolId', 'o.name as schoolName', 'o.townCode as schoolTownCode', 't.name as schoolTown', 'c.classLabel', 'c.levelCode', 'c.pupilsCount'])
    .where('c.sessionId', 'in', sessionIds)
    .orderBy('c.id')
    .execute()
  const participants = await db
    .selectFrom('sessionParticipants as x')
    .leftJoin('organisations as o', 'o.id', 'x.organisationId')
    .leftJoin('people as p', 'p.id', 'x.personId')
    .leftJoin('towns as t', (join) => join.on((eb) => eb('t.inseeCode', '=', eb.fn.coalesce('o.townCode', 'p.townCode'))))
    .select(['x.id', 'x.sessionId', 'x.organisationId', 'x.personId', 'x.role', 'o.name as organisationName', 'p.firstName', 'p.lastName', 't.name as town'])
    .where('x.sessionId', 'in', sessionIds)
    .orderBy('x.id')
    .execute()
  return {
    classes,
    participants: participants.map((row) => ({ id: row.id, sessionId: row.sessionId, role: row.role, actorKey: actorKeyOf(row), actorName: actorNameOf(row), kind: row.organisationId !== null ? ('organisation' as const) : ('person' as const), town: row.town })),
  }
}

/** Everything the edition page shows, and what its workbook holds. */
export async function getEdition(db: Db, id: number) {
  const edition = await db
    .selectFrom('editions as e')
    .innerJoin('programmes as g', 'g.id', 'e.programmeId')
    .leftJoin('editions as c', 'c.id', 'e.copiedFromId')
    .select([
      'e.id',
      'e.programmeId',
      'g.code as programmeCode',
      'g.name as programmeName',
      'e.schoolYear',
      'e.title',
      'e.status',
      'e.notes',
      'e.copiedFromId',
      'c.title as copiedFromTitle',
      'e.createdAt',
      'e.updatedAt',
    ])
    .where('e.id', '=', id)
    .executeTakeFirst()
  if (!edition) throw new AppError('not_found', "Cette édition n'existe pas (ou plus).")
  const partners = await db
    .selectFrom('editionPartners as x')
    .leftJoin('organisations as o', 'o.id', 'x.organisationId')
    .leftJoin('people as p', 'p.id', 'x.personId')
    .select(['x.id', 'x.organisationId', 'x.personId', 'x.role', 'o.name as organisationName', 'p.firstName', 'p.lastName'])
    .where('x.editionId', '=', id)
    .execute()
  const sequences = await db.selectFrom('sequences').selectAll().where('editionId', '=', id).orderBy('stepOrder').orderBy('id').execute()
  const sessions = sequences.length
    ? await db
        .selectFrom('sequenceSessions as s')
        .leftJoin('towns as t', 't.inseeCode', 's.townCode')
        .selectAll('s')
        .select('t.name as townName')
        .where(
          's.sequenceId',
          'in',
          sequences.map((sequence) => sequence.id),
        )
        .orderBy('s.heldOn')
        .orderBy('s.id')
        .execute()
    : []
  const details = await sessionDetails(
    db,
    sessions.map((session) => session.id),
  )
  const actions = await db
    .selectFrom('proposedActions as a')
    .innerJoin('workingGroups as w', 'w.id', 'a.groupId')
    .select(['a.id', 'a.title', 'a.status', 'w.id as groupId', 'w.name as groupName'])
    .where('a.editionId', '=', id)
    .execute()
  const placements = await db.selectFrom('placements').select((eb) => eb.fn.countAll<number>().as('n')).where('editionId', '=', id).where('status', '!=', 'annule').executeTakeFirstOrThrow()
  const pairs = await db.selectFrom('mentoringPairs').select((eb) => eb.fn.countAll<number>().as('n')).where('editionId', '=', id).executeTakeFirstOrThrow()

  const withDetails = sessions.map((session) => ({
    ...session,
    classes: details.classes.filter((row) => row.sessionId === session.id),
    participants: details.participants.filter((row) => row.sessionId === session.id),
  }))
  const done = withDetails.filter((session) => session.status === 'realisee')
  const doneIds = new Set(done.map((session) => session.id))
  const rated = done.filter((session) => session.satisfaction !== null)
  const sum = (values: (number | null)[]) => values.reduce<number>((total, value) => total + (value ?? 0), 0)
  const schools = new Set(details.classes.filter((row) => doneIds.has(row.sessionId)).map((row) => row.schoolId))
  const speakers = new Set(details.participants.filter((row) => doneIds.has(row.sessionId)).map((row) => row.actorKey))
  return {
    ...edition,
    partners: partners
      .map((row) => ({ id: row.id, role: row.role, actorKey: actorKeyOf(row), actorName: actorNameOf(row) }))
      .sort((a, b) => a.role.localeCompare(b.role) || a.actorName.localeCompare(b.actorName, 'fr')),
    sequences: sequences.map((sequence) => ({ ...sequence, sessions: withDetails.filter((session) => session.sequenceId === sequence.id) })),
    actions,
    summary: {
      sessionsPlanned: withDetails.filter((session) => session.status === 'planifiee').length,
      sessionsDone: done.length,
      pupils: countPupils(done, details.classes.filter((row) => doneIds.has(row.sessionId))),
      teachers: sum(done.map((session) => session.teachersCount)),
      hours: sum(done.map((session) => session.interventionHours)),
      satisfaction: rated.length ? Math.round((sum(rated.map((session) => session.satisfaction)) / rated.length) * 10) / 10 : null,
      schools: schools.size,
      speakers: speakers.size,
      placements: Number(placements.n),
      pairs: Number(pairs.n),
    },
  }
}

export type EditionDetail = Awaited<ReturnType<typeof getEdition>>

/** The edition a user means by « latest »: the most recent school year (Q2ER first), or by code. */
export async function findEdition(db: Db, wanted: string, programmeCode?: string | null) {
  let query = db
    .selectFrom('editions as e')
    .innerJoin('programmes as g', 'g.id', 'e.programmeId')
    .select(['e.id', 'e.title', 'e.schoolYear', 'g.code as programmeCode'])
  if (programmeCode) query = query.where('g.code', '=', programmeCode)
  if (wanted === 'latest') {
    return query
      .orderBy('e.schoolYear', 'desc')
      .orderBy((eb) => eb.case().when('g.code', '=', 'q2er').then(0).else(1).end())
      .orderBy('e.id', 'desc')
      .executeTakeFirst()
  }
  if (!/^\d+$/.test(wanted)) return undefined
  return query.where('e.id', '=', Number(wanted)).executeTakeFirst()
}

/**
 * The sessions to come across programmes (from `today`), and the past ones still « planned »
 * whose counts and feedback remain to be recorded.
 */
export async function listCalendar(db: Db, options: { today: string; programmeId?: number | null; until?: string | null }) {
  const base = () => {
    let query = db
      .selectFrom('sequenceSessions as s')
      .innerJoin('sequences as q', 'q.id', 's.sequenceId')
      .innerJoin('editions as e', 'e.id', 'q.editionId')
      .innerJoin('programmes as g', 'g.id', 'e.programmeId')
      .leftJoin('towns as t', 't.inseeCode', 's.townCode')
      .select([
        's.id',
        's.heldOn',
        's.place',
        's.townCode',
        't.name as townName',
        's.status',
        's.pupilsCount',
        'q.id as sequenceId',
        'q.stepOrder',
        'q.title as sequenceTitle',
        'e.id as editionId',
        'e.title as editionTitle',
        'g.code as programmeCode',
        'g.name as programmeName',
      ])
    if (options.programmeId) query = query.where('e.programmeId', '=', options.programmeId)
    return query
  }
  let upcomingQuery = base().where('s.heldOn', '>=', options.today).where('s.status', '!=', 'annulee')
  if (options.until) upcomingQuery = upcomingQuery.where('s.heldOn', '<=', options.until)
  const upcoming = await upcomingQuery.orderBy('s.heldOn').orderBy('s.id').execute()
  const toComplete = await base().where('s.heldOn', '<', options.today).where('s.status', '=', 'planifiee').orderBy('s.heldOn').orderBy('s.id').execute()
  const details = await sessionDetails(db, [...upcoming, ...toComplete].map((session) => session.id))
  const decorate = (session: (typeof upcoming)[number]) => ({
    ...session,
    programmeShortName: programmeShortName(session.programmeName),
    classes: details.classes.filter((row) => row.sessionId === session.id),
    participants: details.participants.filter((row) => row.sessionId === session.id),
  })
  return { upcoming: upcoming.map(decorate), toComplete: toComplete.map(decorate) }
}
