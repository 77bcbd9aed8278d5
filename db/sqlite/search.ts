import type BetterSqlite3 from 'better-sqlite3'
import { toFtsQuery } from '../rules/text'
import {
  buildHits,
  namesFirst,
  RANK_WINDOW,
  type InteractionSource,
  type MeetingSource,
  type OrganisationSource,
  type PersonSource,
  type RankedRow,
  type SearchHit,
} from '../search/hits'

// Full-text search over organisations, people and journal entries (SQLite FTS5, see 0003-crm;
// PostgreSQL's twin: db/postgres/search.ts). bm25 weighs a word in a name 10 times one in the body.

const statements = new WeakMap<BetterSqlite3.Database, Record<string, BetterSqlite3.Statement>>()

function prepared(sqlite: BetterSqlite3.Database) {
  let cached = statements.get(sqlite)
  if (!cached) {
    cached = {
      // The most recent RANK_WINDOW matches (row ids grow as records are created), ranked.
      match: sqlite.prepare(
        `select rowid as "rowId", score, count(*) over () as considered from (
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
           (select group_concat(o.name, ', ' order by a.id) from affiliations a join organisations o on o.id = a.organisation_id where a.person_id = pe.id) as organisations
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

export function searchAll(sqlite: BetterSqlite3.Database, query: string, limit = 20): SearchHit[] {
  const match = toFtsQuery(query)
  if (!match) return []
  const statementsFor = prepared(sqlite)
  const ranked = (expression: string) => statementsFor.match!.all(expression, limit) as (RankedRow & { considered: number })[]
  const window = ranked(match)
  // More matches than the window: the records whose name holds every word come first (the most
  // recent RANK_WINDOW of them, ranked), then the best of the window.
  const rows = window[0]?.considered === RANK_WINDOW ? namesFirst(ranked(`{title} : (${match})`), window, limit) : window
  return buildHits(rows, {
    organisation: (id) => statementsFor.organisation!.get(id) as OrganisationSource | undefined,
    person: (id) => statementsFor.person!.get(id) as PersonSource | undefined,
    interaction: (id) => statementsFor.interaction!.get(id) as InteractionSource | undefined,
    meeting: (id) => statementsFor.meeting!.get(id) as MeetingSource | undefined,
  })
}
