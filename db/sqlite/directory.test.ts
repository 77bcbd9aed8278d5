import { describe, expect, it } from 'vitest'
import { tempStore } from '../../tests/helpers/temp'
import { generateDemo } from './demo'
import { DIRECTORY_FIELDS, type DirectoryField } from '../rules/actor-columns'
import { loadDirectory } from './directory'
import { foldText } from '../rules/text'

// The directory reader: every field, a chosen few (the export's statement selects and joins only
// those), the rows of given keys in the order given, and the rows the grid's filters keep, sorted
// and by windows.

async function demoStore() {
  const store = await tempStore()
  generateDemo(store.sqlite, { seed: 11, today: '2026-11-23' })
  return store
}

const project = (rows: (string | number | null)[][], fields: readonly DirectoryField[]) =>
  rows.map((row) => fields.map((field) => row[DIRECTORY_FIELDS.indexOf(field)]))

describe('loadDirectory', () => {
  it('reads every organisation and person with their aggregated columns', async () => {
    const store = await demoStore()
    const page = (await loadDirectory(store.sqlite))
    const count = store.sqlite.prepare('select (select count(*) from organisations) + (select count(*) from people)').pluck().get()
    expect(page.fields).toEqual(DIRECTORY_FIELDS)
    expect(page.rows).toHaveLength(count as number)
    expect(page.total).toBe(count)
    const at = (field: DirectoryField) => DIRECTORY_FIELDS.indexOf(field)
    // The aggregates are filled in for some actors of each kind.
    for (const field of ['tags', 'fields', 'lastInteractionOn'] as const) {
      expect(page.rows.some((row) => row[at('kind')] === 'organisation' && row[at(field)] !== null), field).toBe(true)
    }
    expect(page.rows.some((row) => row[at('kind')] === 'person' && row[at('organisations')] !== null)).toBe(true)
  })

  it('reads only the fields asked, in their order, with the same values as the whole row', async () => {
    const store = await demoStore()
    const all = (await loadDirectory(store.sqlite)).rows
    const subsets: DirectoryField[][] = [
      ['name', 'kind', 'profileCode', 'townCode', 'status', 'joinedOn', 'email', 'tags', 'lastInteractionOn', 'outsideTown'],
      ['offers', 'key', 'networks', 'nextStepDueOn'],
      ['organisations', 'fields', 'siret', 'siren', 'rna', 'uai', 'workforceBand', 'source', 'createdAt', 'website', 'address', 'jobTitle', 'notes'],
      [...DIRECTORY_FIELDS].reverse(),
    ]
    for (const fields of subsets) {
      const page = (await loadDirectory(store.sqlite, { fields }))
      expect(page.fields).toEqual(fields)
      expect(page.rows).toEqual(project(all, fields))
    }
  })

  it('returns the rows of the keys given, in their order, leaving unknown keys out', async () => {
    const store = await demoStore()
    const all = (await loadDirectory(store.sqlite)).rows
    const byKey = new Map(all.map((row) => [row[0] as string, row]))
    const organisations = all.filter((row) => row[1] === 'organisation').map((row) => row[0] as string)
    const people = all.filter((row) => row[1] === 'person').map((row) => row[0] as string)
    const keys = [people[3]!, organisations[10]!, 'o999999', organisations[2]!, people[0]!, 'p888888']
    const expected = keys.filter((key) => byKey.has(key)).map((key) => byKey.get(key)!)
    expect((await loadDirectory(store.sqlite, { keys })).rows).toEqual(expected)
    const fields: DirectoryField[] = ['email', 'kind', 'tags']
    expect((await loadDirectory(store.sqlite, { keys, fields })).rows).toEqual(project(expected, fields))
    expect((await loadDirectory(store.sqlite, { keys: ['o999999'] })).rows).toEqual([])
  })

  it('keeps the rows the pick-lists keep, and gives a window of them with their count', async () => {
    const store = await demoStore()
    const count = (sql: string) => store.sqlite.prepare(sql).pluck().get() as number
    const town = count("select town_code from people where profile_code = 'entreprise' and town_code is not null limit 1") as unknown as string
    const picks = { type: 'tous' as const, profiles: ['organisation:entreprise'], towns: [town], statuses: [] }
    const companies = (await loadDirectory(store.sqlite, { filter: { picks }, fields: ['key', 'kind'] }))
    expect(companies.matched).toBe(count(`select count(*) from organisations where profile_code = 'entreprise' and town_code = '${town}'`))
    expect(new Set(companies.rows.map((row) => row[1]))).toEqual(new Set(['organisation']))
    const both = (await loadDirectory(store.sqlite, { filter: { picks: { ...picks, profiles: ['organisation:entreprise', 'person:entreprise'] } }, fields: ['key'] }))
    expect(both.matched).toBe(companies.matched! + count(`select count(*) from people where profile_code = 'entreprise' and town_code = '${town}'`))
    const people = (await loadDirectory(store.sqlite, { filter: { picks: { ...picks, type: 'person', profiles: [] } }, fields: ['key'] }))
    expect(people.matched).toBe(count(`select count(*) from people where town_code = '${town}'`))
    const statuses = (await loadDirectory(store.sqlite, { filter: { picks: { ...picks, towns: [], profiles: [], statuses: ['vitawiner', 'ancien'] } }, fields: ['key'] }))
    expect(statuses.matched).toBe(count("select (select count(*) from organisations where status in ('vitawiner', 'ancien')) + (select count(*) from people where status in ('vitawiner', 'ancien'))"))

    // A window: the same rows as the whole list, from its offset; keys only when only keys are asked.
    const all = (await loadDirectory(store.sqlite, { filter: {}, fields: ['key', 'name'] }))
    expect(all.matched).toBe(all.total)
    expect(all.rows.map((row) => row[0])).toEqual((await loadDirectory(store.sqlite)).rows.map((row) => row[0]))
    const window = (await loadDirectory(store.sqlite, { filter: {}, fields: ['key', 'name'], window: { offset: 40, limit: 25 } }))
    expect(window.rows).toEqual(all.rows.slice(40, 65))
    expect(window.matched).toBe(all.total)
  })

  it('filters on what the columns show, without case or accents, and sorts on it', async () => {
    const store = await demoStore()
    const all = (await loadDirectory(store.sqlite, { fields: ['key', 'kind', 'name', 'townCode', 'lastInteractionOn'] })).rows
    const townName = store.sqlite.prepare("select name from towns where name like '%-%' limit 1").pluck().get() as string
    const townCode = store.sqlite.prepare('select insee_code from towns where name = ?').pluck().get(townName) as string
    // The text filter: each word in one of the columns shown (the town shows its name).
    const word = townName.split('-')[0]!.toUpperCase()
    const quick = (await loadDirectory(store.sqlite, { filter: { quick: `${word}  `, quickFields: ['name', 'townCode'] }, fields: ['key'] }))
    const expected = all.filter((row) => row[3] === townCode || foldText(String(row[2])).includes(foldText(word)))
    expect(quick.rows.map((row) => row[0])).toEqual(expected.map((row) => row[0]))
    // A column's text filter, on the label; two conditions joined with AND.
    const inTown = (await loadDirectory(store.sqlite, {
      filter: { columns: { townCode: { filterType: 'text', operator: 'AND', conditions: [{ filterType: 'text', type: 'equals', filter: foldText(townName).toUpperCase() }, { filterType: 'text', type: 'notBlank' }] } } },
      fields: ['key'],
    }))
    expect(inTown.rows.map((row) => row[0])).toEqual(all.filter((row) => row[3] === townCode).map((row) => row[0]))
    // A date filter: the day counts, blanks are left out.
    const before = (await loadDirectory(store.sqlite, { filter: { columns: { lastInteractionOn: { filterType: 'date', type: 'lessThan', dateFrom: '2025-01-01 00:00:00' } } }, fields: ['key'] }))
    expect(before.rows.map((row) => row[0])).toEqual(all.filter((row) => row[4] !== null && String(row[4]) < '2025-01-01').map((row) => row[0]))
    expect(before.matched).toBeGreaterThan(0)

    // Sorted on the name without case or accents, descending; the key list only.
    const sorted = (await loadDirectory(store.sqlite, { sort: [{ field: 'name', descending: true }], fields: ['key', 'name'] })).rows
    const names = sorted.map((row) => foldText(String(row[1])))
    expect(names).toEqual([...names].sort().reverse())
    expect(new Set(sorted.map((row) => row[0]))).toEqual(new Set(all.map((row) => row[0])))
    // A date sorted ascending: blanks first.
    const byDate = (await loadDirectory(store.sqlite, { sort: [{ field: 'lastInteractionOn' }], fields: ['lastInteractionOn'] })).rows.map((row) => row[0])
    expect(byDate).toEqual([...byDate].sort((a, b) => (a === null ? (b === null ? 0 : -1) : b === null ? 1 : String(a).localeCompare(String(b)))))
  })

  it('sees a change made since the last time the same filter was asked', async () => {
    const store = await demoStore()
    const ask = async () => (await loadDirectory(store.sqlite, { filter: { quick: 'zyxwvu' , quickFields: ['name'] }, fields: ['key'] })).rows
    expect(await ask()).toEqual([])
    const id = store.sqlite.prepare("insert into organisations (name, profile_code) values ('Atelier Zyxwvu', 'entreprise')").run().lastInsertRowid
    expect(await ask()).toEqual([[`o${id}`]])
  })

  it('gives the longest names of the whole directory', async () => {
    const store = await demoStore()
    const names = (await loadDirectory(store.sqlite, { filter: {}, window: { offset: 0, limit: 1 }, fields: ['key'], longestNames: 5 })).longestNames!
    const all = (await loadDirectory(store.sqlite, { fields: ['name'] })).rows.map((row) => String(row[0]))
    expect(names.map((name) => name.length)).toEqual(all.map((name) => name.length).sort((a, b) => b - a).slice(0, 5))
  })
})
