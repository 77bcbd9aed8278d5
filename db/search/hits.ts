import { actorPath, organisationKey, personKey } from '../rules/actor-keys'
import { formatDate } from '../rules/format'

// What the global search returns, the same on both engines (SQLite FTS5: db/sqlite/search.ts;
// PostgreSQL tsvector: db/postgres/search.ts). Both index the same rows under the same ids, which
// encode the source: organisation id*4, person id*4+1, interaction id*4+2, group meeting id*4+3
// (0003-crm, 0004-groups-copil).

export interface SearchHit {
  kind: 'organisation' | 'person' | 'interaction' | 'meeting'
  /** The actor to open: the record itself, or the actor of a journal entry ('' for a meeting). */
  actorKey: string
  /** The route to open in the app. */
  link: string
  title: string
  subtitle: string
  /** Lower is better (SQLite's bm25 is negative; PostgreSQL's rank is negated to read the same way). */
  score: number
}

// A common word matches tens of thousands of journal entries, and ranking costs a few microseconds
// per match: ranking them all took 40 ms at territory scale on SQLite. So only the most recent
// RANK_WINDOW matches are ranked; beyond it, names matching every word come first. Below it (nearly
// every query), the ranking is that of all matches.
export const RANK_WINDOW = 2000

export interface RankedRow {
  rowId: number
  score: number
}

/** The indexed row's source table (0 organisation, 1 person, 2 interaction, 3 meeting) and its id. */
export function sourceOf(rowId: number): { code: 0 | 1 | 2 | 3; id: number } {
  return { code: (rowId % 4) as 0 | 1 | 2 | 3, id: Math.floor(rowId / 4) }
}

/** When the window was full: the names holding every word first, then the best of the window. */
export function namesFirst(named: RankedRow[], ranked: RankedRow[], limit: number): RankedRow[] {
  const seen = new Set(named.map((row) => row.rowId))
  return [...named, ...ranked.filter((row) => !seen.has(row.rowId))].slice(0, limit)
}

// The rows each engine reads for a hit, columns as written in SQL.
export interface OrganisationSource {
  name: string
  profile: string
  town: string | null
}
export interface PersonSource extends OrganisationSource {
  organisations: string | null
}
export interface InteractionSource {
  organisation_id: number | null
  person_id: number | null
  occurred_on: string
  summary: string
  actor: string
}
export interface MeetingSource {
  held_on: string
  place: string | null
  group_id: number
  name: string
}

function organisationHit(id: number, row: OrganisationSource, score: number): SearchHit {
  const key = organisationKey(id)
  return { kind: 'organisation', actorKey: key, link: actorPath(key), title: row.name, subtitle: [row.profile, row.town].filter(Boolean).join(' · '), score }
}

function personHit(id: number, row: PersonSource, score: number): SearchHit {
  const key = personKey(id)
  return { kind: 'person', actorKey: key, link: actorPath(key), title: row.name, subtitle: [row.organisations ?? row.profile, row.town].filter(Boolean).join(' · '), score }
}

function interactionHit(row: InteractionSource, score: number): SearchHit {
  const summary = row.summary.length > 120 ? `${row.summary.slice(0, 117)}…` : row.summary
  const actorKey = row.organisation_id !== null ? organisationKey(row.organisation_id) : personKey(row.person_id!)
  return { kind: 'interaction', actorKey, link: `/acteurs/${actorKey}`, title: `${row.actor} — échange du ${formatDate(row.occurred_on)}`, subtitle: summary, score }
}

function meetingHit(row: MeetingSource, score: number): SearchHit {
  return {
    kind: 'meeting',
    actorKey: '',
    link: `/groupes/${row.group_id}`,
    title: `Réunion du groupe « ${row.name} » du ${formatDate(row.held_on)}`,
    subtitle: row.place ?? 'Compte rendu',
    score,
  }
}

/** Where each kind's row is read, by id (undefined when it is gone). */
export interface HitSources {
  organisation(id: number): OrganisationSource | undefined
  person(id: number): PersonSource | undefined
  interaction(id: number): InteractionSource | undefined
  meeting(id: number): MeetingSource | undefined
}

/** The hits of ranked rows, in their order (a row whose record is gone is left out). */
export function buildHits(rows: RankedRow[], read: HitSources): SearchHit[] {
  const hits: SearchHit[] = []
  for (const { rowId, score } of rows) {
    const { code, id } = sourceOf(rowId)
    if (code === 0) {
      const row = read.organisation(id)
      if (row) hits.push(organisationHit(id, row, score))
    } else if (code === 1) {
      const row = read.person(id)
      if (row) hits.push(personHit(id, row, score))
    } else if (code === 2) {
      const row = read.interaction(id)
      if (row) hits.push(interactionHit(row, score))
    } else {
      const row = read.meeting(id)
      if (row) hits.push(meetingHit(row, score))
    }
  }
  return hits
}
