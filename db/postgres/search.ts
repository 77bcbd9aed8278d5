import { sql, type RawBuilder } from 'kysely'
import type { Db } from '../schema'
import { searchTerms, toTsQuery } from '../rules/text'
import {
  buildHits,
  namesFirst,
  RANK_WINDOW,
  sourceOf,
  type InteractionSource,
  type MeetingSource,
  type OrganisationSource,
  type PersonSource,
  type RankedRow,
  type SearchHit,
} from '../search/hits'

// The global search on a team database, SQLite's (db/sqlite/search.ts) rules on PostgreSQL's
// engine. search_index (0003-crm.postgres, 0015) holds the same folded titles and bodies under
// the same row ids; its words are tsvectors of the `vitawin` text search configuration (simple
// and unaccent: French names without stemming, like FTS5's unicode61), names weighted A and the
// rest D, with GIN indexes, and a trigram index on the names (pg_trgm).
//
// - Every word of the query is a required prefix (helene:* & march:*), as on SQLite.
// - ts_rank's default weights give a word in a name 10 times the weight of one in the body, the
//   ratio SQLite's bm25(10, 1) gives, and its normalisation 1 favours short records as bm25 does.
//   The scores differ (ts_rank knows nothing of a word's rarity), so records that match equally
//   well may come in another order; names come first on both. The score is negated to read like
//   bm25 (lower is better).
// - The same window: the most recent RANK_WINDOW matches are ranked; when there are more, the names
//   holding every word come first.
// - What SQLite has no counterpart for: when no record holds every word, names near every word
//   (pg_trgm's strict word similarity, a typo or a letter left out) are offered instead.
//
// The extensions (unaccent, pg_trgm) are created by the first migration, with the schema owner's
// account: both are trusted extensions, so the database's owner needs no superuser right. If IT
// gives the migrations an owner role that does not own the database, IT creates them beforehand
// (`create extension unaccent; create extension pg_trgm; create extension citext;` as the
// database's owner or a superuser); the migration then finds them there.

/** Words shorter than this are left out of near matches: two letters have too few trigrams to be near anything. */
const NEAR_MIN_LENGTH = 3

// `to_tsquery` is written inline in each statement: taken from a join or a CTE it hides the GIN
// index from the planner (DESIGN.md §5.2).
const tsquery = (expression: string) => sql`to_tsquery('vitawin'::regconfig, ${expression})`

type Ranked = RankedRow & { considered: number }

async function ranked(db: Db, expression: string, limit: number, column: 'words' | 'title_words'): Promise<Ranked[]> {
  const { rows } = await sql<Ranked>`select row_id as "rowId", score, count(*) over () as considered from (
      select row_id, -ts_rank(words, ${tsquery(expression)}, 1) as score from search_index
      where ${sql.ref(column)} @@ ${tsquery(expression)} order by row_id desc limit ${RANK_WINDOW}
    ) m order by score, row_id desc limit ${limit}`.execute(db)
  return rows
}

/** Names near every word of the query, asked only when no record holds every word (where SQLite finds nothing). */
async function nearNames(db: Db, query: string, limit: number): Promise<RankedRow[]> {
  const terms = searchTerms(query).filter((term) => term.length >= NEAR_MIN_LENGTH)
  if (terms.length === 0) return []
  const { rows } = await sql<RankedRow>`select row_id as "rowId", -(${sql.join(
    terms.map((term) => sql`strict_word_similarity(${term}, title)`),
    sql` + `,
  )}) / ${terms.length} as score
    from search_index where ${sql.join(
      terms.map((term) => sql`${term} <<% title`),
      sql` and `,
    )}
    order by score, row_id desc limit ${limit}`.execute(db)
  return rows
}

async function sources<T>(db: Db, ids: number[], statement: (ids: number[]) => RawBuilder<T & { id: number }>): Promise<Map<number, T>> {
  if (ids.length === 0) return new Map()
  const { rows } = await statement(ids).execute(db)
  return new Map(rows.map((row) => [row.id, row]))
}

export async function searchPostgres(store: Db, query: string, limit = 20): Promise<SearchHit[]> {
  const expression = toTsQuery(query)
  if (!expression) return []
  // Columns as written in SQL, like SQLite's rows (the shared hit builders read them so).
  const db = store.withoutPlugins()
  const window = await ranked(db, expression, limit, 'words')
  const rows =
    window.length === 0
      ? await nearNames(db, query, limit)
      : window[0]!.considered === RANK_WINDOW
        ? namesFirst(await ranked(db, expression, limit, 'title_words'), window, limit)
        : window
  const wanted: number[][] = [[], [], [], []]
  for (const { rowId } of rows) {
    const { code, id } = sourceOf(rowId)
    wanted[code]!.push(id)
  }
  const [organisations, people, interactions, meetings] = await Promise.all([
    sources<OrganisationSource>(
      db,
      wanted[0]!,
      (ids) => sql`select o.id, o.name, p.label as profile, coalesce(t.name, o.outside_town) as town
        from organisations o join actor_profiles p on p.code = o.profile_code left join towns t on t.insee_code = o.town_code
        where o.id = any(${ids}::int[])`,
    ),
    sources<PersonSource>(
      db,
      wanted[1]!,
      (ids) => sql`select pe.id, pe.first_name || ' ' || pe.last_name as name, p.label as profile, coalesce(t.name, pe.outside_town) as town,
          (select string_agg(o.name, ', ' order by a.id) from affiliations a join organisations o on o.id = a.organisation_id where a.person_id = pe.id) as organisations
        from people pe join actor_profiles p on p.code = pe.profile_code left join towns t on t.insee_code = pe.town_code
        where pe.id = any(${ids}::int[])`,
    ),
    sources<InteractionSource>(
      db,
      wanted[2]!,
      (ids) => sql`select i.id, i.organisation_id, i.person_id, i.occurred_on, i.summary,
          coalesce(o.name, pe.first_name || ' ' || pe.last_name) as actor
        from interactions i left join organisations o on o.id = i.organisation_id left join people pe on pe.id = i.person_id
        where i.id = any(${ids}::int[])`,
    ),
    sources<MeetingSource>(
      db,
      wanted[3]!,
      (ids) => sql`select m.id, m.held_on, m.place, g.id as group_id, g.name from group_meetings m join working_groups g on g.id = m.group_id
        where m.id = any(${ids}::int[])`,
    ),
  ])
  return buildHits(rows, {
    organisation: (id) => organisations.get(id),
    person: (id) => people.get(id),
    interaction: (id) => interactions.get(id),
    meeting: (id) => meetings.get(id),
  })
}
