import { describe, expect, it } from 'vitest'
import { hasPicks, NO_PICKS, picksOf, type PickFilters } from '../../db/rules/directory-filter'
import { insertRow, testStore } from '../helpers/temp'

// The directory's pick-list filters, as the server applies them: what a row must be to stay in
// the grid (and in its export and « select all »).

async function kept(): Promise<(picks: PickFilters) => Promise<string[]>> {
  const store = await testStore()
  const organisation = (...values: unknown[]) =>
    insertRow(store, 'insert into organisations (name, profile_code, town_code, outside_town, status) values (?, ?, ?, ?, ?)', ...values)
  const person = (...values: unknown[]) =>
    insertRow(store, 'insert into people (first_name, last_name, profile_code, town_code, outside_town, status) values (?, ?, ?, ?, ?, ?)', ...values)
  const keys = new Map<string, string>([
    ['company', `o${await organisation('Boulangerie du Marché', 'entreprise', '94080', null, 'vitawiner')}`],
    ['worker', `p${await person('Inès', 'Moreau', 'entreprise', '94080', null, 'prospect')}`],
    ['school', `o${await organisation('Collège Jean Moulin', 'education', '94033', null, 'prospect')}`],
    ['outside', `o${await organisation('Garage de Montreuil', 'entreprise', null, 'Montreuil', 'ancien')}`],
    ['nowhere', `p${await person('Karim', 'Benali', 'parent', null, null, 'prospect')}`],
  ])
  const names = new Map([...keys].map(([name, key]) => [key, name]))
  return async (picks) => (await store.backend.directory({ filter: { picks }, fields: ['key'] })).rows.map((row) => names.get(String(row[0]))!)
}

describe('the directory’s pick-lists', () => {
  it('keeps every row when nothing is picked', async () => {
    expect(hasPicks(NO_PICKS)).toBe(false)
    expect(await (await kept())(NO_PICKS)).toEqual(['company', 'school', 'outside', 'worker', 'nowhere'])
  })

  it('gives a town’s companies without the people working there', async () => {
    const filter = await kept()
    expect(await filter({ ...NO_PICKS, profiles: ['organisation:entreprise'], towns: ['94080'] })).toEqual(['company'])
    expect(await filter({ ...NO_PICKS, profiles: ['person:entreprise'], towns: ['94080'] })).toEqual(['worker'])
    expect(await filter({ ...NO_PICKS, profiles: ['organisation:entreprise', 'person:entreprise'] })).toEqual(['company', 'outside', 'worker'])
  })

  it('filters by type, status, and towns outside the territory or not given', async () => {
    const filter = await kept()
    expect(await filter({ ...NO_PICKS, type: 'person' })).toEqual(['worker', 'nowhere'])
    expect(await filter({ ...NO_PICKS, statuses: ['vitawiner', 'ancien'] })).toEqual(['company', 'outside'])
    expect(await filter({ ...NO_PICKS, towns: ['hors', 'aucune'] })).toEqual(['outside', 'nowhere'])
    expect(await filter({ ...NO_PICKS, type: 'organisation', towns: ['94033', '94080'] })).toEqual(['company', 'school'])
    expect(await filter({ ...NO_PICKS, type: 'organisation', profiles: ['person:entreprise'] })).toEqual([])
  })

  it('reads the filters of a saved view, older views having none', () => {
    expect(picksOf(undefined)).toEqual(NO_PICKS)
    expect(picksOf({ type: 'person', profiles: ['person:eleve', 3], towns: 'x' })).toEqual({ type: 'person', profiles: ['person:eleve'], towns: [], statuses: [] })
    expect(picksOf({ type: 'autre' }).type).toBe('tous')
  })
})
