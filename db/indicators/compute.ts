import { AppError } from '../errors'
import { actorPath, organisationKey, personKey } from '../rules/actor-keys'
import { PLACEMENT_KIND } from '../rules/programme-values'
import { calendarYearBounds, isSchoolYear, schoolYearBounds } from '../rules/school-year'
import type { Db } from '../schema'
import { sessionsWithProgramme } from '../programmes/common'

// Computed impact indicators. Each computation is a pure function of the data and the period: the
// same data and period always give the same figure, and each figure comes with the records behind
// it. Periods are school years ('2025-2026', September to August) or calendar years ('2025').

export interface Bounds {
  start: string
  end: string
}

export function periodBounds(period: string): Bounds {
  if (isSchoolYear(period)) return schoolYearBounds(period)
  if (/^\d{4}$/.test(period)) return calendarYearBounds(Number(period))
  throw new AppError('invalid_input', `Période invalide : « ${period} » (attendu : 2025-2026 ou 2025).`)
}

export interface IndicatorRecord {
  date: string | null
  label: string
  detail: string | null
  link: string | null
}

export interface Computed {
  value: number | null
  records: IndicatorRecord[]
}

type ActorKey = string

export interface Engagement {
  key: ActorKey
  name: string
  profileCode: string
  townCode: string | null
  date: string
  how: string
  link: string | null
}

const actorSelect = [
  'o.id as organisationId',
  'o.name as organisationName',
  'o.profileCode as organisationProfile',
  'o.townCode as organisationTown',
  'p.id as personId',
  'p.firstName',
  'p.lastName',
  'p.profileCode as personProfile',
  'p.townCode as personTown',
] as const

interface ActorColumns {
  organisationId: number | null
  organisationName: string | null
  organisationProfile: string | null
  organisationTown: string | null
  personId: number | null
  firstName: string | null
  lastName: string | null
  personProfile: string | null
  personTown: string | null
}

function toEngagement(row: ActorColumns, date: string, how: string, link: string | null): Engagement | null {
  if (row.organisationId !== null) {
    return { key: organisationKey(row.organisationId), name: row.organisationName!, profileCode: row.organisationProfile!, townCode: row.organisationTown, date, how, link }
  }
  if (row.personId !== null) {
    return { key: personKey(row.personId), name: `${row.firstName} ${row.lastName}`, profileCode: row.personProfile!, townCode: row.personTown, date, how, link }
  }
  return null
}

