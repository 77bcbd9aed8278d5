import { describe, expect, it } from 'vitest'
import type { DirectoryField } from '../../db/rules/actor-columns'
import type { Row } from '../../renderer/src/screens/actors/directory/columns'
import { hasPicks, NO_PICKS, pickTest, picksOf } from '../../renderer/src/screens/actors/directory/picks'

// The directory's pick-list filters: what a row must be to stay in the grid (and in its export).

const FIELDS: DirectoryField[] = ['key', 'kind', 'name', 'profileCode', 'townCode', 'outsideTown', 'status']
const read = (row: Row | undefined, field: DirectoryField) => (row ? (row[FIELDS.indexOf(field)] ?? null) : null)

const company = ['o1', 'organisation', 'Boulangerie du Marché', 'entreprise', '94080', null, 'vitawiner']
const worker = ['p1', 'person', 'Inès Moreau', 'entreprise', '94080', null, 'prospect']
const school = ['o2', 'organisation', 'Collège Jean Moulin', 'education', '94033', null, 'prospect']
const outside = ['o3', 'organisation', 'Garage de Montreuil', 'entreprise', null, 'Montreuil', 'ancien']
const nowhere = ['p2', 'person', 'Karim Benali', 'parent', null, null, 'prospect']
const ALL = [company, worker, school, outside, nowhere]

const kept = (picks: Parameters<typeof pickTest>[0]) => ALL.filter(pickTest(picks, read)).map((row) => row[0])

describe('the directory’s pick-lists', () => {
  it('keeps every row when nothing is picked', () => {
    expect(hasPicks(NO_PICKS)).toBe(false)
    expect(kept(NO_PICKS)).toEqual(['o1', 'p1', 'o2', 'o3', 'p2'])
  })

  it('gives a town’s companies without the people working there', () => {
    expect(kept({ ...NO_PICKS, profiles: ['organisation:entreprise'], towns: ['94080'] })).toEqual(['o1'])
    expect(kept({ ...NO_PICKS, profiles: ['person:entreprise'], towns: ['94080'] })).toEqual(['p1'])
    expect(kept({ ...NO_PICKS, profiles: ['organisation:entreprise', 'person:entreprise'] })).toEqual(['o1', 'p1', 'o3'])
  })

  it('filters by type, status, and towns outside the territory or not given', () => {
    expect(kept({ ...NO_PICKS, type: 'person' })).toEqual(['p1', 'p2'])
    expect(kept({ ...NO_PICKS, statuses: ['vitawiner', 'ancien'] })).toEqual(['o1', 'o3'])
    expect(kept({ ...NO_PICKS, towns: ['hors', 'aucune'] })).toEqual(['o3', 'p2'])
    expect(kept({ ...NO_PICKS, type: 'organisation', towns: ['94033', '94080'] })).toEqual(['o1', 'o2'])
  })

  it('reads the filters of a saved view, older views having none', () => {
    expect(picksOf(undefined)).toEqual(NO_PICKS)
    expect(picksOf({ type: 'person', profiles: ['person:eleve', 3], towns: 'x' })).toEqual({ type: 'person', profiles: ['person:eleve'], towns: [], statuses: [] })
    expect(picksOf({ type: 'autre' }).type).toBe('tous')
  })
})
