import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import BetterSqlite3 from 'better-sqlite3'
import { sql } from 'kysely'
import type { Store } from '../../../db/backend'
import { connect } from '../../../db/sqlite/connection'
import { searchTokens } from '../../../db/rules/text'
import { buildSearchQueries, type SearchQuery } from '../queries'
import { formatCount, formatMs, median, percentile, round } from '../stats'
import type { BenchContext, Measurement } from '../types'
import { withHost } from './host'

// The global search (the store's backend.search: the full-text match — FTS5 on SQLite, tsvector
// and GIN on PostgreSQL —, ranking, the hits' titles), 200 varied queries drawn from the territory
// file, each the median of its runs; against a plain LIKE '%…%' scan of the same folded texts in a
// plain table (SQLite: of a separate database; PostgreSQL: a temporary table), one row per record.

export const SEARCH_P95_TARGET_MS = 20
const LIMIT = 20

/** The texts of the search index, as its triggers write them, in a plain table. */
function buildPlainTexts(context: BenchContext, file: string): BetterSqlite3.Database {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true })
  const plain = connect(file, {})
  plain.exec('pragma journal_mode = wal')
  plain.prepare('attach database ? as source').run(context.databaseFile)
  plain.exec(`
    create table texts (id integer primary key, title text not null, body text not null);
    insert into texts (id, title, body)
      select id * 4, vitawin_fold(name), coalesce(vitawin_fold(concat_ws(' ', siret, siren, rna, uai, email, outside_town, notes)), '') from source.organisations;
    insert into texts (id, title, body)
      select id * 4 + 1, vitawin_fold(first_name || ' ' || last_name), coalesce(vitawin_fold(concat_ws(' ', email, job_title, outside_town, notes)), '') from source.people;
    insert into texts (id, title, body)
      select id * 4 + 2, '', coalesce(vitawin_fold(concat_ws(' ', summary, next_step)), '') from source.interactions;
  `)
  plain.exec('detach database source')
  return plain
}

/** The words of a query the LIKE scan looks for, each as a `%word%` pattern; the first word's `word%`. */
function likePatterns(query: string): { contains: string[]; first: string } | null {
  const terms = [...new Set(searchTokens(query))].filter((token) => token.length >= 2 || /^\p{N}+$/u.test(token))
  if (terms.length === 0) return null
  const escape = (term: string) => term.replace(/[%_]/g, '')
  return { contains: terms.map((term) => `%${escape(term)}%`), first: `${escape(terms[0]!)}%` }
}

/** The plain way: every word somewhere in the title or the body, names starting with the first word first. */
function likeScan(plain: BetterSqlite3.Database, statements: Map<number, BetterSqlite3.Statement>, query: string): number {
  const patterns = likePatterns(query)
  if (!patterns) return 0
  let statement = statements.get(patterns.contains.length)
  if (!statement) {
    const where = patterns.contains.map(() => '(title like ? or body like ?)').join(' and ')
    statement = plain.prepare(`select id from texts where ${where} order by title like ? desc, length(title) limit ${LIMIT}`)
    statements.set(patterns.contains.length, statement)
  }
  return statement.all(...patterns.contains.flatMap((pattern) => [pattern, pattern]), patterns.first).length
}

/** The same scan on PostgreSQL: the texts of search_index copied into a plain temporary table (no index). */
async function postgresLikeScans(store: Store, queries: SearchQuery[], runs: number): Promise<{ perQuery: number[]; texts: number }> {
  return store.db.connection().execute(async (db) => {
    // Organisations, people and journal entries (row ids 4n, 4n+1, 4n+2), as SQLite's plain table.
    await sql`create temporary table bench_texts as select row_id as id, title, body from search_index where row_id % 4 < 3`.execute(db)
    try {
      await sql`analyze bench_texts`.execute(db)
      const { rows } = await sql<{ count: number | string }>`select count(*) as count from bench_texts`.execute(db)
      const scan = async (query: string) => {
        const patterns = likePatterns(query)
        if (!patterns) return 0
        const where = sql.join(
          patterns.contains.map((pattern) => sql`(title like ${pattern} or body like ${pattern})`),
          sql` and `,
        )
        return (await sql`select id from bench_texts where ${where} order by title like ${patterns.first} desc, length(title) limit ${sql.lit(LIMIT)}`.execute(db)).rows.length
      }
      for (const query of queries.slice(0, 3)) await scan(query.text)
      return { perQuery: (await timeQueries(queries, runs, scan)).perQuery, texts: Number(rows[0]!.count) }
    } finally {
      await sql`drop table bench_texts`.execute(db)
    }
  })
}

