import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type BetterSqlite3 from 'better-sqlite3'
import { connect } from '../../../db/sqlite/connection'
import { searchAll } from '../../../db/sqlite/search'
import { searchTokens } from '../../../db/rules/text'
import { buildSearchQueries, type SearchQuery } from '../queries'
import { formatCount, formatMs, median, percentile, round } from '../stats'
import type { BenchContext, Measurement } from '../types'
import { withHost } from './host'

// The global search (searchAll: FTS5 match, ranking, the hits' titles), 200 varied queries, each
// the median of its runs; against a plain LIKE '%…%' scan of the same folded texts, in a plain table
// of a separate database (the texts the full-text index holds, one row per record).

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

/** The plain way: every word somewhere in the title or the body, names starting with the first word first. */
function likeScan(plain: BetterSqlite3.Database, statements: Map<number, BetterSqlite3.Statement>, query: string): number {
  const terms = [...new Set(searchTokens(query))].filter((token) => token.length >= 2 || /^\p{N}+$/u.test(token))
  if (terms.length === 0) return 0
  let statement = statements.get(terms.length)
  if (!statement) {
    const where = terms.map(() => '(title like ? or body like ?)').join(' and ')
    statement = plain.prepare(`select id from texts where ${where} order by title like ? desc, length(title) limit ${LIMIT}`)
    statements.set(terms.length, statement)
  }
  const escape = (term: string) => term.replace(/[%_]/g, '')
  const patterns = terms.flatMap((term) => [`%${escape(term)}%`, `%${escape(term)}%`])
  return statement.all(...patterns, `${escape(terms[0]!)}%`).length
}

function timeQueries(queries: SearchQuery[], runs: number, search: (text: string) => number): { perQuery: number[]; hits: number[] } {
  const perQuery: number[] = []
  const hits: number[] = []
  for (const query of queries) {
    const timings: number[] = []
    let found = 0
    for (let run = 0; run < runs; run++) {
      const started = performance.now()
      found = search(query.text)
      timings.push(performance.now() - started)
    }
    perQuery.push(median(timings))
    hits.push(found)
  }
  return { perQuery, hits }
}

export const search: Measurement = {
  id: 'search',
  label: 'Search',
  target: `p95 < ${SEARCH_P95_TARGET_MS} ms`,
  async measure(context) {
    const { runs } = context.scale
    return withHost(context, async (host) => {
      const sqlite = host.store!.sqlite
      const queries = buildSearchQueries(sqlite, context.scale.searchQueries)
      // A warm-up pass: the first query pays for reading the index pages from the disk cache.
      for (const query of queries.slice(0, 10)) searchAll(sqlite, query.text, LIMIT)
      context.log(`Search: ${queries.length} queries × ${runs.search} runs…`)
      const ours = timeQueries(queries, runs.search, (text) => searchAll(sqlite, text, LIMIT).length)
      const p50 = median(ours.perQuery)
      const p95 = percentile(ours.perQuery, 95)
      const slowest = queries
        .map((query, i) => ({ query: query.text, ms: round(ours.perQuery[i]!, 2), hits: ours.hits[i]! }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5)
      context.log(`LIKE scan of the same texts: ${queries.length} queries × ${runs.likeScan} run(s)…`)
      const plainFile = path.join(context.work, 'search-like.sqlite')
      const plain = buildPlainTexts(context, plainFile)
      let like: { perQuery: number[] }
      let texts = 0
      try {
        texts = plain.prepare('select count(*) from texts').pluck().get() as number
        const statements = new Map<number, BetterSqlite3.Statement>()
        for (const query of queries.slice(0, 3)) likeScan(plain, statements, query.text)
        like = timeQueries(queries, runs.likeScan, (text) => likeScan(plain, statements, text))
      } finally {
        plain.close()
        for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${plainFile}${suffix}`, { force: true })
      }
      const likeP50 = median(like.perQuery)
      const likeP95 = percentile(like.perQuery, 95)
      return [
        {
          id: 'search',
          label: `Search, ${queries.length} varied queries over ${formatCount(texts)} records (names, prefixes, no accents, towns, notes): median · p95`,
          status: 'measured',
          result: `${formatMs(p50)} · ${formatMs(p95)}`,
          baseline: `LIKE '%…%' scan: ${formatMs(likeP50)} · ${formatMs(likeP95)}`,
          ratio: p95 / likeP95,
          target: search.target,
          met: p95 < SEARCH_P95_TARGET_MS,
          note: 'ratio of the p95s; search includes ranking and the hits\' titles',
          values: {
            medianMs: round(p50, 3),
            p95Ms: round(p95, 3),
            maxMs: round(Math.max(...ours.perQuery), 3),
            likeMedianMs: round(likeP50, 3),
            likeP95Ms: round(likeP95, 3),
            queries: queries.length,
            records: texts,
            queriesWithHits: ours.hits.filter((count) => count > 0).length,
            slowest: slowest.map((item) => `${item.query} (${item.ms} ms, ${item.hits} hits)`).join(' | '),
          },
        },
      ]
    })
  },
}
