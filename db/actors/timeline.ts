import { programmeTimeline } from '../programmes/timeline'
import type { Db } from '../schema'
import { linkColumn, type ActorRef } from '../rules/actor-keys'
import { INTERACTION_KIND, type TimelineSource } from '../rules/actor-values'
import { DECISION_STATUS } from '../rules/copil-values'
import { formatDate } from '../rules/format'
import { ATTENDANCE_STATUS } from '../rules/group-values'

// An actor's whole history, newest first. Each domain adds its own source here (journal now;
// working groups, COPIL and programmes as they arrive).

export interface TimelineEvent {
  /** 'YYYY-MM-DD' */
  date: string
  source: TimelineSource
  title: string
  detail: string | null
  /** Route to open in the app, if any. */
  link: string | null
  interactionId?: number
}

type Source = (db: Db, ref: ActorRef) => Promise<TimelineEvent[]>

/** « (échéance le 12/12/2026) », « (faite le 03/12/2026) », or nothing. */
function nextStepWhen(row: { nextStepDueOn: string | null; nextStepDoneOn: string | null }): string {
  if (row.nextStepDoneOn) return ` (faite le ${formatDate(row.nextStepDoneOn)})`
  return row.nextStepDueOn ? ` (échéance le ${formatDate(row.nextStepDueOn)})` : ''
}

const journal: Source = async (db, ref) => {
  let query = db
    .selectFrom('interactions as i')
    .leftJoin('people as c', 'c.id', 'i.contactPersonId')
    .select(['i.id', 'i.kind', 'i.occurredOn', 'i.animator', 'i.summary', 'i.nextStep', 'i.nextStepDueOn', 'i.nextStepDoneOn', 'c.firstName', 'c.lastName'])
  query = ref.kind === 'person' ? query.where((eb) => eb.or([eb('i.personId', '=', ref.id), eb('i.contactPersonId', '=', ref.id)])) : query.where(`i.${linkColumn(ref)}`, '=', ref.id)
  const rows = await query.execute()
  return rows.map((row) => ({
    date: row.occurredOn,
    source: 'journal' as const,
    title: `${INTERACTION_KIND.label(row.kind)} — ${row.animator}${row.firstName ? ` avec ${row.firstName} ${row.lastName}` : ''}`,
    detail: [row.summary, row.nextStep ? `Prochaine étape : ${row.nextStep}${nextStepWhen(row)}` : null].filter(Boolean).join('\n'),
    link: null,
    interactionId: row.id,
  }))
}

const affiliations: Source = async (db, ref) => {
  const rows =
    ref.kind === 'person'
      ? await db.selectFrom('affiliations as a').innerJoin('organisations as o', 'o.id', 'a.organisationId').select(['a.startedOn', 'a.role', 'o.name', 'o.id']).where('a.personId', '=', ref.id).where('a.startedOn', 'is not', null).execute()
      : await db.selectFrom('affiliations as a').innerJoin('people as p', 'p.id', 'a.personId').select(['a.startedOn', 'a.role', (eb) => eb.fn('concat_ws', [eb.val(' '), 'p.firstName', 'p.lastName']).as('name'), 'p.id']).where('a.organisationId', '=', ref.id).where('a.startedOn', 'is not', null).execute()
  return rows.map((row) => ({
    date: row.startedOn!,
    source: 'affiliation' as const,
    title: ref.kind === 'person' ? `Rejoint ${row.name}` : `Arrivée de ${row.name as string}`,
    detail: row.role,
    link: `/acteurs/${ref.kind === 'person' ? 'o' : 'p'}${row.id}`,
  }))
}