async function timeQueries(queries: SearchQuery[], runs: number, search: (text: string) => number | Promise<number>): Promise<{ perQuery: number[]; hits: number[] }> {
  const perQuery: number[] = []
  const hits: number[] = []
  for (const query of queries) {
    const timings: number[] = []
    let found = 0
    for (let run = 0; run < runs; run++) {
      const started = performance.now()
      found = await search(query.text)
      timings.push(performance.now() - started)
    }
    perQuery.push(median(timings))
    hits.push(found)
  }
  return { perQuery, hits }
}

/** The benchmark's queries, drawn from the territory file: the same on both engines. */
function queriesOf(context: BenchContext): SearchQuery[] {
  const source = new BetterSqlite3(context.databaseFile, { readonly: true })
  try {
    return buildSearchQueries(source, context.scale.searchQueries)
  } finally {
    source.close()
  }
}

/** The LIKE scan of the same texts, on the engine measured. */
async function likeBaseline(context: BenchContext, store: Store, queries: SearchQuery[]): Promise<{ perQuery: number[]; texts: number }> {
  const { runs } = context.scale
  context.log(`LIKE scan of the same texts: ${queries.length} queries × ${runs.likeScan} run(s)…`)
  if (store.kind === 'postgres') return postgresLikeScans(store, queries, runs.likeScan)
  const plainFile = path.join(context.work, 'search-like.sqlite')
  const plain = buildPlainTexts(context, plainFile)
  try {
    const texts = plain.prepare('select count(*) from texts').pluck().get() as number
    const statements = new Map<number, BetterSqlite3.Statement>()
    for (const query of queries.slice(0, 3)) likeScan(plain, statements, query.text)
    return { perQuery: (await timeQueries(queries, runs.likeScan, (text) => likeScan(plain, statements, text))).perQuery, texts }
  } finally {
    plain.close()
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${plainFile}${suffix}`, { force: true })
  }
}

export const search: Measurement = {
  id: 'search',
  label: 'Search',
  target: `p95 < ${SEARCH_P95_TARGET_MS} ms`,
  async measure(context) {
    const { runs } = context.scale
    const queries = queriesOf(context)
    return withHost(context, async (host) => {
      const store = host.store!
      const searchAll = async (text: string) => (await store.backend.search(text, LIMIT)).length
      // A warm-up pass: the first query pays for reading the index pages from the disk cache.
      for (const query of queries.slice(0, 10)) await searchAll(query.text)
      context.log(`Search: ${queries.length} queries × ${runs.search} runs…`)
      const ours = await timeQueries(queries, runs.search, searchAll)
      const p50 = median(ours.perQuery)
      const p95 = percentile(ours.perQuery, 95)
      const slowest = queries
        .map((query, i) => ({ query: query.text, ms: round(ours.perQuery[i]!, 2), hits: ours.hits[i]! }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5)
      const like = await likeBaseline(context, store, queries)
      const likeP50 = median(like.perQuery)
      const likeP95 = percentile(like.perQuery, 95)
      return [
        {
          id: 'search',
          label: `Search, ${queries.length} varied queries over ${formatCount(like.texts)} records (names, prefixes, no accents, towns, notes): median · p95`,
          status: 'measured',
          result: `${formatMs(p50)} · ${formatMs(p95)}`,
          baseline: `LIKE '%…%' scan: ${formatMs(likeP50)} · ${formatMs(likeP95)}`,
          ratio: p95 / likeP95,
          target: search.target,
          met: p95 < SEARCH_P95_TARGET_MS,
          note: "ratio of the p95s; search includes ranking and the hits' titles",
          values: {
            medianMs: round(p50, 3),
            p95Ms: round(p95, 3),
            maxMs: round(Math.max(...ours.perQuery), 3),
            likeMedianMs: round(likeP50, 3),
            likeP95Ms: round(likeP95, 3),
            queries: queries.length,
            records: like.texts,
            queriesWithHits: ours.hits.filter((count) => count > 0).length,
            slowest: slowest.map((item) => `${item.query} (${item.ms} ms, ${item.hits} hits)`).join(' | '),
          },
        },
      ]
    })
  },
}
