import type BetterSqlite3 from 'better-sqlite3'
import { createRandom, type Random } from '../../db/sqlite/demo/random'
import { foldText } from '../../db/rules/text'

// The benchmark's search queries, drawn from the database itself with a fixed seed, in the shapes
// the animators type them: whole names, beginnings of names, names without accents, towns, words
// of the journal and notes, mixes of them.

export interface SearchQuery {
  kind: 'name' | 'prefix' | 'accentless' | 'town' | 'notes' | 'mixed'
  text: string
}

const SHARES: [SearchQuery['kind'], number][] = [
  ['name', 0.2],
  ['prefix', 0.2],
  ['accentless', 0.2],
  ['town', 0.1],
  ['notes', 0.2],
  ['mixed', 0.1],
]

function sampleColumn(sqlite: BetterSqlite3.Database, sql: string, random: Random, count: number): string[] {
  const values = (sqlite.prepare(sql).pluck().all() as (string | null)[]).filter((value): value is string => Boolean(value && value.trim()))
  if (values.length === 0) return []
  return Array.from({ length: count }, () => random.pick(values))
}

function words(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length >= 4)
}

const ACCENTED = /[^\x20-\x7e]/

export function buildSearchQueries(sqlite: BetterSqlite3.Database, count: number, seed = 42): SearchQuery[] {
  const random = createRandom(seed)
  const wanted = (kind: SearchQuery['kind']) => Math.max(1, Math.round(count * SHARES.find(([name]) => name === kind)![1]))
  // A fixed, spread sample of the rows (every n-th), so that the queries do not depend on the row count.
  const organisations = sampleColumn(sqlite, 'select name from organisations where id % 7 = 3', random, wanted('name') * 2)
  const people = sampleColumn(sqlite, "select first_name || ' ' || last_name from people where id % 7 = 2", random, wanted('name') * 4)
  const notes = sampleColumn(
    sqlite,
    "select concat_ws(' ', summary, next_step) from interactions where id % 11 = 5 union all select notes from organisations where notes is not null and id % 3 = 0",
    random,
    wanted('notes') * 2,
  )
  const towns = sampleColumn(sqlite, 'select name from towns', random, wanted('town'))

  const queries: SearchQuery[] = []
  for (let i = 0; i < wanted('name'); i++) {
    queries.push({ kind: 'name', text: i % 2 === 0 ? organisations[i]! : people[i]! })
  }
  for (let i = 0; i < wanted('prefix'); i++) {
    const source = i % 2 === 0 ? organisations[i + 1]! : people[i + 1]!
    const word = random.pick(words(source).length > 0 ? words(source) : [source])
    queries.push({ kind: 'prefix', text: word.slice(0, random.int(2, Math.min(5, Math.max(2, word.length - 1)))) })
  }
  const accented = people.filter((name) => ACCENTED.test(name))
  for (let i = 0; i < wanted('accentless'); i++) {
    const name = accented.length > 0 ? accented[i % accented.length]! : people[i]!
    // Typed the quick way: no accents, lowercase, sometimes only the first name and a prefix.
    const folded = foldText(name)
    const [first = folded, ...rest] = folded.split(' ')
    queries.push({ kind: 'accentless', text: i % 3 === 0 ? `${first} ${rest.join(' ').slice(0, 3)}`.trim() : folded })
  }
  for (let i = 0; i < wanted('town'); i++) {
    const town = towns[i]!
    queries.push({ kind: 'town', text: i % 2 === 0 ? town : foldText(town).split('-')[0]! })
  }
  for (let i = 0; i < wanted('notes'); i++) {
    const candidates = words(notes[i]!)
    const word = random.pick(candidates.length > 0 ? candidates : ['forum'])
    queries.push({ kind: 'notes', text: i % 4 === 0 ? foldText(word) : word })
  }
  for (let i = 0; i < wanted('mixed'); i++) {
    const person = people[wanted('name') + i]!
    const noteWord = random.pick(words(notes[wanted('notes') + i] ?? 'forum métiers'))
    queries.push({ kind: 'mixed', text: i % 2 === 0 ? `${person.split(' ')[1] ?? person} ${towns[i % towns.length]!.split('-')[0]}` : `${noteWord} ${person.split(' ')[0]}` })
  }
  return queries.slice(0, count)
}
