import { AppError } from '../errors'
import { claimForDeletion, updateVersioned } from '../versions'
import { linkColumn, linkColumns, parseActorKey } from '../rules/actor-keys'
import { programmeShortName } from '../rules/programme-values'
import type { Db } from '../schema'
import { assertActor, countPupils, editionOf } from './common'
import { programmeOf } from './programmes'
import { editionInput, editionPartnerInput, newEditionInput, type EditionInput, type EditionPartnerInput, type NewEditionInput } from './schemas'
import { sessionDetails } from './sessions'
import { linkedActor, linkedActorColumns } from '../actors/linked'

// A programme's yearly editions: created from the step template or an earlier edition, their
// partners, and everything the edition page shows.

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

  const editionId = (
    await db
      .insertInto('editions')
      .values({ programmeId: programme.id, schoolYear: data.schoolYear, title, status: 'preparation', notes: null, copiedFromId: source?.id ?? null })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  for (const step of steps) {
    await db.insertInto('sequences').values({ editionId, stepOrder: step.stepOrder, title: step.title, description: step.description, status: 'a_planifier' }).execute()
  }
  if (source) {
    const partners = await db.selectFrom('editionPartners').select(['organisationId', 'personId', 'role']).where('editionId', '=', source.id).execute()
    for (const partner of partners) await db.insertInto('editionPartners').values({ editionId, ...partner }).execute()
  }
  return editionId
}

export async function saveEdition(db: Db, id: number, input: EditionInput, version?: number): Promise<void> {
  const data = editionInput.parse(input)
  await editionOf(db, id)
  await updateVersioned(db, 'editions', id, version, { title: data.title, status: data.status, notes: data.notes ?? null, updatedAt: new Date().toISOString() }, "Cette édition n'existe plus.")
}

export async function deleteEdition(db: Db, id: number, version?: number): Promise<void> {
  await claimForDeletion(db, 'editions', id, version)
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

export async function saveEditionPartner(db: Db, id: number | null, input: EditionPartnerInput, version?: number): Promise<number> {
  const data = editionPartnerInput.parse(input)
  await editionOf(db, data.editionId)
  const ref = parseActorKey(data.actor)
  await assertActor(db, ref, 'Partenaire')
  const row = { editionId: data.editionId, ...linkColumns(ref), role: data.role ?? 'partenaire' }
  const same = await db.selectFrom('editionPartners').select('id').where('editionId', '=', data.editionId).where(linkColumn(ref), '=', ref.id).executeTakeFirst()
  if (same && same.id !== id) throw new AppError('duplicate', "Cet acteur est déjà partenaire de l'édition.")
  if (id === null) return (await db.insertInto('editionPartners').values(row).returning('id').executeTakeFirstOrThrow()).id
  await updateVersioned(db, 'editionPartners', id, version, row, "Ce partenaire n'est plus lié à l'édition.")
  return id
}

export async function deleteEditionPartner(db: Db, id: number, version?: number): Promise<void> {
  await claimForDeletion(db, 'editionPartners', id, version)
  await db.deleteFrom('editionPartners').where('id', '=', id).execute()
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
      'e.version',
    ])
    .where('e.id', '=', id)
    .executeTakeFirst()
  if (!edition) throw new AppError('not_found', "Cette édition n'existe pas (ou plus).")
  const partners = await db
    .selectFrom('editionPartners as x')
    .leftJoin('organisations as o', 'o.id', 'x.organisationId')
    .leftJoin('people as p', 'p.id', 'x.personId')
    .select(['x.id', 'x.role', 'x.version', ...linkedActorColumns('x')])
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
      .map((row) => ({ id: row.id, role: row.role, version: row.version, ...linkedActor(row) }))
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