/** Every engagement of an actor in an action during the period (an actor may appear many times). */
export async function engagements(db: Db, bounds: Bounds): Promise<Engagement[]> {
  const result: Engagement[] = []
  const push = (rows: (ActorColumns & { date: string; label: string; link: string | null })[]) => {
    for (const row of rows) {
      const engagement = toEngagement(row, row.date, row.label, row.link)
      if (engagement) result.push(engagement)
    }
  }
  const sessions = () =>
    sessionsWithProgramme(db)
      .where('s.status', '=', 'realisee')
      .where('s.heldOn', '>=', bounds.start)
      .where('s.heldOn', '<=', bounds.end)

  const speakers = await sessions()
    .innerJoin('sessionParticipants as x', 'x.sessionId', 's.id')
    .leftJoin('organisations as o', 'o.id', 'x.organisationId')
    .leftJoin('people as p', 'p.id', 'x.personId')
    .select([...actorSelect, 's.heldOn as date', 'g.name as programme', 'q.title', 'e.id as editionId'])
    .execute()
  // « Intervention — Afterwork du réseau », not « … : Afterwork du réseau » again when the step is named after it.
  push(
    speakers.map((row) => ({
      ...row,
      label: row.title && row.title !== row.programme ? `Intervention — ${row.programme} : ${row.title}` : `Intervention — ${row.programme}`,
      link: `/programmes/editions/${row.editionId}`,
    })),
  )

  const schools = await sessions()
    .innerJoin('sessionClasses as c', 'c.sessionId', 's.id')
    .innerJoin('organisations as o', 'o.id', 'c.schoolId')
    .leftJoin('people as p', (join) => join.onTrue().on('p.id', '=', -1))
    .select([...actorSelect, 's.heldOn as date', 'g.name as programme', 'q.title', 'e.id as editionId'])
    .execute()
  push(schools.map((row) => ({ ...row, label: `Classes — ${row.programme} : ${row.title}`, link: `/programmes/editions/${row.editionId}` })))

  const hosts = await db
    .selectFrom('placements as x')
    .innerJoin('organisations as o', 'o.id', 'x.hostOrganisationId')
    .leftJoin('people as p', (join) => join.onTrue().on('p.id', '=', -1))
    .select([...actorSelect, 'x.startedOn as date'])
    .where('x.status', '!=', 'annule')
    .where('x.startedOn', '>=', bounds.start)
    .where('x.startedOn', '<=', bounds.end)
    .execute()
  push(hosts.map((row) => ({ ...row, label: 'Accueil d’un stagiaire ou d’un alternant', link: null })))

  const mentors = await db
    .selectFrom('mentoringPairs as m')
    .innerJoin('people as p', 'p.id', 'm.mentorPersonId')
    .leftJoin('organisations as o', (join) => join.onTrue().on('o.id', '=', -1))
    .select([...actorSelect, 'm.startedOn as date'])
    .where('m.startedOn', '<=', bounds.end)
    .where((eb) => eb.or([eb('m.endedOn', 'is', null), eb('m.endedOn', '>=', bounds.start)]))
    .execute()
  push(mentors.map((row) => ({ ...row, date: row.date < bounds.start ? bounds.start : row.date, label: 'Mentorat', link: null })))

  const meetings = await db
    .selectFrom('meetingAttendance as a')
    .innerJoin('groupMeetings as r', 'r.id', 'a.meetingId')
    .innerJoin('workingGroups as w', 'w.id', 'r.groupId')
    .leftJoin('organisations as o', 'o.id', 'a.organisationId')
    .leftJoin('people as p', 'p.id', 'a.personId')
    .select([...actorSelect, 'r.heldOn as date', 'w.name as groupName', 'w.id as groupId'])
    .where('a.status', '=', 'present')
    .where('r.heldOn', '>=', bounds.start)
    .where('r.heldOn', '<=', bounds.end)
    .execute()
  push(meetings.map((row) => ({ ...row, label: `Groupe de travail « ${row.groupName} »`, link: `/groupes/${row.groupId}` })))

  const copil = await db
    .selectFrom('copilAttendance as a')
    .innerJoin('copilSessions as s', 's.id', 'a.sessionId')
    .leftJoin('organisations as o', 'o.id', 'a.organisationId')
    .leftJoin('people as p', 'p.id', 'a.personId')
    .select([...actorSelect, 's.heldOn as date', 's.reference', 's.id as sessionId'])
    .where('a.status', '=', 'present')
    .where('s.status', '=', 'tenue')
    .where('s.heldOn', '>=', bounds.start)
    .where('s.heldOn', '<=', bounds.end)
    .execute()
  push(copil.map((row) => ({ ...row, label: `Séance ${row.reference}`, link: `/copil/seances/${row.sessionId}` })))

  const partners = await db
    .selectFrom('editionPartners as x')
    .innerJoin('editions as e', 'e.id', 'x.editionId')
    .innerJoin('programmes as g', 'g.id', 'e.programmeId')
    .leftJoin('organisations as o', 'o.id', 'x.organisationId')
    .leftJoin('people as p', 'p.id', 'x.personId')
    .select([...actorSelect, 'e.schoolYear', 'g.name as programme', 'e.id as editionId'])
    .execute()
  for (const row of partners) {
    const year = schoolYearBounds(row.schoolYear)
    if (year.start > bounds.end || year.end < bounds.start) continue
    const engagement = toEngagement(row, year.start < bounds.start ? bounds.start : year.start, `Partenaire de ${row.programme} ${row.schoolYear}`, `/programmes/editions/${row.editionId}`)
    if (engagement) result.push(engagement)
  }
  return result
}

