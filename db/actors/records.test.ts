import { describe, expect, it } from 'vitest'
import { testStore } from '../../tests/helpers/temp'
import type { Database } from '../schema'
import type { Store } from '../backend'
import { saveAffiliation, saveOffer, saveRequest } from './engagement'
import { addInteraction } from './journal'
import { createOrganisation, createPerson, deleteActor, setActorLinks, updateOrganisation, updatePerson } from './records'
import type { OrganisationInput } from './schemas'
import { caught } from '../../tests/helpers/errors'

// Valid SIRETs (Luhn keys checked), fictional companies.
const SIRET_A = '94123456900015'
const SIRET_B = '95234567600011'

function organisation(values: Partial<OrganisationInput> = {}): OrganisationInput {
  return { name: 'Boulangerie du Château', profileCode: 'entreprise', townCode: '94080', ...values }
}

async function organisationRow(store: Store, id: number) {
  return store.db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

async function count(store: Store, table: keyof Database) {
  const row = await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

async function tagNamesOf(store: Store, column: 'organisationId' | 'personId', id: number): Promise<string[]> {
  const rows = await store.db.selectFrom('actorTags as l').innerJoin('tags as t', 't.id', 'l.tagId').select('t.name').where(`l.${column}`, '=', id).orderBy('t.name').execute()
  return rows.map((row) => row.name)
}

describe('createOrganisation', () => {
  it('stores identifiers in their normalised form', async () => {
    const store = await testStore()
    const id = await createOrganisation(
      store.db,
      organisation({
        siret: ' 941 234 569 00015 ',
        rna: 'w 751 234 567',
        uai: '0941918z',
        phone: '01.48.75.12.34',
        email: '  Contact@Boulangerie-Chateau.FR ',
      }),
    )
    const row = await organisationRow(store, id)
    expect(row).toMatchObject({
      siret: SIRET_A,
      siren: '941234569',
      rna: 'W751234567',
      uai: '0941918Z',
      phone: '+33148751234',
      email: 'contact@boulangerie-chateau.fr',
      status: 'prospect',
      source: 'saisie',
      townCode: '94080',
    })
  })

  it('stores empty identifiers as null, not as empty strings', async () => {
    const store = await testStore()
    const id = await createOrganisation(store.db, organisation({ siret: '  ', email: '', phone: null }))
    const row = await organisationRow(store, id)
    expect(row).toMatchObject({ siret: null, siren: null, email: null, phone: null, rna: null, uai: null })
  })

  it.each([
    ['siret', { siret: '941 234 569 00016' }, /SIRET/],
    ['siret', { siret: '941234569' }, /SIREN/],
    ['rna', { rna: 'X751234567' }, /RNA/],
    ['uai', { uai: '0941918A' }, /UAI/],
    ['email', { email: 'contact@boulangerie' }, /e-mail/],
    ['phone', { phone: '01 48 75 12' }, /téléphone/],
  ] as const)('refuses an invalid %s with a French message naming the field', async (field, values, pattern) => {
    const store = await testStore()
    const error = await caught(createOrganisation(store.db, organisation(values)))
    expect(error.code).toBe('invalid_input')
    expect(error.details).toEqual({ field })
    expect(error.message).toMatch(pattern)
    expect(await count(store, 'organisations')).toBe(0)
  })

  it.each([
    ['siret', { siret: SIRET_A }, { siret: '941 234 569 000 15' }, /SIRET/],
    ['rna', { rna: 'W751234567' }, { rna: 'w751234567' }, /RNA/],
    ['uai', { uai: '0941918Z' }, { uai: '0941918z' }, /UAI/],
  ] as const)('refuses a second organisation with the same %s, pointing to the first', async (field, first, second, pattern) => {
    const store = await testStore()
    const firstId = await createOrganisation(store.db, organisation({ name: 'Lycée Louis Armand', ...first }))
    const error = await caught(createOrganisation(store.db, organisation({ name: 'Autre structure', ...second })))
    expect(error.code).toBe('duplicate')
    expect(error.message).toMatch(pattern)
    expect(error.message).toContain('« Lycée Louis Armand »')
    expect(error.details).toEqual({ field, existing: { key: `o${firstId}`, name: 'Lycée Louis Armand' } })
    expect(await count(store, 'organisations')).toBe(1)
  })

  it('requires a joining date for a Vitawiner', async () => {
    const store = await testStore()
    const error = await caught(createOrganisation(store.db, organisation({ status: 'vitawiner' })))
    expect(error.code).toBe('invalid_input')
    expect(error.details).toEqual({ field: 'joinedOn' })
    expect(error.message).toMatch(/date d'adhésion/)
    const id = await createOrganisation(store.db, organisation({ status: 'vitawiner', joinedOn: '2025-09-15' }))
    expect(await organisationRow(store, id)).toMatchObject({ status: 'vitawiner', joinedOn: '2025-09-15' })
  })

  it('refuses a town outside the territory, and an unknown profile', async () => {
    const store = await testStore()
    const outside = await caught(createOrganisation(store.db, organisation({ townCode: '75056' })))
    expect(outside.code).toBe('invalid_input')
    expect(outside.details).toEqual({ field: 'townCode' })
    expect(outside.message).toMatch(/75056 n'appartient pas au territoire/)
    const profile = await caught(createOrganisation(store.db, organisation({ profileCode: 'multinationale' })))
    expect(profile.details).toEqual({ field: 'profileCode' })
    expect(await count(store, 'organisations')).toBe(0)
  })

  it('keeps the outside town only when no town of the territory is given', async () => {
    const store = await testStore()
    const outside = await createOrganisation(store.db, organisation({ townCode: null, outsideTown: 'Créteil' }))
    const inside = await createOrganisation(store.db, organisation({ name: 'Autre', townCode: '94033', outsideTown: 'Créteil' }))
    expect(await organisationRow(store, outside)).toMatchObject({ townCode: null, outsideTown: 'Créteil' })
    expect(await organisationRow(store, inside)).toMatchObject({ townCode: '94033', outsideTown: null })
  })

  it('creates tags and networks on the fly, without case duplicates', async () => {
    const store = await testStore()
    const first = await createOrganisation(store.db, organisation({ tags: ['Mentorat', ' mentorat ', 'MENTORAT', 'Forum  2026'], networks: ['Club Gravelle Entreprendre'] }))
    const second = await createOrganisation(store.db, organisation({ name: 'Autre', tags: ['mentorat', 'forum 2026', 'Stages'], networks: ['club gravelle entreprendre', 'CCI 94'] }))
    const tags = await store.db.selectFrom('tags').select('name').orderBy('id').execute()
    expect(tags.map((row) => row.name)).toEqual(['Mentorat', 'Forum 2026', 'Stages'])
    const networks = await store.db.selectFrom('networks').select('name').orderBy('id').execute()
    expect(networks.map((row) => row.name)).toEqual(['Club Gravelle Entreprendre', 'CCI 94'])
    expect(await tagNamesOf(store, 'organisationId', first)).toEqual(['Forum 2026', 'Mentorat'])
    expect(await tagNamesOf(store, 'organisationId', second)).toEqual(['Forum 2026', 'Mentorat', 'Stages'])
    expect(await count(store, 'actorTags')).toBe(5)
    expect(await count(store, 'actorNetworks')).toBe(3)
  })

  it('treats accented capitals as the same tag', async () => {
    const store = await testStore()
    await createOrganisation(store.db, organisation({ tags: ['Égalité des chances'] }))
    await createOrganisation(store.db, organisation({ name: 'Autre', tags: ['ÉGALITÉ DES CHANCES', 'égalité des chances'] }))
    expect((await store.db.selectFrom('tags').select('name').execute()).map((row) => row.name)).toEqual(['Égalité des chances'])
    expect(await count(store, 'actorTags')).toBe(2)
  })

  it('refuses an unknown field of action and keeps known ones once', async () => {
    const store = await testStore()
    const error = await caught(createOrganisation(store.db, organisation({ fields: ['education', 'astrologie'] })))
    expect(error.code).toBe('invalid_input')
    expect(error.details).toEqual({ field: 'fields' })
    const id = await createOrganisation(store.db, organisation({ name: 'Autre', fields: ['education', 'education', 'insertion_emploi'] }))
    const fields = await store.db.selectFrom('actorActionFields').select('fieldCode').where('organisationId', '=', id).orderBy('fieldCode').execute()
    expect(fields.map((row) => row.fieldCode)).toEqual(['education', 'insertion_emploi'])
  })
})

describe('updateOrganisation', () => {
  it('normalises and stores the new values, and records the update time', async () => {
    const store = await testStore()
    const id = await createOrganisation(store.db, organisation())
    const before = await organisationRow(store, id)
    await updateOrganisation(store.db, id, organisation({ name: 'Boulangerie du Château SARL', siret: '952 345 676 00011', phone: '+33 (0)6 12 34 56 78' }))
    const after = await organisationRow(store, id)
    expect(after).toMatchObject({ name: 'Boulangerie du Château SARL', siret: SIRET_B, siren: '952345676', phone: '+33612345678' })
    expect(after.updatedAt > before.updatedAt).toBe(true)
    expect(after.createdAt).toBe(before.createdAt)
  })

  it('accepts a record keeping its own SIRET, RNA and UAI', async () => {
    const store = await testStore()
    const id = await createOrganisation(store.db, organisation({ siret: SIRET_A, rna: 'W751234567', uai: '0941918Z' }))
    await updateOrganisation(store.db, id, organisation({ name: 'Nouveau nom', siret: '94123456900015', rna: 'W751234567', uai: '0941918Z' }))
    expect(await organisationRow(store, id)).toMatchObject({ name: 'Nouveau nom', siret: SIRET_A })
  })

  it('refuses taking the SIRET of another record and changes nothing', async () => {
    const store = await testStore()
    const holder = await createOrganisation(store.db, organisation({ name: 'Cabinet Martin', siret: SIRET_A }))
    const other = await createOrganisation(store.db, organisation({ name: 'Cabinet Durand', siret: SIRET_B }))
    const error = await caught(updateOrganisation(store.db, other, organisation({ name: 'Cabinet Durand renommé', siret: SIRET_A })))
    expect(error.code).toBe('duplicate')
    expect(error.details).toEqual({ field: 'siret', existing: { key: `o${holder}`, name: 'Cabinet Martin' } })
    expect(await organisationRow(store, other)).toMatchObject({ name: 'Cabinet Durand', siret: SIRET_B })
  })

  it('refuses a Vitawiner without joining date and a town outside the territory', async () => {
    const store = await testStore()
    const id = await createOrganisation(store.db, organisation())
    expect((await caught(updateOrganisation(store.db, id, organisation({ status: 'vitawiner' })))).details).toEqual({ field: 'joinedOn' })
    expect((await caught(updateOrganisation(store.db, id, organisation({ townCode: '94028' })))).details).toEqual({ field: 'townCode' })
    expect(await organisationRow(store, id)).toMatchObject({ status: 'prospect', townCode: '94080' })
  })

  it('replaces only the link lists it is given', async () => {
    const store = await testStore()
    const id = await createOrganisation(store.db, organisation({ tags: ['Mentorat', 'Stages'], networks: ['CCI 94'], fields: ['education'] }))
    await updateOrganisation(store.db, id, organisation({ tags: ['Stages', 'Forum'] }))
    expect(await tagNamesOf(store, 'organisationId', id)).toEqual(['Forum', 'Stages'])
    expect(await count(store, 'actorNetworks')).toBe(1)
    expect(await count(store, 'actorActionFields')).toBe(1)
    await updateOrganisation(store.db, id, organisation({ tags: [], networks: [] }))
    expect(await tagNamesOf(store, 'organisationId', id)).toEqual([])
    expect(await count(store, 'actorNetworks')).toBe(0)
    // The tags themselves stay available for other records.
    expect(await count(store, 'tags')).toBe(3)
  })

  it('says when the record no longer exists', async () => {
    const store = await testStore()
    const error = await caught(updateOrganisation(store.db, 999, organisation()))
    expect(error.code).toBe('not_found')
  })
})

describe('people', () => {
  it('creates and updates a person with normalised email and phone', async () => {
    const store = await testStore()
    const id = await createPerson(store.db, {
      firstName: ' Hélène ',
      lastName: 'Dupont',
      profileCode: 'parent',
      townCode: '94068',
      email: 'Helene.Dupont@Exemple.FR',
      phone: '06 12 34 56 78',
      jobTitle: 'Présidente',
      tags: ['Parents', 'parents'],
    })
    const row = await store.db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ firstName: 'Hélène', email: 'helene.dupont@exemple.fr', phone: '+33612345678', jobTitle: 'Présidente', status: 'prospect' })
    expect(await tagNamesOf(store, 'personId', id)).toEqual(['Parents'])

    await updatePerson(store.db, id, { firstName: 'Hélène', lastName: 'Dupont-Martin', profileCode: 'parent', townCode: null, outsideTown: 'Créteil', email: 'HELENE@EXEMPLE.FR' })
    const updated = await store.db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(updated).toMatchObject({ lastName: 'Dupont-Martin', townCode: null, outsideTown: 'Créteil', email: 'helene@exemple.fr', phone: null, jobTitle: null })
    // Tags not given: unchanged.
    expect(await tagNamesOf(store, 'personId', id)).toEqual(['Parents'])
  })

  it('refuses an invalid email or phone, a Vitawiner without joining date and a town outside the territory', async () => {
    const store = await testStore()
    const base = { firstName: 'Karim', lastName: 'Benali', profileCode: 'parent' }
    const email = await caught(createPerson(store.db, { ...base, email: 'karim.benali@' }))
    expect([email.code, email.details]).toEqual(['invalid_input', { field: 'email' }])
    const phone = await caught(createPerson(store.db, { ...base, phone: '+44 20 7946 0958' }))
    expect([phone.code, phone.details]).toEqual(['invalid_input', { field: 'phone' }])
    expect(phone.message).toMatch(/français/)
    const joined = await caught(createPerson(store.db, { ...base, status: 'vitawiner' }))
    expect(joined.details).toEqual({ field: 'joinedOn' })
    const town = await caught(createPerson(store.db, { ...base, townCode: '93048' }))
    expect(town.details).toEqual({ field: 'townCode' })
    expect(await count(store, 'people')).toBe(0)

    const id = await createPerson(store.db, base)
    const update = await caught(updatePerson(store.db, id, { ...base, status: 'vitawiner', joinedOn: null }))
    expect(update.details).toEqual({ field: 'joinedOn' })
    expect((await caught(updatePerson(store.db, id + 1, base))).code).toBe('not_found')
  })
})

describe('setActorLinks', () => {
  it('replaces tags, networks and fields of one actor without touching another', async () => {
    const store = await testStore()
    const organisationId = await createOrganisation(store.db, organisation({ tags: ['Mentorat'] }))
    const personId = await createPerson(store.db, { firstName: 'Karim', lastName: 'Benali', profileCode: 'parent', tags: ['Mentorat'] })
    await setActorLinks(store.db, { kind: 'person', id: personId }, { tags: ['MENTORAT', 'Jury'], networks: ['Rotary Vincennes'], fields: ['education'] })
    expect(await tagNamesOf(store, 'personId', personId)).toEqual(['Jury', 'Mentorat'])
    expect(await tagNamesOf(store, 'organisationId', organisationId)).toEqual(['Mentorat'])
    const personNetworks = await store.db.selectFrom('actorNetworks').select(['organisationId', 'personId']).execute()
    expect(personNetworks).toEqual([{ organisationId: null, personId }])
    await setActorLinks(store.db, { kind: 'person', id: personId }, { fields: [] })
    expect(await count(store, 'actorActionFields')).toBe(0)
    expect(await tagNamesOf(store, 'personId', personId)).toEqual(['Jury', 'Mentorat'])
  })
})

describe('deleteActor', () => {
  it('deletes an organisation with its journal, tags, offers, requests and affiliations', async () => {
    const store = await testStore()
    const doomed = await createOrganisation(store.db, organisation({ siret: SIRET_A, tags: ['Mentorat'], networks: ['CCI 94'], fields: ['education'] }))
    const kept = await createOrganisation(store.db, organisation({ name: 'Autre', tags: ['Mentorat'] }))
    const person = await createPerson(store.db, { firstName: 'Karim', lastName: 'Benali', profileCode: 'parent' })
    await addInteraction(store.db, { actor: `o${doomed}`, kind: 'appel', occurredOn: '2026-01-10', animator: 'Claire', summary: 'Premier appel', contactPersonId: person })
    await addInteraction(store.db, { actor: `o${kept}`, kind: 'appel', occurredOn: '2026-01-11', animator: 'Claire', summary: 'Autre appel' })
    await saveOffer(store.db, null, { actor: `o${doomed}`, offerTypeCode: 'mentorat', schoolLevels: ['3e'] })
    await saveRequest(store.db, null, { actor: `o${doomed}`, kind: 'stage', title: 'Stagiaires de 3e' })
    await saveAffiliation(store.db, null, { personId: person, organisationId: doomed, role: 'Gérant' })
    await store.db.insertInto('duplicateDismissals').values({ kind: 'organisation', firstId: doomed, secondId: kept }).execute()

    await deleteActor(store.db, { kind: 'organisation', id: doomed })

    expect(await store.db.selectFrom('organisations').select('id').execute()).toEqual([{ id: kept }])
    expect(await count(store, 'interactions')).toBe(1)
    expect(await count(store, 'engagementOffers')).toBe(0)
    expect(await count(store, 'actorRequests')).toBe(0)
    expect(await count(store, 'affiliations')).toBe(0)
    expect(await count(store, 'actorNetworks')).toBe(0)
    expect(await count(store, 'actorActionFields')).toBe(0)
    expect(await tagNamesOf(store, 'organisationId', kept)).toEqual(['Mentorat'])
    expect(await count(store, 'actorTags')).toBe(1)
    expect(await count(store, 'duplicateDismissals')).toBe(0)
    // The person stays; only the link went.
    expect(await count(store, 'people')).toBe(1)
    // Its SIRET is free again.
    await createOrganisation(store.db, organisation({ name: 'Repreneur', siret: SIRET_A }))
    // PostgreSQL checks every reference at each statement; SQLite is asked.
    if (store.kind === 'sqlite') expect(store.sqlite.pragma('foreign_key_check')).toEqual([])
  })

  it('deletes a person and keeps the journal entries where they were only the contact', async () => {
    const store = await testStore()
    const organisationId = await createOrganisation(store.db, organisation())
    const person = await createPerson(store.db, { firstName: 'Karim', lastName: 'Benali', profileCode: 'parent', tags: ['Jury'] })
    const kept = await addInteraction(store.db, { actor: `o${organisationId}`, kind: 'rencontre', occurredOn: '2026-02-01', animator: 'Claire', summary: 'Rencontre avec Karim', contactPersonId: person })
    await addInteraction(store.db, { actor: `p${person}`, kind: 'appel', occurredOn: '2026-02-02', animator: 'Claire', summary: 'Appel direct' })
    await deleteActor(store.db, { kind: 'person', id: person })
    const rows = await store.db.selectFrom('interactions').select(['id', 'contactPersonId']).execute()
    expect(rows).toEqual([{ id: kept, contactPersonId: null }])
    expect(await count(store, 'actorTags')).toBe(0)
  })

  it('says when the actor no longer exists', async () => {
    const store = await testStore()
    expect((await caught(deleteActor(store.db, { kind: 'organisation', id: 42 }))).code).toBe('not_found')
    expect((await caught(deleteActor(store.db, { kind: 'person', id: 42 }))).code).toBe('not_found')
  })
})
