import { describe, expect, it } from 'vitest'
import { tempStore } from '../../tests/helpers/temp'
import { generateDemo } from './demo'
import { DIRECTORY_FIELDS, type DirectoryField } from '../rules/actor-columns'
import { loadDirectory } from './directory'

// The directory reader: every field, a chosen few (the export's statement selects and joins only
// those), the rows of given keys in the order given, and the first screenful.

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
    const page = loadDirectory(store.sqlite)
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
    const all = loadDirectory(store.sqlite).rows
    const subsets: DirectoryField[][] = [
      ['name', 'kind', 'profileCode', 'townCode', 'status', 'joinedOn', 'email', 'tags', 'lastInteractionOn', 'outsideTown'],
      ['offers', 'key', 'networks', 'nextStepDueOn'],
      ['organisations', 'fields', 'siret', 'siren', 'rna', 'uai', 'workforceBand', 'source', 'createdAt', 'website', 'address', 'jobTitle', 'notes'],
      [...DIRECTORY_FIELDS].reverse(),
    ]
    for (const fields of subsets) {
      const page = loadDirectory(store.sqlite, { fields })
      expect(page.fields).toEqual(fields)
      expect(page.rows).toEqual(project(all, fields))
    }
  })

  it('returns the rows of the keys given, in their order, leaving unknown keys out', async () => {
    const store = await demoStore()
    const all = loadDirectory(store.sqlite).rows
    const byKey = new Map(all.map((row) => [row[0] as string, row]))
    const organisations = all.filter((row) => row[1] === 'organisation').map((row) => row[0] as string)
    const people = all.filter((row) => row[1] === 'person').map((row) => row[0] as string)
    const keys = [people[3]!, organisations[10]!, 'o999999', organisations[2]!, people[0]!, 'p888888']
    const expected = keys.filter((key) => byKey.has(key)).map((key) => byKey.get(key)!)
    expect(loadDirectory(store.sqlite, { keys }).rows).toEqual(expected)
    const fields: DirectoryField[] = ['email', 'kind', 'tags']
    expect(loadDirectory(store.sqlite, { keys, fields }).rows).toEqual(project(expected, fields))
    expect(loadDirectory(store.sqlite, { keys: ['o999999'] }).rows).toEqual([])
  })

  it('gives a first screenful of organisations by name, without the aggregates', async () => {
    const store = await demoStore()
    const page = loadDirectory(store.sqlite, { limit: 20 })
    const names = store.sqlite.prepare('select name from organisations order by name limit 20').pluck().all()
    expect(page.rows.map((row) => row[DIRECTORY_FIELDS.indexOf('name')])).toEqual(names)
    expect(page.rows.every((row) => row[DIRECTORY_FIELDS.indexOf('tags')] === null)).toBe(true)
    const fields: DirectoryField[] = ['name', 'key']
    expect(loadDirectory(store.sqlite, { limit: 20, fields }).rows).toEqual(project(page.rows, fields))
  })
})
