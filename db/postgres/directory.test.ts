import { describe, expect, it } from 'vitest'
import { SKIPPED_POSTGRES } from '../../tests/helpers/postgres'
import { tempStore, testStore } from '../../tests/helpers/temp'
import { DIRECTORY_FIELDS, type DirectoryField } from '../rules/actor-columns'
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
    // The grid's filtered, sorted windows are SQLite's only so far: said in French, not a crash.
    await expect(team.backend.directory({ sort: [{ field: 'name' }], window: { offset: 0, limit: 50 } })).rejects.toThrow(
      "L'annuaire filtré et trié par le serveur n'est pas encore disponible en mode équipe (base PostgreSQL).",
    )
  })
})