/** One entry per actor: the first engagement of the period stands for the others. */
export function distinctActors(list: Engagement[]): Engagement[] {
  const byKey = new Map<string, Engagement>()
  // The first by date, then by what: the same one whatever order the engine gave the list in.
  for (const engagement of [...list].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.key.localeCompare(b.key) || a.how.localeCompare(b.how, 'fr')))) {
    if (!byKey.has(engagement.key)) byKey.set(engagement.key, engagement)
  }
  return [...byKey.values()]
}

const engagementRecord = (engagement: Engagement): IndicatorRecord => ({ date: engagement.date, label: engagement.name, detail: engagement.how, link: `/acteurs/${engagement.key}` })

interface RealisedSession {
  id: number
  heldOn: string
  pupilsCount: number | null
  teachersCount: number | null
  interventionHours: number | null
  satisfaction: number | null
  townCode: string | null
  title: string
  programme: string
  editionId: number
}

async function realisedSessions(db: Db, bounds: Bounds): Promise<RealisedSession[]> {
  return sessionsWithProgramme(db)
    .select(['s.id', 's.heldOn', 's.pupilsCount', 's.teachersCount', 's.interventionHours', 's.satisfaction', 's.townCode', 'q.title', 'g.name as programme', 'e.id as editionId'])
    .where('s.status', '=', 'realisee')
    .where('s.heldOn', '>=', bounds.start)
    .where('s.heldOn', '<=', bounds.end)
    .orderBy('s.heldOn')
    .orderBy('s.id')
    .execute()
}

async function classesOf(db: Db, sessionIds: number[]) {
  if (sessionIds.length === 0) return []
  return db
    .selectFrom('sessionClasses as c')
    .innerJoin('organisations as o', 'o.id', 'c.schoolId')
    .select(['c.sessionId', 'c.schoolId', 'o.name as schoolName', 'o.townCode', 'c.classLabel', 'c.levelCode', 'c.pupilsCount'])
    .where('c.sessionId', 'in', sessionIds)
    .execute()
}

/**
 * The pupils mentored during the period (a pair running at some point of it), each once, with
 * their school and level (a pupil's record may have been erased since: no school, no level).
 */
async function menteesOf(db: Db, bounds: Bounds) {
  return db
    .selectFrom('mentoringPairs as m')
    .innerJoin('pupils as u', 'u.id', 'm.menteePupilId')
    .leftJoin('organisations as o', 'o.id', 'u.schoolId')
    .leftJoin('schoolLevels as l', 'l.code', 'u.levelCode')
    .select((eb) => ['u.id', 'u.schoolId', 'u.levelCode', 'o.name as schoolName', 'o.townCode', 'l.label as levelLabel', eb.fn.min('m.startedOn').as('startedOn')])
    .where('m.startedOn', '<=', bounds.end)
    .where((eb) => eb.or([eb('m.endedOn', 'is', null), eb('m.endedOn', '>=', bounds.start)]))
    // The school and level columns too: PostgreSQL wants every selected column of a joined table grouped (one per pupil anyway).
    .groupBy(['u.id', 'o.name', 'o.townCode', 'l.label'])
    .orderBy('u.id')
    .execute()
}

/**
 * Pupils reached: each class counted once in the period, at its largest head count (classes are
 * counted, not named); a session without counted classes adds its own head count; each pupil
 * mentored during the period adds one, unless a class of the same school and level was counted
 * (the pupil may be in it: never counted twice).
 */
