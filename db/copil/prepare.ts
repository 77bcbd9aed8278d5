import { AppError } from '../errors'
import { programmeSessionsHeld } from '../programmes/timeline'
import type { Db } from '../schema'
import { OPEN_DECISION_STATUSES } from '../rules/copil-values'
import { listDecisions, previousSession } from './copil'
import { plural, formatMonth } from '../rules/format'

// What the animators gather before a COPIL session: open decisions and where they stand, what
// happened since the previous session, and the figures that changed. Each domain adds its own
// activity source (programmes add theirs).

export interface ActivityItem {
  /** 'YYYY-MM-DD' */
  date: string
  kind: string
  label: string
  detail: string | null
  link: string | null
  /** What the line stands for, when more than one (a month of journal entries). */
  count?: number
}

export interface Period {
  /** Exclusive; null when there was no earlier session. */
  since: string | null
  /** Inclusive. */
  until: string
}

type ActivitySource = (db: Db, period: Period) => Promise<ActivityItem[]>

const inPeriod = <T extends { where: (...args: any[]) => T }>(query: T, column: string, period: Period): T => {
  let result = query.where(column, '<=', period.until)
  if (period.since) result = result.where(column, '>', period.since)
  return result
}

const newVitawiners: ActivitySource = async (db, period) => {
  const organisations = await inPeriod(db.selectFrom('organisations').select(['id', 'name', 'joinedOn']).where('status', '=', 'vitawiner'), 'joinedOn', period).execute()
  const people = await inPeriod(db.selectFrom('people').select(['id', 'firstName', 'lastName', 'joinedOn']).where('status', '=', 'vitawiner'), 'joinedOn', period).execute()
  return [
    ...organisations.map((row) => ({ date: row.joinedOn!, kind: 'Nouveau Vitawiner', label: row.name, detail: null, link: `/acteurs/o${row.id}` })),
    ...people.map((row) => ({ date: row.joinedOn!, kind: 'Nouveau Vitawiner', label: `${row.firstName} ${row.lastName}`, detail: null, link: `/acteurs/p${row.id}` })),
  ]
}

const meetingsHeld: ActivitySource = async (db, period) => {
  const rows = await inPeriod(
    db
      .selectFrom('groupMeetings as m')
      .innerJoin('workingGroups as g', 'g.id', 'm.groupId')
      .select((eb) => [
        'm.id',
        'm.heldOn',
        'm.place',
        'g.id as groupId',
        'g.name',
        eb.selectFrom('meetingAttendance as a').select((e) => e.fn.countAll<number>().as('n')).whereRef('a.meetingId', '=', 'm.id').where('a.status', '=', 'present').as('present'),
      ]),
    'm.heldOn',
    period,
  ).execute()
  return rows.map((row) => ({
    date: row.heldOn,
    kind: 'Réunion de groupe de travail',
    label: row.name,
    detail: `${row.place ? `${row.place}, ` : ''}${plural(Number(row.present ?? 0), 'présent')}`,
    link: `/groupes/${row.groupId}`,
  }))
}

const interactionsByMonth: ActivitySource = async (db, period) => {
  const rows = await inPeriod(db.selectFrom('interactions').select(['occurredOn', 'kind']), 'occurredOn', period).execute()
  const months = new Map<string, number>()
  for (const row of rows) months.set(row.occurredOn.slice(0, 7), (months.get(row.occurredOn.slice(0, 7)) ?? 0) + 1)
  return [...months.entries()].map(([month, count]) => ({
    date: `${month}-01`,
    kind: 'Échanges du journal',
    count,
    label: `${plural(count, 'échange noté', 'échanges notés')} en ${formatMonth(month)}`,
    detail: null,
    link: null,
  }))
}

export const activitySources: ActivitySource[] = [newVitawiners, meetingsHeld, interactionsByMonth, programmeSessionsHeld]

export interface KeyFigure {
  label: string
  previous: number | null
  current: number
}

type FigureSource = (db: Db, at: string) => Promise<{ label: string; value: number }[]>

async function countWhere(db: Db, table: 'organisations' | 'people', at: string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'vitawiner')
    .where('joinedOn', '<=', at)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

const networkFigures: FigureSource = async (db, at) => {
  const meetings = await db.selectFrom('groupMeetings').select((eb) => eb.fn.countAll<number>().as('n')).where('heldOn', '<=', at).executeTakeFirstOrThrow()
  const interactions = await db.selectFrom('interactions').select((eb) => eb.fn.countAll<number>().as('n')).where('occurredOn', '<=', at).executeTakeFirstOrThrow()
  const decisionsDone = await db
    .selectFrom('decisionFollowups')
    .select((eb) => eb.fn.count<number>('decisionId').distinct().as('n'))
    .where('status', '=', 'realisee')
    .where('recordedOn', '<=', at)
    .executeTakeFirstOrThrow()
  return [
    { label: 'Organisations Vitawiners', value: await countWhere(db, 'organisations', at) },
    { label: 'Personnes Vitawiners', value: await countWhere(db, 'people', at) },
    { label: 'Réunions de groupes de travail tenues (cumul)', value: Number(meetings.n) },
    { label: 'Échanges notés au journal (cumul)', value: Number(interactions.n) },
    { label: 'Décisions du COPIL réalisées (cumul)', value: Number(decisionsDone.n) },
  ]
}

export const figureSources: FigureSource[] = [networkFigures]

export async function prepareSession(db: Db, sessionId: number, today: string) {
  const session = await db.selectFrom('copilSessions').select(['id', 'reference', 'heldOn', 'place', 'status']).where('id', '=', sessionId).executeTakeFirst()
  if (!session) throw new AppError('not_found', "Cette séance du COPIL n'existe pas (ou plus).")
  const previous = await previousSession(db, session.heldOn, session.id)
  const until = session.status === 'tenue' || session.heldOn < today ? session.heldOn : today
  const period: Period = { since: previous?.heldOn ?? null, until }
  const openDecisions = (await listDecisions(db, { statuses: [...OPEN_DECISION_STATUSES], today })).filter((decision) => decision.sessionHeldOn < session.heldOn)
  const activity = (await Promise.all(activitySources.map((source) => source(db, period)))).flat().sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.kind.localeCompare(b.kind)))
  const figures: KeyFigure[] = []
  for (const source of figureSources) {
    const current = await source(db, until)
    const before = previous ? await source(db, previous.heldOn) : null
    current.forEach((figure, index) => figures.push({ label: figure.label, current: figure.value, previous: before ? (before[index]?.value ?? null) : null }))
  }
  return { session, previous: previous ?? null, period, openDecisions, activity, figures }
}

export type SessionPreparation = Awaited<ReturnType<typeof prepareSession>>
