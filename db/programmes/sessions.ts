import { AppError } from '../errors'
import { claimForDeletion, updateVersioned } from '../versions'
import { linkColumns, parseActorKey } from '../rules/actor-keys'
import type { SequenceStatus } from '../rules/programme-values'
import { schoolYearBounds } from '../rules/school-year'
import type { Db } from '../schema'
import { assertActor, assertLevel, assertSchool, editionOf } from './common'
import { sequenceInput, sessionInput, type SequenceInput, type SessionInput } from './schemas'
import { linkedActor, linkedActorColumns } from '../actors/linked'

// An edition's sequences (its steps) and their sessions, with the classes (counted, not named) and
// the companies and speakers taking part.

export async function saveSequence(db: Db, id: number | null, input: SequenceInput, version?: number): Promise<number> {
  const data = sequenceInput.parse(input)
  await editionOf(db, data.editionId)
  const row = { editionId: data.editionId, stepOrder: data.stepOrder, title: data.title, description: data.description ?? null }
  if (id === null) return (await db.insertInto('sequences').values({ ...row, status: data.status ?? 'a_planifier' }).returning('id').executeTakeFirstOrThrow()).id
  await updateVersioned(db, 'sequences', id, version, { ...row, ...(data.status ? { status: data.status } : {}) }, "Cette étape n'existe plus.")
  return id
}

export async function deleteSequence(db: Db, id: number, version?: number): Promise<void> {
  await claimForDeletion(db, 'sequences', id, version)
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

export async function saveSession(db: Db, id: number | null, input: SessionInput, version?: number): Promise<number> {
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
  if (sessionId === null) sessionId = (await db.insertInto('sequenceSessions').values(row).returning('id').executeTakeFirstOrThrow()).id
  else {
    const before = await db.selectFrom('sequenceSessions').select('sequenceId').where('id', '=', sessionId).executeTakeFirst()
    if (!before) throw new AppError('not_found', "Cette séance n'existe plus.")
    previousSequence = before.sequenceId
    await updateVersioned(db, 'sequenceSessions', sessionId, version, { ...row, updatedAt: new Date().toISOString() }, "Cette séance n'existe plus.")
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

export async function deleteSession(db: Db, id: number, version?: number): Promise<void> {
  await claimForDeletion(db, 'sequenceSessions', id, version)
  const session = await db.selectFrom('sequenceSessions').select('sequenceId').where('id', '=', id).executeTakeFirst()
  if (!session) throw new AppError('not_found', "Cette séance n'existe plus.")
  await db.deleteFrom('sequenceSessions').where('id', '=', id).execute()
  await syncSequenceStatus(db, session.sequenceId)
}

export async function sessionDetails(db: Db, sessionIds: number[]) {
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
    .select(['x.id', 'x.sessionId', 'x.role', 't.name as town', ...linkedActorColumns('x')])
    .where('x.sessionId', 'in', sessionIds)
    .orderBy('x.id')
    .execute()
  return {
    classes,
    participants: participants.map((row) => ({ id: row.id, sessionId: row.sessionId, role: row.role, ...linkedActor(row), kind: row.organisationId !== null ? ('organisation' as const) : ('person' as const), town: row.town })),
  }
}