export async function pupilsReached(db: Db, bounds: Bounds): Promise<Computed & { byTown: Map<string | null, number> }> {
  const sessions = await realisedSessions(db, bounds)
  const classes = await classesOf(db, sessions.map((session) => session.id))
  const classesBySession = new Map<number, typeof classes>()
  for (const row of classes) classesBySession.set(row.sessionId, [...(classesBySession.get(row.sessionId) ?? []), row])
  const best = new Map<string, { count: number; label: string; town: string | null; date: string; link: string }>()
  const records: IndicatorRecord[] = []
  const byTown = new Map<string | null, number>()
  // The schools' levels of which a class was counted.
  const levelsCounted = new Set<string>()
  let loose = 0
  for (const session of sessions) {
    const counted = (classesBySession.get(session.id) ?? []).filter((row) => row.pupilsCount !== null)
    if (counted.length === 0) {
      if (session.pupilsCount) {
        loose += session.pupilsCount
        byTown.set(session.townCode, (byTown.get(session.townCode) ?? 0) + session.pupilsCount)
        records.push({ date: session.heldOn, label: `${session.programme} : ${session.title}`, detail: `${session.pupilsCount} élèves (séance sans classe détaillée)`, link: `/programmes/editions/${session.editionId}` })
      }
      continue
    }
    for (const row of counted) {
      levelsCounted.add(`${row.schoolId}|${row.levelCode ?? ''}`)
      const key = `${row.schoolId}|${(row.classLabel ?? '').trim().toLowerCase()}|${row.levelCode ?? ''}`
      const current = best.get(key)
      if (!current || row.pupilsCount! > current.count) {
        best.set(key, {
          count: row.pupilsCount!,
          label: `${row.schoolName}${row.classLabel ? ` — ${row.classLabel}` : ''}`,
          town: row.townCode,
          date: current?.date ?? session.heldOn,
          link: `/acteurs/o${row.schoolId}`,
        })
      }
    }
  }
  let total = loose
  for (const entry of best.values()) {
    total += entry.count
    byTown.set(entry.town, (byTown.get(entry.town) ?? 0) + entry.count)
    records.push({ date: entry.date, label: entry.label, detail: `${entry.count} élèves`, link: entry.link })
  }
  for (const mentee of await menteesOf(db, bounds)) {
    if (mentee.schoolId !== null && levelsCounted.has(`${mentee.schoolId}|${mentee.levelCode ?? ''}`)) continue
    total += 1
    byTown.set(mentee.townCode ?? null, (byTown.get(mentee.townCode ?? null) ?? 0) + 1)
    records.push({
      date: mentee.startedOn < bounds.start ? bounds.start : mentee.startedOn,
      label: 'Mentorat : élève mentoré',
      detail: [mentee.schoolName ?? 'établissement non renseigné', mentee.levelLabel].filter(Boolean).join(' — '),
      link: '/programmes/mentorat',
    })
  }
  records.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.label.localeCompare(b.label, 'fr'))
  return { value: total, records, byTown }
}

type Computation = (db: Db, bounds: Bounds, cache: Cache) => Promise<Computed>

interface Cache {
  engagements?: Promise<Engagement[]>
  sessions?: Promise<RealisedSession[]>
}

const cachedEngagements = (db: Db, bounds: Bounds, cache: Cache) => (cache.engagements ??= engagements(db, bounds))
const cachedSessions = (db: Db, bounds: Bounds, cache: Cache) => (cache.sessions ??= realisedSessions(db, bounds))

const sessionRecord = (session: RealisedSession, detail: string | null): IndicatorRecord => ({
  date: session.heldOn,
  label: `${session.programme} : ${session.title}`,
  detail,
  link: `/programmes/editions/${session.editionId}`,
})

async function sessionsWithPupils(db: Db, sessions: RealisedSession[]) {
  const classes = await classesOf(db, sessions.map((session) => session.id))
  return sessions.map((session) => {
    const sum = classes.filter((row) => row.sessionId === session.id).reduce((total, row) => total + (row.pupilsCount ?? 0), 0)
    return { session, pupils: session.pupilsCount ?? sum }
  })
}

