import { AppError } from '../errors'
import type { ActorRef } from '../rules/actor-keys'
import type { Db } from '../schema'

// Small helpers shared by the programme modules.

/** Sessions with their step (q), edition (e) and programme (g): where every listing of sessions starts. */
export function sessionsWithProgramme(db: Db) {
  return db
    .selectFrom('sequenceSessions as s')
    .innerJoin('sequences as q', 'q.id', 's.sequenceId')
    .innerJoin('editions as e', 'e.id', 'q.editionId')
    .innerJoin('programmes as g', 'g.id', 'e.programmeId')
}

export async function assertActor(db: Db, ref: ActorRef, label = 'Acteur'): Promise<string> {
  if (ref.kind === 'organisation') {
    const row = await db.selectFrom('organisations').select('name').where('id', '=', ref.id).executeTakeFirst()
    if (!row) throw new AppError('not_found', `${label} : organisation introuvable.`)
    return row.name
  }
  const row = await db.selectFrom('people').select(['firstName', 'lastName']).where('id', '=', ref.id).executeTakeFirst()
  if (!row) throw new AppError('not_found', `${label} : personne introuvable.`)
  return `${row.firstName} ${row.lastName}`
}

export async function editionOf(db: Db, id: number) {
  const edition = await db.selectFrom('editions').select(['id', 'programmeId', 'schoolYear', 'title', 'status']).where('id', '=', id).executeTakeFirst()
  if (!edition) throw new AppError('not_found', "Cette édition n'existe pas (ou plus).")
  return edition
}

export async function assertSchool(db: Db, id: number): Promise<{ name: string; townCode: string | null }> {
  const row = await db.selectFrom('organisations').select(['name', 'profileCode', 'townCode']).where('id', '=', id).executeTakeFirst()
  if (!row) throw new AppError('not_found', 'Établissement introuvable.')
  if (row.profileCode !== 'education') {
    throw new AppError('invalid_input', `« ${row.name} » n'est pas un établissement scolaire (profil « Éducation nationale »).`)
  }
  return { name: row.name, townCode: row.townCode }
}

export async function assertLevel(db: Db, code: string | null | undefined): Promise<void> {
  if (!code) return
  const row = await db.selectFrom('schoolLevels').select('code').where('code', '=', code).executeTakeFirst()
  if (!row) throw new AppError('invalid_input', `Niveau scolaire inconnu : « ${code} ».`)
}

export interface CountedSession {
  id: number
  pupilsCount: number | null
}

export interface CountedClass {
  sessionId: number
  schoolId: number
  classLabel: string | null
  levelCode: string | null
  pupilsCount: number | null
}

/**
 * Pupils reached by a set of sessions: each class (school, label, level) once, at its largest
 * head count — a class met three times is 28 pupils, not 84 —; a session without counted classes
 * adds its own head count. The same rule as the impact indicators.
 */
export function countPupils(sessions: CountedSession[], classes: CountedClass[]): number {
  const bySession = new Map<number, CountedClass[]>()
  for (const row of classes) {
    if (row.pupilsCount === null) continue
    const list = bySession.get(row.sessionId)
    if (list) list.push(row)
    else bySession.set(row.sessionId, [row])
  }
  const best = new Map<string, number>()
  let loose = 0
  for (const session of sessions) {
    const counted = bySession.get(session.id)
    if (!counted) {
      loose += session.pupilsCount ?? 0
      continue
    }
    for (const row of counted) {
      const key = `${row.schoolId}|${(row.classLabel ?? '').trim().toLowerCase()}|${row.levelCode ?? ''}`
      best.set(key, Math.max(best.get(key) ?? 0, row.pupilsCount!))
    }
  }
  let total = loose
  for (const value of best.values()) total += value
  return total
}

export function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`)
  value.setUTCDate(value.getUTCDate() + days)
  return value.toISOString().slice(0, 10)
}
