import type BetterSqlite3 from 'better-sqlite3'
import { toFtsQuery } from '../rules/text'
import { actorPath, organisationKey, personKey } from '../rules/actor-keys'

// Full-text search over organisations, people and journal entries (SQLite FTS5, see 0003-crm).
// Row ids encode the source: organisation id*4, person id*4+1, interaction id*4+2, group meeting
// id*4+3 (0004-groups-copil).

export interface SearchHit {
  kind: 'organisation' | 'person' | 'interaction' | 'meeting'
  /** The actor to open: the record itself, or the actor of a journal entry ('' for a meeting). */
  actorKey: string
  /** The route to open in the app. */
  link: string
  title: string
  subtitle: string
  score: number
}

// A common word matches tens of thousands of journal entries, and ranking costs a few microseconds
// per match (bm25 reads each one's size): ranking them all took 40 ms at territory scale. So only
// the most recent RANK_WINDOW matches are ranked; beyond it, names matching every word come first.
// Below it (nearly every query), the ranking is that of all matches.
const RANK_WINDOW = 2000

const statements = new WeakMap<BetterSqlite3.Database, Record<string, BetterSqlite3.Statement>>()

function prepared(sqlite: BetterSqlite3.Database) {
  let cached = statements.get(sqlite)
  if (!cached) {
    cached = {
      // The most recent RANK_WINDOW matches (row ids grow as records are created), ranked.
      match: sqlite.prepare(
        `select rowid, score, count(*) over () as considered from (
           select rowid, bm25(search_index, 10.0, 1.0) as score from search_index where search_index match ? order by rowid desc limit ${RANK_WINDOW}
         ) order by score limit ?`,
      ),
      organisation: sqlite.prepare(
        `select o.id, o.name, p.label as profile, coalesce(t.name, o.outside_town) as town
         from organisations o join actor_profiles p on p.code = o.profile_code left join towns t on t.insee_code = o.town_code
         where o.id = ?`,
      ),
      person: sqlite.prepare(
        `select pe.id, pe.first_name || ' ' || pe.last_name as name, p.label as profile, coalesce(t.name, pe.outside_town) as town,
           (select group_concat(o.name, ', ') from affiliations a join organisations o on o.id = a.organisation_id where a.person_id = pe.id) as organisations
         from people pe join actor_profiles p on p.code = pe.profile_code left join towns t on t.insee_code = pe.town_code
         where pe.id = ?`,
      ),
      meeting: sqlite.prepare(
        `select m.id, m.held_on, m.place, g.id as group_id, g.name from group_meetings m join working_groups g on g.id = m.group_id where m.id = ?`,
      ),
      interaction: sqlite.prepare(
        `select i.id, i.organisation_id, i.person_id, i.occurred_on, i.summary,
           coalesce(o.name, pe.first_name || ' ' || pe.last_name) as actor
         from interactions i left join organisations o on o.id = i.organisation_id left join people pe on pe.id = i.person_id
         where i.id = ?`,
      ),
    }
    statements.set(sqlite, cached)
  }
  return cached
}

function frenchDate(iso: string): string {
  const [year, month, day] = iso.split('-')
  return `${day}/${month}/${year}`
}

export function searchAll(sqlite: BetterSqlite3.Database, query: string, limit = 20): SearchHit[] {
  const match = toFtsQuery(query)
  if (!match) return []
  const statementsFor = prepared(sqlite)
  let rows = statementsFor.match!.all(match, limit) as { rowid: number; score: number; considered?: number }[]
  if (rows[0]?.considered === RANK_WINDOW) {
    // More matches than the window: the records whose name holds every word come first (the most
    // recent RANK_WINDOW of them, ranked), then the best of the window.
    const named = statementsFor.match!.all(`{title} : (${match})`, limit) as { rowid: number; score: number }[]
    const seen = new Set(named.map((row) => row.rowid))
    rows = [...named, ...rows.filter((row) => !seen.has(row.rowid))].slice(0, limit)
  }
  const hits: SearchHit[] = []
  for (const { rowid, score } of rows) {
    const id = Math.floor(rowid / 4)
    const kind = rowid % 4
    if (kind === 0) {
      const row = statementsFor.organisation!.get(id) as { name: string; profile: string; town: string | null } | undefined
      if (row) hits.push({ kind: 'organisation', actorKey: organisationKey(id), link: actorPath(organisationKey(id)), title: row.name, subtitle: [row.profile, row.town].filter(Boolean).join(' · '), score })
    } else if (kind === 1) {
      const row = statementsFor.person!.get(id) as { name: string; profile: string; town: string | null; organisations: string | null } | undefined
      if (row) {
        hits.push({
          kind: 'person',
          actorKey: personKey(id),
          link: actorPath(personKey(id)),
          title: row.name,
          subtitle: [row.organisations ?? row.profile, row.town].filter(Boolean).join(' · '),
          score,
        })
      }
    } else if (kind === 2) {
      const row = statementsFor.interaction!.get(id) as
        | { organisation_id: number | null; person_id: number | null; occurred_on: string; summary: string; actor: string }
        | undefined
      if (row) {
        const summary = row.summary.length > 120 ? `${row.summary.slice(0, 117)}…` : row.summary
        const actorKey = row.organisation_id !== null ? organisationKey(row.organisation_id) : personKey(row.person_id!)
        hits.push({
          kind: 'interaction',
          actorKey,
          link: `/acteurs/${actorKey}`,
          title: `${row.actor} — échange du ${frenchDate(row.occurred_on)}`,
          subtitle: summary,
          score,
        })
      }
    } else {
      const row = statementsFor.meeting!.get(id) as { held_on: string; place: string | null; group_id: number; name: string } | undefined
      if (row) {
        hits.push({
          kind: 'meeting',
          actorKey: '',
          link: `/groupes/${row.group_id}`,
          title: `Réunion du groupe « ${row.name} » du ${frenchDate(row.held_on)}`,
          subtitle: row.place ?? 'Compte rendu',
          score,
        })
      }
    }
  }
  return hits
}
