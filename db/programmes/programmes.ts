import { AppError } from '../errors'
import { claimForDeletion, updateVersioned } from '../versions'
import { linkColumn, linkColumns, parseActorKey } from '../rules/actor-keys'
import { programmeShortName } from '../rules/programme-values'
import type { Db } from '../schema'
import { assertActor, countPupils } from './common'
import { programmePartnerInput, type ProgrammePartnerInput } from './schemas'
import { linkedActor, linkedActorColumns } from '../actors/linked'

// The programmes (Q2ER, mentoring, conferences…): their partners, and the list of their yearly
// editions with what each achieved.

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
    .select(['x.id', 'x.programmeId', 'x.role', 'x.version', ...linkedActorColumns('x')])
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
      .map((row) => ({ id: row.id, role: row.role, version: row.version, ...linkedActor(row) }))
      .sort((a, b) => a.role.localeCompare(b.role) || a.actorName.localeCompare(b.actorName, 'fr')),
    editions: editions.filter((edition) => edition.programmeId === programme.id).map((edition) => ({ ...edition, ...summaries.get(edition.id)! })),
  }))
}

export type ProgrammeList = Awaited<ReturnType<typeof listProgrammes>>

export async function programmeOf(db: Db, id: number) {
  const programme = await db.selectFrom('programmes').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst()
  if (!programme) throw new AppError('not_found', "Ce programme n'existe pas.")
  return programme
}

export async function saveProgrammePartner(db: Db, id: number | null, input: ProgrammePartnerInput, version?: number): Promise<number> {
  const data = programmePartnerInput.parse(input)
  await programmeOf(db, data.programmeId)
  const ref = parseActorKey(data.actor)
  await assertActor(db, ref, 'Partenaire')
  const row = { programmeId: data.programmeId, ...linkColumns(ref), role: data.role ?? 'partenaire' }
  const same = await db.selectFrom('programmePartners').select('id').where('programmeId', '=', data.programmeId).where(linkColumn(ref), '=', ref.id).executeTakeFirst()
  if (same && same.id !== id) throw new AppError('duplicate', 'Cet acteur est déjà partenaire ou référent du programme.')
  if (id === null) return (await db.insertInto('programmePartners').values(row).returning('id').executeTakeFirstOrThrow()).id
  await updateVersioned(db, 'programmePartners', id, version, row, "Ce partenaire n'est plus lié au programme.")
  return id
}

export async function deleteProgrammePartner(db: Db, id: number, version?: number): Promise<void> {
  await claimForDeletion(db, 'programmePartners', id, version)
  await db.deleteFrom('programmePartners').where('id', '=', id).execute()
}
