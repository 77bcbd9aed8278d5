import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import { linkColumn, type ActorRef } from './keys'

// An actor's whole history, newest first. Each domain adds its own source here (journal now;
// working groups, COPIL and programmes as they arrive).

export interface TimelineEvent {
  /** 'YYYY-MM-DD' */
  date: string
  source: 'journal' | 'affiliation' | 'offer' | 'request' | 'group' | 'copil' | 'programme'
  title: string
  detail: string | null
  /** Route to open in the app, if any. */
  link: string | null
  interactionId?: number
}

type Source = (db: Kysely<Database>, ref: ActorRef) => Promise<TimelineEvent[]>

const INTERACTION_LABELS: Record<string, string> = {
  rencontre: 'Rencontre',
  appel: 'Appel',
  email: 'Courriel',
  evenement: 'Événement',
  visite: 'Visite',
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
    title: `${INTERACTION_LABELS[row.kind] ?? row.kind} — ${row.animator}${row.firstName ? ` avec ${row.firstName} ${row.lastName}` : ''}`,
    detail: [row.summary, row.nextStep ? `Prochaine étape : ${row.nextStep}` : null].filter(Boolean).join('\n'),
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

export const timelineSources: Source[] = [journal, affiliations]

export async function getTimeline(db: Kysely<Database>, ref: ActorRef): Promise<TimelineEvent[]> {
  const events = (await Promise.all(timelineSources.map((source) => source(db, ref)))).flat()
  return events.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
}
