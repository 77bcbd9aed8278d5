import { describe, expect, it } from 'vitest'
import { SKIPPED_POSTGRES } from '../../tests/helpers/postgres'
import { openAgain, tempStore, testStore } from '../../tests/helpers/temp'
import { DIRECTORY_FIELDS, type DirectoryField } from '../rules/actor-columns'
import type { DirectoryFilter, DirectorySort } from '../rules/directory-filter'
import type { DirectoryOptions } from '../actors/directory-query'
import { generateDemo } from '../sqlite/demo'
import { copyDatabase } from '../transfer/copy'
import { createOrganisation, createPerson } from '../actors/records'
import { saveAffiliation, saveOffer } from '../actors/engagement'

// The directory on a team database gives SQLite's rows (db/sqlite/directory.test.ts tests what
// they are): the same data moved into PostgreSQL, read with every kind of option, reads the same,
// value for value and in the same order.

async function sameDirectoryOnBoth() {
  const local = await tempStore()
  generateDemo(local.sqlite, { seed: 11, today: '2026-11-23' })
  // Lists of several values, given out of order (the demo's have one value each).
  const lists = { tags: ['Zoo', 'atelier', 'Mentorat'], networks: ['Rotary', 'CCI 94'], fields: ['insertion_emploi', 'education'] }
  const organisation = await createOrganisation(local.db, { name: 'Atelier Zèbre', profileCode: 'entreprise', ...lists })
  const other = await createOrganisation(local.db, { name: 'Abeille et Cie', profileCode: 'entreprise' })
  const person = await createPerson(local.db, { firstName: 'Zoé', lastName: 'Alard', profileCode: 'parent', ...lists })
  await saveAffiliation(local.db, null, { personId: person, organisationId: organisation, role: 'Gérante' })
  await saveAffiliation(local.db, null, { personId: person, organisationId: other })
  for (const offerTypeCode of ['visite_entreprise', 'temoignage', 'visite_entreprise']) await saveOffer(local.db, null, { actor: `o${organisation}`, offerTypeCode })
  const team = await testStore()
  await copyDatabase(local.db, team.db)
  return { local, team }
}