const groups: Source = async (db, ref) => {
  const column = linkColumn(ref)
  const memberships = await db
    .selectFrom('groupMembers as m')
    .innerJoin('workingGroups as g', 'g.id', 'm.groupId')
    .select(['g.id', 'g.name', 'g.startedOn', 'm.joinedOn', 'm.role'])
    .where(`m.${column}`, '=', ref.id)
    .execute()
  const attended = await db
    .selectFrom('meetingAttendance as a')
    .innerJoin('groupMeetings as r', 'r.id', 'a.meetingId')
    .innerJoin('workingGroups as g', 'g.id', 'r.groupId')
    .select(['g.id', 'g.name', 'r.heldOn', 'r.place', 'a.status', 'a.isGuest'])
    .where(`a.${column}`, '=', ref.id)
    .execute()
  const actions = await db
    .selectFrom('proposedActions as a')
    .innerJoin('workingGroups as g', 'g.id', 'a.groupId')
    .select(['g.id', 'g.name', 'a.title', 'a.status', 'a.proposedOn', 'a.createdAt'])
    .where(`a.${column}`, '=', ref.id)
    .execute()
  return [
    ...memberships
      .filter((row) => row.joinedOn ?? row.startedOn)
      .map((row) => ({
        date: (row.joinedOn ?? row.startedOn)!,
        source: 'group' as const,
        title: `${row.role === 'Pilote' ? 'Pilote' : 'Membre'} du groupe de travail « ${row.name} »`,
        detail: row.role && row.role !== 'Pilote' ? row.role : null,
        link: `/groupes/${row.id}`,
      })),
    ...attended.map((row) => ({
      date: row.heldOn,
      source: 'group' as const,
      title: `Réunion du groupe « ${row.name} » : ${ATTENDANCE_STATUS.label(row.status).toLocaleLowerCase('fr')}${row.isGuest ? ' (invité)' : ''}`,
      detail: row.place,
      link: `/groupes/${row.id}`,
    })),
    ...actions.map((row) => ({
      date: row.proposedOn ?? row.createdAt.slice(0, 10),
      source: 'group' as const,
      title: `Porte la piste d'action « ${row.title} » (groupe « ${row.name} »)`,
      detail: null,
      link: `/groupes/${row.id}`,
    })),
  ]
}

const copil: Source = async (db, ref) => {
  const column = linkColumn(ref)
  const memberships =
    ref.kind === 'organisation'
      ? await db.selectFrom('copilMembers').select(['startedOn', 'representativeName']).where('organisationId', '=', ref.id).execute()
      : await db.selectFrom('copilMembers as m').innerJoin('organisations as o', 'o.id', 'm.organisationId').select(['m.startedOn', 'o.name as representativeName']).where('m.representativePersonId', '=', ref.id).execute()
  const attended = await db
    .selectFrom('copilAttendance as a')
    .innerJoin('copilSessions as s', 's.id', 'a.sessionId')
    .select(['s.id', 's.reference', 's.heldOn', 'a.status', 'a.isGuest'])
    .where(`a.${column}`, '=', ref.id)
    .execute()
  const decisions = await db
    .selectFrom('copilDecisions as d')
    .innerJoin('copilSessions as s', 's.id', 'd.sessionId')
    .select(['d.reference', 'd.text', 'd.status', 's.heldOn', 's.id'])
    .where(`d.${column}`, '=', ref.id)
    .execute()
  return [
    ...memberships
      .filter((row) => row.startedOn)
      .map((row) => ({
        date: row.startedOn!,
        source: 'copil' as const,
        title: ref.kind === 'organisation' ? 'Entrée au COPIL' : `Représente « ${row.representativeName} » au COPIL`,
        detail: ref.kind === 'organisation' && row.representativeName ? `Représentant : ${row.representativeName}` : null,
        link: '/copil/membres',
      })),
    ...attended.map((row) => ({
      date: row.heldOn,
      source: 'copil' as const,
      title: `Séance ${row.reference} : ${ATTENDANCE_STATUS.label(row.status).toLocaleLowerCase('fr')}${row.isGuest ? ' (invité)' : ''}`,
      detail: null,
      link: `/copil/seances/${row.id}`,
    })),
    ...decisions.map((row) => ({
      date: row.heldOn,
      source: 'copil' as const,
      title: `Décision ${row.reference} (${DECISION_STATUS.label(row.status).toLocaleLowerCase('fr')})`,
      detail: row.text,
      link: `/copil/seances/${row.id}`,
    })),
  ]
}

const engagement: Source = async (db, ref) => {
  const column = linkColumn(ref)
  const record =
    ref.kind === 'organisation'
      ? await db.selectFrom('organisations').select(['joinedOn', 'status']).where('id', '=', ref.id).executeTakeFirst()
      : await db.selectFrom('people').select(['joinedOn', 'status']).where('id', '=', ref.id).executeTakeFirst()
  const requests = await db.selectFrom('actorRequests').select(['id', 'title', 'createdAt', 'status']).where(column, '=', ref.id).execute()
  return [
    ...(record?.joinedOn && record.status !== 'prospect'
      ? [{ date: record.joinedOn, source: 'affiliation' as const, title: 'Adhésion au réseau Vitawin', detail: null, link: null }]
      : []),
    ...requests.map((row) => ({ date: row.createdAt.slice(0, 10), source: 'request' as const, title: `Demande : ${row.title}`, detail: null, link: `/programmes/demandes/${row.id}` })),
  ]
}

export const timelineSources: Source[] = [journal, affiliations, engagement, groups, copil, programmeTimeline]

export async function getTimeline(db: Db, ref: ActorRef): Promise<TimelineEvent[]> {
  const events = (await Promise.all(timelineSources.map((source) => source(db, ref)))).flat()
  return events.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
}