export const COMPUTATIONS: Record<string, Computation> = {
  eleves_touches: async (db, bounds) => pupilsReached(db, bounds),

  participations_eleves: async (db, bounds, cache) => {
    const list = await sessionsWithPupils(db, await cachedSessions(db, bounds, cache))
    return { value: list.reduce((total, item) => total + item.pupils, 0), records: list.filter((item) => item.pupils > 0).map((item) => sessionRecord(item.session, `${item.pupils} élèves présents`)) }
  },

  seances_realisees: async (db, bounds, cache) => {
    const sessions = await cachedSessions(db, bounds, cache)
    return { value: sessions.length, records: sessions.map((session) => sessionRecord(session, null)) }
  },

  heures_intervention: async (db, bounds, cache) => {
    const sessions = (await cachedSessions(db, bounds, cache)).filter((session) => session.interventionHours)
    return {
      value: Math.round(sessions.reduce((total, session) => total + session.interventionHours!, 0) * 10) / 10,
      records: sessions.map((session) => sessionRecord(session, `${session.interventionHours} h`)),
    }
  },

  satisfaction_seances: async (db, bounds, cache) => {
    const sessions = (await cachedSessions(db, bounds, cache)).filter((session) => session.satisfaction !== null)
    if (sessions.length === 0) return { value: null, records: [] }
    const mean = sessions.reduce((total, session) => total + session.satisfaction!, 0) / sessions.length
    return { value: Math.round(mean * 10) / 10, records: sessions.map((session) => sessionRecord(session, `${session.satisfaction} / 5`)) }
  },

  stages_trouves: async (db, bounds) => {
    const rows = await db
      .selectFrom('placements as x')
      .innerJoin('organisations as o', 'o.id', 'x.hostOrganisationId')
      .select(['x.id', 'x.kind', 'x.startedOn', 'o.id as hostId', 'o.name'])
      .where('x.status', '!=', 'annule')
      .where('x.startedOn', '>=', bounds.start)
      .where('x.startedOn', '<=', bounds.end)
      .orderBy('x.startedOn')
      .orderBy('x.id')
      .execute()
    return { value: rows.length, records: rows.map((row) => ({ date: row.startedOn, label: row.name, detail: PLACEMENT_KIND.label(row.kind), link: actorPath(organisationKey(row.hostId)) })) }
  },

  mentors: async (db, bounds, cache) => {
    const mentors = distinctActors((await cachedEngagements(db, bounds, cache)).filter((engagement) => engagement.how === 'Mentorat'))
    return { value: mentors.length, records: mentors.map(engagementRecord) }
  },

  acteurs_engages: async (db, bounds, cache) => {
    const actors = distinctActors(await cachedEngagements(db, bounds, cache))
    return { value: actors.length, records: actors.map(engagementRecord) }
  },

  entreprises_engagees: async (db, bounds, cache) => {
    const companies = distinctActors(await cachedEngagements(db, bounds, cache)).filter((engagement) => engagement.key.startsWith('o') && engagement.profileCode === 'entreprise')
    return { value: companies.length, records: companies.map(engagementRecord) }
  },

  communes_couvertes: async (db, bounds, cache) => {
    const towns = new Map<string, string>()
    for (const engagement of distinctActors(await cachedEngagements(db, bounds, cache))) {
      if (engagement.townCode && !towns.has(engagement.townCode)) towns.set(engagement.townCode, `Acteur engagé : ${engagement.name}`)
    }
    for (const session of await cachedSessions(db, bounds, cache)) {
      if (session.townCode && !towns.has(session.townCode)) towns.set(session.townCode, `Séance : ${session.programme}`)
    }
    const names = new Map((await db.selectFrom('towns').select(['inseeCode', 'name']).execute()).map((row) => [row.inseeCode, row.name]))
    const records = [...towns.entries()]
      .filter(([code]) => names.has(code))
      .map(([code, detail]) => ({ date: null, label: names.get(code)!, detail, link: `/indicateurs/communes/${code}` }))
      .sort((a, b) => a.label.localeCompare(b.label, 'fr'))
    return { value: records.length, records }
  },

  nouveaux_vitawiners: async (db, bounds) => {
    const organisations = await db.selectFrom('organisations').select(['id', 'name', 'joinedOn']).where('status', '!=', 'prospect').where('joinedOn', '>=', bounds.start).where('joinedOn', '<=', bounds.end).execute()
    const people = await db.selectFrom('people').select(['id', 'firstName', 'lastName', 'joinedOn']).where('status', '!=', 'prospect').where('joinedOn', '>=', bounds.start).where('joinedOn', '<=', bounds.end).execute()
    const records = [
      ...organisations.map((row) => ({ date: row.joinedOn, label: row.name, detail: 'Organisation', link: `/acteurs/o${row.id}` })),
      ...people.map((row) => ({ date: row.joinedOn, label: `${row.firstName} ${row.lastName}`, detail: 'Personne', link: `/acteurs/p${row.id}` })),
    ].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.label.localeCompare(b.label, 'fr'))
    return { value: records.length, records }
  },

  vitawiners: async (db, bounds) => {
    const count = async (table: 'organisations' | 'people') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'vitawiner').where('joinedOn', '<=', bounds.end).executeTakeFirstOrThrow()).n)
    const organisations = await count('organisations')
    const people = await count('people')
    return {
      value: organisations + people,
      records: [
        { date: bounds.end, label: 'Organisations Vitawiners', detail: String(organisations), link: '/acteurs' },
        { date: bounds.end, label: 'Personnes Vitawiners', detail: String(people), link: '/acteurs' },
      ],
    }
  },

  reunions_tenues: async (db, bounds) => {
    const meetings = await db
      .selectFrom('groupMeetings as r')
      .innerJoin('workingGroups as w', 'w.id', 'r.groupId')
      .select(['r.heldOn', 'w.name', 'w.id'])
      .where('r.heldOn', '>=', bounds.start)
      .where('r.heldOn', '<=', bounds.end)
      .execute()
    const sessions = await db.selectFrom('copilSessions').select(['id', 'heldOn', 'reference']).where('status', '=', 'tenue').where('heldOn', '>=', bounds.start).where('heldOn', '<=', bounds.end).execute()
    const records = [
      ...meetings.map((row) => ({ date: row.heldOn, label: `Groupe de travail « ${row.name} »`, detail: null, link: `/groupes/${row.id}` })),
      ...sessions.map((row) => ({ date: row.heldOn, label: `Séance ${row.reference}`, detail: null, link: `/copil/seances/${row.id}` })),
    ].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.label.localeCompare(b.label, 'fr'))
    return { value: records.length, records }
  },

  pistes_retenues: async (db, bounds) => {
    const rows = await db
      .selectFrom('proposedActions as a')
      .innerJoin('copilDecisions as d', 'd.id', 'a.decisionId')
      .innerJoin('copilSessions as s', 's.id', 'd.sessionId')
      .select(['a.title', 'a.groupId', 's.heldOn', 'd.reference'])
      .where('s.heldOn', '>=', bounds.start)
      .where('s.heldOn', '<=', bounds.end)
      .orderBy('s.heldOn')
      .execute()
    return { value: rows.length, records: rows.map((row) => ({ date: row.heldOn, label: row.title, detail: row.reference, link: `/groupes/${row.groupId}` })) }
  },
}

/** The value of one indicator for one period, computed or entered, with the records behind it. */
export async function indicatorValue(db: Db, code: string, period: string, cache: Cache = {}): Promise<Computed & { source: string | null; measuredOn: string | null }> {
  const indicator = await db.selectFrom('indicators').select(['code', 'source']).where('code', '=', code).executeTakeFirst()
  if (!indicator) throw new AppError('not_found', `Indicateur inconnu : « ${code} ».`)
  if (indicator.source === 'manual') {
    const entered = await db.selectFrom('indicatorValues').select(['value', 'source', 'measuredOn', 'notes']).where('indicatorCode', '=', code).where('period', '=', period).executeTakeFirst()
    return {
      value: entered?.value ?? null,
      source: entered?.source ?? null,
      measuredOn: entered?.measuredOn ?? null,
      records: entered ? [{ date: entered.measuredOn, label: entered.source, detail: entered.notes, link: null }] : [],
    }
  }
  const computation = COMPUTATIONS[code]
  if (!computation) throw new AppError('internal', `Aucun calcul défini pour l'indicateur « ${code} ».`)
  const computed = await computation(db, periodBounds(period), cache)
  return { ...computed, source: 'Calculé à partir des données', measuredOn: null }
}