describe.skipIf(SKIPPED_POSTGRES)('the directory on a team database', () => {
  it('reads the rows SQLite reads, whatever is asked', async () => {
    const { local, team } = await sameDirectoryOnBoth()
    expect(team.kind).toBe('postgres')
    const all = await local.backend.directory({})
    const at = (field: DirectoryField) => DIRECTORY_FIELDS.indexOf(field)
    // The comparison is not an empty one: every aggregated column is filled in somewhere.
    for (const field of ['organisations', 'tags', 'networks', 'fields', 'offers', 'lastInteractionOn', 'nextStepDueOn'] as const) {
      expect(all.rows.some((row) => row[at(field)] !== null), field).toBe(true)
    }
    expect(all.rows.find((row) => row[at('name')] === 'Atelier Zèbre')).toEqual(
      expect.arrayContaining(['atelier, Mentorat, Zoo', 'CCI 94, Rotary', 'education,insertion_emploi', 'temoignage,visite_entreprise']),
    )
    expect(all.rows.find((row) => row[at('name')] === 'Zoé Alard')![at('organisations')]).toBe('Abeille et Cie, Atelier Zèbre')
    const organisations = all.rows.filter((row) => row[at('kind')] === 'organisation').map((row) => row[at('key')] as string)
    const people = all.rows.filter((row) => row[at('kind')] === 'person').map((row) => row[at('key')] as string)
    const keys = [people[3]!, organisations[10]!, 'o999999', organisations[2]!, people[0]!, 'p888888']
    const asked = [
      {},
      { fields: ['name', 'kind', 'profileCode', 'townCode', 'status', 'joinedOn', 'email', 'tags', 'lastInteractionOn', 'outsideTown'] as DirectoryField[] },
      { fields: ['offers', 'key', 'networks', 'nextStepDueOn'] as DirectoryField[] },
      { fields: ['organisations', 'fields', 'siret', 'createdAt', 'updatedAt', 'anonymisedAt', 'jobTitle', 'notes'] as DirectoryField[] },
      { fields: [...DIRECTORY_FIELDS].reverse() },
      { keys },
      { keys, fields: ['email', 'kind', 'tags'] as DirectoryField[] },
      { keys: ['o999999'] },
    ]
    for (const options of asked) expect(await team.backend.directory(options), JSON.stringify(options)).toEqual(await local.backend.directory(options))
    expect((await team.backend.directory({})).total).toBe(all.rows.length)
  })

  it('filters, sorts and windows the rows as SQLite does, and sees the other animator’s change', async () => {
    const { local, team } = await sameDirectoryOnBoth()
    const town = (await local.backend.directory({ fields: ['townCode'] })).rows.find((row) => row[0])![0] as string
    const text = (type: string, filter?: string) => ({ filterType: 'text' as const, type, ...(filter === undefined ? {} : { filter }) })
    const date = (type: string, dateFrom?: string, dateTo?: string) => ({ filterType: 'date' as const, type, dateFrom, dateTo })
    const picks = (more: object) => ({ type: 'tous' as const, profiles: [], towns: [], statuses: [], ...more })
    const filters = [
      { picks: picks({ profiles: ['organisation:entreprise', 'person:parent'], towns: [town, 'hors', 'aucune'] }) },
      { picks: picks({ type: 'person', statuses: ['vitawiner', 'ancien'] }) },
      { picks: picks({ type: 'organisation', profiles: ['person:parent'] }) },
      { quick: 'ZÈBRE  atelier', quickFields: ['name', 'tags', 'townCode'] },
      { quick: 'saint', quickFields: ['name', 'townCode', 'profileCode'] },
      { columns: { name: text('contains', 'ÉCOLE') } },
      { columns: { name: text('notContains', 'e'), status: text('equals', 'Vitawiner') } },
      { columns: { townCode: text('startsWith', 'saint-') } },
      { columns: { profileCode: text('endsWith', 'PRISES') } },
      { columns: { offers: text('contains', 'témoignage') }, quick: 'a', quickFields: ['name'] },
      { columns: { fields: text('notEqual', 'Éducation'), email: text('notBlank') } },
      { columns: { tags: { filterType: 'text', operator: 'OR', conditions: [text('contains', 'mentorat'), text('blank')] } } },
      { columns: { phone: { filterType: 'text', operator: 'OR', conditions: [text('contains', '06'), text('contains', '')] } } },
      { columns: { lastInteractionOn: date('lessThan', '2025-06-01 00:00:00'), nextStepDueOn: date('notBlank') } },
      { columns: { joinedOn: date('inRange', '2020-01-01 00:00:00', '2025-01-01 00:00:00'), createdAt: date('greaterThan', '2000-01-01') } },
      { columns: { lastInteractionOn: date('equals', '2026-11-20 00:00:00') } },
      { columns: { workforceBand: text('contains', 'salari'), source: text('notEqual', 'Saisie') } },
    ] as DirectoryFilter[]
    const sorts: DirectorySort[][] = [
      [],
      ...DIRECTORY_FIELDS.flatMap((field) => [[{ field }], [{ field, descending: true }]]),
      [{ field: 'profileCode' }, { field: 'lastInteractionOn', descending: true }, { field: 'name' }],
    ]
    const asked: DirectoryOptions<readonly DirectoryField[]>[] = [
      ...filters.map((filter) => ({ filter, fields: ['key', 'name', 'townCode'] as DirectoryField[] })),
      ...sorts.map((sort) => ({ sort, fields: ['key'] as DirectoryField[] })),
      { filter: filters[0], sort: sorts.at(-1), window: { offset: 3, limit: 7 }, longestNames: 4 },
      { filter: {}, sort: [{ field: 'name' }], window: { offset: 100, limit: 50 }, fields: ['name', 'tags', 'offers', 'organisations', 'key'] as DirectoryField[] },
      { filter: {}, window: { offset: 0, limit: 2500 } },
    ]
    const kept: number[] = []
    for (const options of asked) {
      const expected = await local.backend.directory(options)
      expect(await team.backend.directory(options), JSON.stringify(options)).toEqual(expected)
      kept.push(expected.matched!)
    }
    // Not an empty comparison: each filter keeps some rows and leaves others out, but the two that
    // keep none (an organisation of a person's profile) and all (a condition that keeps every row in an OR).
    const total = (await local.backend.directory({})).total
    expect(kept.slice(0, filters.length).flatMap((matched, at) => (matched === 0 || matched === total ? [at] : []))).toEqual([2, 12])

    // The keys of a query are kept until the data changes, whoever changes it (here another connection).
    const ask = async () => (await team.backend.directory({ filter: { quick: 'zyxwvu', quickFields: ['name'] }, fields: ['key'] })).rows
    expect(await ask()).toEqual([])
    const other = await openAgain(team)
    const id = await createOrganisation(other.db, { name: 'Atelier Zyxwvu', profileCode: 'entreprise' })
    expect(await ask()).toEqual([[`o${id}`]])
  })
})
