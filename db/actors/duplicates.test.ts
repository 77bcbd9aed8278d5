import { describe, expect, it } from 'vitest'
import { insertRow, queryRows, queryValue, reopenTestStore, runSql, testStore } from '../../tests/helpers/temp'
import type { Store } from '../backend'
import { introspectionOf, quoteId, referencesTo } from '../introspection'
import type { Database } from '../schema'
import { getActor } from './detail'
import { dismissPair, findSimilar, listDuplicatePairs } from './duplicates'
import { mergeActors } from './merge'
import { saveAffiliation, saveOffer, saveRequest } from './engagement'
import { addInteraction } from './journal'
import type { ActorKind } from '../rules/actor-keys'
import { createOrganisation, createPerson } from './records'
import { caught } from '../../tests/helpers/errors'

const SIRET_KEEP = '94123456900015'
const SIRET_REMOVE = '95234567600011'

async function merge(store: Store, kind: ActorKind, keepId: number, removeId: number, takeFromRemoved: string[] = []) {
  await mergeActors(store.db, kind, keepId, removeId, takeFromRemoved)
}

async function count(store: Store, table: keyof Database): Promise<number> {
  return Number((await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
}

const searchAll = (store: Store, query: string) => store.backend.search(query, 20)

/** Whether the index still holds the row of this record (organisation id*4, person id*4+1). */
async function indexed(store: Store, rowId: number): Promise<number> {
  return queryValue<number>(store, `select count(*) from search_index where ${store.kind === 'sqlite' ? 'rowid' : 'row_id'} = ?`, rowId)
}

/** Links left pointing at a record that is gone: none after a merge. */
async function danglingLinks(store: Store): Promise<unknown[]> {
  if (store.kind === 'sqlite') return queryRows(store, 'pragma foreign_key_check')
  // PostgreSQL checks its foreign keys at every statement; what a merge touches is looked at anyway.
  const found: string[] = []
  for (const target of ['organisations', 'people']) {
    for (const { table, column } of await referencesTo(introspectionOf(store.db), target)) {
      const count = await queryValue<number>(store, `select count(*) from ${quoteId(table)} where ${quoteId(column)} is not null and ${quoteId(column)} not in (select id from ${target})`)
      if (count > 0) found.push(`${table}.${column}`)
    }
  }
  return found
}

const pairNames = (pairs: Awaited<ReturnType<typeof listDuplicatePairs>>) => pairs.map((pair) => [pair.first.name, pair.second.name])

describe('findSimilar', () => {
  it('warns of a similar organisation name in the same town only', async () => {
    const store = await testStore()
    const dupont = await createOrganisation(store.db, { name: 'Boulangerie Dupont', profileCode: 'entreprise', townCode: '94080' })
    await createOrganisation(store.db, { name: 'Boulangerie Dupont', profileCode: 'entreprise', townCode: '94033' })
    await createOrganisation(store.db, { name: 'Boucherie Dupont', profileCode: 'entreprise', townCode: '94080' })
    expect(await findSimilar(store.db, { kind: 'organisation', name: 'SARL Boulangerie Dupond', townCode: '94080' })).toEqual([
      { key: `o${dupont}`, name: 'Boulangerie Dupont', reason: 'Nom proche dans la même commune' },
    ])
    expect(await findSimilar(store.db, { kind: 'organisation', name: 'Boulangerie Dupont', townCode: '94018' })).toEqual([])
    expect(await findSimilar(store.db, { kind: 'organisation', name: 'Pâtisserie Leroy', townCode: '94080' })).toEqual([])
  })

  it('warns of the same email, whatever its case and town', async () => {
    const store = await testStore()
    const club = await createOrganisation(store.db, { name: 'Club Gravelle Entreprendre', profileCode: 'association', townCode: '94018', email: 'contact@gravelle.fr' })
    expect(await findSimilar(store.db, { kind: 'organisation', name: 'CGE', townCode: '94080', email: ' Contact@Gravelle.FR ' })).toEqual([
      { key: `o${club}`, name: 'Club Gravelle Entreprendre', reason: 'Même courriel' },
    ])
    // Same name and same email: one warning, not two.
    expect(await findSimilar(store.db, { kind: 'organisation', name: 'Club Gravelle Entreprendre', townCode: '94018', email: 'contact@gravelle.fr' })).toHaveLength(1)
  })

  it('does not warn a record about itself', async () => {
    const store = await testStore()
    const club = await createOrganisation(store.db, { name: 'Club Gravelle Entreprendre', profileCode: 'association', townCode: '94018', email: 'contact@gravelle.fr' })
    expect(await findSimilar(store.db, { kind: 'organisation', id: club, name: 'Club Gravelle Entreprendre', townCode: '94018', email: 'contact@gravelle.fr' })).toEqual([])
    const karim = await createPerson(store.db, { firstName: 'Karim', lastName: 'Benali', profileCode: 'parent', email: 'karim@exemple.fr' })
    expect(await findSimilar(store.db, { kind: 'person', id: karim, name: 'Karim Benali', email: 'karim@exemple.fr' })).toEqual([])
  })

  it('warns of a person with the same name or the same email', async () => {
    const store = await testStore()
    const helene = await createPerson(store.db, { firstName: 'Hélène', lastName: 'Dupont', profileCode: 'parent' })
    const karim = await createPerson(store.db, { firstName: 'Karim', lastName: 'Benali', profileCode: 'parent', email: 'karim@exemple.fr' })
    expect(await findSimilar(store.db, { kind: 'person', name: 'HELENE DUPONT' })).toEqual([{ key: `p${helene}`, name: 'Hélène Dupont', reason: 'Même nom' }])
    expect(await findSimilar(store.db, { kind: 'person', name: 'K. Benali', email: 'Karim@Exemple.fr' })).toEqual([{ key: `p${karim}`, name: 'Karim Benali', reason: 'Même courriel' }])
    expect(await findSimilar(store.db, { kind: 'person', name: 'Hélène Durand' })).toEqual([])
  })
})

describe('listDuplicatePairs', () => {
  it('finds near-identical organisation names in the same town, not across towns', async () => {
    const store = await testStore()
    await createOrganisation(store.db, { name: 'Boulangerie Dupont', profileCode: 'entreprise', townCode: '94080' })
    await createOrganisation(store.db, { name: 'SARL Boulangerie Dupond', profileCode: 'entreprise', townCode: '94080' })
    await createOrganisation(store.db, { name: 'Boulangerie Dupont', profileCode: 'entreprise', townCode: '94033' })
    await createOrganisation(store.db, { name: 'Boucherie Dupont', profileCode: 'entreprise', townCode: '94080' })
    await createOrganisation(store.db, { name: 'Lycée Louis Armand', profileCode: 'education', townCode: '94052' })
    await createOrganisation(store.db, { name: 'Lycee Louis-Armand', profileCode: 'education', townCode: '94052' })
    const pairs = await listDuplicatePairs(store.db)
    expect(pairNames(pairs)).toEqual([
      ['Lycée Louis Armand', 'Lycee Louis-Armand'],
      ['Boulangerie Dupont', 'SARL Boulangerie Dupond'],
    ])
    expect(pairs[0]).toMatchObject({ kind: 'organisation', reason: 'Nom proche dans la même commune', score: 1, first: { town: 'Nogent-sur-Marne' } })
    expect(pairs[1]!.score).toBeGreaterThan(0.82)
    expect(pairs[1]!.score).toBeLessThan(1)
  })

  it('finds organisations and people sharing an email, and people with the same name', async () => {
    const store = await testStore()
    await createOrganisation(store.db, { name: 'Club Gravelle Entreprendre', profileCode: 'association', townCode: '94018', email: 'contact@gravelle.fr' })
    await createOrganisation(store.db, { name: 'CGE', profileCode: 'association', townCode: '94080', email: 'contact@gravelle.fr' })
    await createPerson(store.db, { firstName: 'Hélène', lastName: 'Dupont', profileCode: 'parent', townCode: '94068' })
    await createPerson(store.db, { firstName: 'Helene', lastName: 'DUPONT', profileCode: 'parent', townCode: '94068' })
    // Namesakes in another town are not flagged for their name alone.
    await createPerson(store.db, { firstName: 'Hélène', lastName: 'Dupont', profileCode: 'parent', townCode: '94080' })
    await createPerson(store.db, { firstName: 'Karim', lastName: 'Benali', profileCode: 'parent', email: 'kb@exemple.fr' })
    await createPerson(store.db, { firstName: 'K.', lastName: 'Benali', profileCode: 'parent', email: 'kb@exemple.fr' })
    const pairs = await listDuplicatePairs(store.db)
    expect(pairs.map((pair) => [pair.kind, pair.reason, pair.first.name, pair.second.name])).toEqual([
      ['person', 'Même nom dans la même commune', 'Hélène Dupont', 'Helene DUPONT'],
      ['organisation', 'Même courriel', 'Club Gravelle Entreprendre', 'CGE'],
      ['person', 'Même courriel', 'Karim Benali', 'K. Benali'],
    ])
  })

  it('leaves out closed organisations', async () => {
    const store = await testStore()
    await createOrganisation(store.db, { name: 'Boulangerie Dupont', profileCode: 'entreprise', townCode: '94080' })
    const closed = await createOrganisation(store.db, { name: 'Boulangerie Dupont', profileCode: 'entreprise', townCode: '94080' })
    expect(await listDuplicatePairs(store.db)).toHaveLength(1)
    await store.db.updateTable('organisations').set({ closedOn: '2025-12-31' }).where('id', '=', closed).execute()
    expect(await listDuplicatePairs(store.db)).toEqual([])
  })

  it('hides a dismissed pair for good, whichever way round it was given', async () => {
    let store = await testStore()
    const a = await createOrganisation(store.db, { name: 'Boulangerie Dupont', profileCode: 'entreprise', townCode: '94080' })
    const b = await createOrganisation(store.db, { name: 'Boulangerie Dupont', profileCode: 'entreprise', townCode: '94080' })
    const c = await createOrganisation(store.db, { name: 'Lycée Louis Armand', profileCode: 'education', townCode: '94052' })
    const d = await createOrganisation(store.db, { name: 'Lycee Louis-Armand', profileCode: 'education', townCode: '94052' })
    expect(await listDuplicatePairs(store.db)).toHaveLength(2)
    await dismissPair(store.db, 'organisation', b, a)
    await dismissPair(store.db, 'organisation', a, b) // twice: no error, one row
    expect(await count(store, 'duplicateDismissals')).toBe(1)
    expect((await listDuplicatePairs(store.db)).map((pair) => [pair.first.id, pair.second.id])).toEqual([[c, d]])
    store = await reopenTestStore(store)
    expect((await listDuplicatePairs(store.db)).map((pair) => [pair.first.id, pair.second.id])).toEqual([[c, d]])
    // A dismissal of organisations says nothing of people with the same ids.
    await createPerson(store.db, { firstName: 'Hélène', lastName: 'Dupont', profileCode: 'parent', townCode: '94080' })
    await createPerson(store.db, { firstName: 'Hélène', lastName: 'Dupont', profileCode: 'parent', townCode: '94080' })
    expect((await listDuplicatePairs(store.db)).filter((pair) => pair.kind === 'person')).toHaveLength(1)
    await expect(dismissPair(store.db, 'organisation', a, a)).rejects.toMatchObject({ code: 'invalid_input' })
  })
})

describe('mergeActors', () => {
  async function twoOrganisations() {
    const store = await testStore()
    const keep = await createOrganisation(store.db, {
      name: 'Boulangerie Dupont',
      profileCode: 'entreprise',
      townCode: '94080',
      siret: SIRET_KEEP,
      phone: '01 43 28 00 00',
      tags: ['Mentorat', 'Forum'],
      networks: ['CCI 94'],
      fields: ['education'],
    })
    const remove = await createOrganisation(store.db, {
      name: 'SARL Boulangerie Dupond Zéphyrin',
      profileCode: 'entreprise',
      townCode: '94080',
      siret: SIRET_REMOVE,
      email: 'contact@dupond.fr',
      notes: 'Fournil ouvert aux visites de classes',
      tags: ['mentorat', 'Stages'],
      networks: ['CCI 94', 'Rotary Vincennes'],
      fields: ['education', 'insertion_emploi'],
    })
    const other = await createOrganisation(store.db, { name: 'Lycée Louis Armand', profileCode: 'education', townCode: '94052', tags: ['Stages'] })
    const karim = await createPerson(store.db, { firstName: 'Karim', lastName: 'Benali', profileCode: 'parent' })
    const helene = await createPerson(store.db, { firstName: 'Hélène', lastName: 'Dupont', profileCode: 'parent' })
    return { store, keep, remove, other, karim, helene }
  }

  it('moves every link of the removed organisation to the kept one and deletes it', async () => {
    const { store, keep, remove, other, karim, helene } = await twoOrganisations()
    const keptEntry = await addInteraction(store.db, { actor: `o${keep}`, kind: 'appel', occurredOn: '2026-01-05', animator: 'Claire', summary: 'Premier contact' })
    const movedEntry = await addInteraction(store.db, { actor: `o${remove}`, kind: 'visite', occurredOn: '2026-02-05', animator: 'Claire', summary: 'Visite du fournil', contactPersonId: karim })
    const offer = await saveOffer(store.db, null, { actor: `o${remove}`, offerTypeCode: 'visite_entreprise', capacity: 25, schoolLevels: ['3e'] })
    const request = await saveRequest(store.db, null, { actor: `o${remove}`, kind: 'alternance', title: 'Apprenti boulanger' })
    const affiliation = await saveAffiliation(store.db, null, { personId: helene, organisationId: remove, role: 'Gérante' })
    await dismissPair(store.db, 'organisation', remove, other)

    await merge(store, 'organisation', keep, remove)

    expect(await store.db.selectFrom('organisations').select('id').where('id', '=', remove).executeTakeFirst()).toBeUndefined()
    expect(await store.db.selectFrom('interactions').select(['id', 'organisationId', 'contactPersonId']).orderBy('id').execute()).toEqual([
      { id: keptEntry, organisationId: keep, contactPersonId: null },
      { id: movedEntry, organisationId: keep, contactPersonId: karim },
    ])
    expect(await store.db.selectFrom('engagementOffers').select(['id', 'organisationId', 'capacity']).execute()).toEqual([{ id: offer, organisationId: keep, capacity: 25 }])
    expect(await store.db.selectFrom('actorRequests').select(['id', 'organisationId']).execute()).toEqual([{ id: request, organisationId: keep }])
    expect(await store.db.selectFrom('affiliations').select(['id', 'organisationId', 'personId', 'role']).execute()).toEqual([
      { id: affiliation, organisationId: keep, personId: helene, role: 'Gérante' },
    ])

    const detail = await getActor(store.db, { kind: 'organisation', id: keep })
    expect(detail.tags).toEqual(['Forum', 'Mentorat', 'Stages'])
    expect(detail.networks).toEqual(['CCI 94', 'Rotary Vincennes'])
    expect([...detail.fields].sort()).toEqual(['education', 'insertion_emploi'])
    expect(detail.timeline.map((event) => event.interactionId).filter(Boolean)).toEqual([movedEntry, keptEntry])
    // The shared tag, network and field: one row each, none left pointing anywhere else.
    expect(await store.db.selectFrom('actorTags').select(['organisationId', 'tagId']).where('organisationId', '=', keep).execute()).toHaveLength(3)
    expect(await count(store, 'actorTags')).toBe(4) // 3 on the kept record + 'Stages' on the lycée
    expect(await count(store, 'actorNetworks')).toBe(2)
    expect(await count(store, 'actorActionFields')).toBe(2)
    expect(await count(store, 'tags')).toBe(3)
    // The dismissal that named the removed record is gone with it.
    expect(await count(store, 'duplicateDismissals')).toBe(0)
    expect(await danglingLinks(store)).toEqual([])
  })

  it('copies the chosen fields from the removed record, its SIRET included, and keeps the others', async () => {
    const { store, keep, remove } = await twoOrganisations()
    await merge(store, 'organisation', keep, remove, ['siret', 'email', 'notes'])
    const row = await store.db.selectFrom('organisations').selectAll().where('id', '=', keep).executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      name: 'Boulangerie Dupont',
      siret: SIRET_REMOVE,
      // The SIREN goes with the SIRET it is part of.
      siren: SIRET_REMOVE.slice(0, 9),
      email: 'contact@dupond.fr',
      notes: 'Fournil ouvert aux visites de classes',
      phone: '+33143280000',
    })
    // The kept record's former SIRET is free: a new record may take it.
    await createOrganisation(store.db, { name: 'Repreneur', profileCode: 'entreprise', siret: SIRET_KEEP })
    // The removed record's SIRET now belongs to the kept one.
    await expect(createOrganisation(store.db, { name: 'Intrus', profileCode: 'entreprise', siret: SIRET_REMOVE })).rejects.toMatchObject({
      code: 'duplicate',
      details: { existing: { key: `o${keep}` } },
    })
    expect(await danglingLinks(store)).toEqual([])
  })

  it('removes the removed record from the search index and indexes the kept one under its new name', async () => {
    const { store, keep, remove } = await twoOrganisations()
    expect((await searchAll(store, 'zephyrin')).map((hit) => hit.actorKey)).toEqual([`o${remove}`])
    await merge(store, 'organisation', keep, remove, ['notes'])
    expect(await searchAll(store, 'zephyrin')).toEqual([])
    expect(await indexed(store, remove * 4)).toBe(0)
    expect((await searchAll(store, 'fournil')).map((hit) => hit.actorKey)).toEqual([`o${keep}`])
    expect(await searchAll(store, '952345676')).toEqual([])

    const second = await twoOrganisations()
    await merge(second.store, 'organisation', second.keep, second.remove, ['name'])
    expect((await searchAll(second.store, 'zephyrin')).map((hit) => hit.actorKey)).toEqual([`o${second.keep}`])
  })

  it('merges two people, including the journal entries where the removed one was the contact person', async () => {
    const { store, keep: organisation, other } = await twoOrganisations()
    const kept = await createPerson(store.db, { firstName: 'Hélène', lastName: 'Dupont', profileCode: 'parent', tags: ['Jury'] })
    const removed = await createPerson(store.db, { firstName: 'Helene', lastName: 'Dupont', profileCode: 'parent', email: 'helene.dupont@exemple.fr', jobTitle: 'Présidente FCPE', tags: ['jury', 'Parents'], networks: ['FCPE 94'] })
    const asContact = await addInteraction(store.db, { actor: `o${organisation}`, kind: 'rencontre', occurredOn: '2026-02-01', animator: 'Claire', summary: 'Réunion parents', contactPersonId: removed })
    const own = await addInteraction(store.db, { actor: `p${removed}`, kind: 'appel', occurredOn: '2026-02-03', animator: 'Claire', summary: 'Appel à Hélène' })
    const offer = await saveOffer(store.db, null, { actor: `p${removed}`, offerTypeCode: 'temoignage' })
    const request = await saveRequest(store.db, null, { actor: `p${removed}`, kind: 'stage', title: 'Stage de 3e pour sa fille' })
    const affiliation = await saveAffiliation(store.db, null, { personId: removed, organisationId: other, role: 'Parent délégué' })

    await merge(store, 'person', kept, removed, ['email', 'jobTitle'])

    expect(await store.db.selectFrom('people').select('id').execute()).toEqual(expect.not.arrayContaining([{ id: removed }]))
    const row = await store.db.selectFrom('people').selectAll().where('id', '=', kept).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ firstName: 'Hélène', email: 'helene.dupont@exemple.fr', jobTitle: 'Présidente FCPE' })
    expect(await store.db.selectFrom('interactions').select(['id', 'organisationId', 'personId', 'contactPersonId']).orderBy('id').execute()).toEqual([
      { id: asContact, organisationId: organisation, personId: null, contactPersonId: kept },
      { id: own, organisationId: null, personId: kept, contactPersonId: null },
    ])
    expect(await store.db.selectFrom('engagementOffers').select(['id', 'personId']).execute()).toEqual([{ id: offer, personId: kept }])
    expect(await store.db.selectFrom('actorRequests').select(['id', 'personId']).execute()).toEqual([{ id: request, personId: kept }])
    expect(await store.db.selectFrom('affiliations').select(['id', 'personId', 'organisationId']).execute()).toEqual([{ id: affiliation, personId: kept, organisationId: other }])
    const detail = await getActor(store.db, { kind: 'person', id: kept })
    expect(detail.tags).toEqual(['Jury', 'Parents'])
    expect(detail.networks).toEqual(['FCPE 94'])
    expect(detail.timeline.filter((event) => event.source === 'journal').map((event) => event.interactionId)).toEqual([own, asContact])
    expect(await store.db.selectFrom('actorTags').select('id').where('personId', '=', kept).execute()).toHaveLength(2)
    expect((await searchAll(store, 'presidente fcpe')).map((hit) => hit.actorKey)).toEqual([`p${kept}`])
    expect(await indexed(store, removed * 4 + 1)).toBe(0)
    expect(await danglingLinks(store)).toEqual([])
  })

  it('refuses the same record twice, an unknown field or a missing record, and changes nothing', async () => {
    const { store, keep, remove } = await twoOrganisations()
    await addInteraction(store.db, { actor: `o${remove}`, kind: 'appel', occurredOn: '2026-02-05', animator: 'Claire', summary: 'Appel' })
    expect((await caught(merge(store, 'organisation', keep, keep))).code).toBe('invalid_input')
    const unknown = await caught(merge(store, 'organisation', keep, remove, ['siret', 'createdAt']))
    expect(unknown.code).toBe('invalid_input')
    expect(unknown.message).toContain('createdAt')
    expect((await caught(merge(store, 'organisation', keep, 999, ['siret']))).code).toBe('not_found')
    expect((await caught(merge(store, 'person', 998, 999))).code).toBe('not_found')
    expect(await store.db.selectFrom('organisations').select(['id', 'siret']).where('id', 'in', [keep, remove]).orderBy('id').execute()).toEqual([
      { id: keep, siret: SIRET_KEEP },
      { id: remove, siret: SIRET_REMOVE },
    ])
    expect(await store.db.selectFrom('interactions').select('organisationId').execute()).toEqual([{ organisationId: remove }])
  })

  it('rolls the whole merge back when the transaction fails after it', async () => {
    const { store, keep, remove } = await twoOrganisations()
    await addInteraction(store.db, { actor: `o${remove}`, kind: 'appel', occurredOn: '2026-02-05', animator: 'Claire', summary: 'Appel' })
    await expect(
      store.db.transaction().execute(async (trx) => {
        await mergeActors(trx, 'organisation', keep, remove, ['siret'])
        throw new Error('panne')
      }),
    ).rejects.toThrow('panne')
    expect(await store.db.selectFrom('organisations').select(['id', 'siret']).where('id', 'in', [keep, remove]).orderBy('id').execute()).toEqual([
      { id: keep, siret: SIRET_KEEP },
      { id: remove, siret: SIRET_REMOVE },
    ])
    expect(await store.db.selectFrom('interactions').select('organisationId').execute()).toEqual([{ organisationId: remove }])
    expect((await searchAll(store, 'zephyrin')).map((hit) => hit.actorKey)).toEqual([`o${remove}`])
  })
})

describe('mergeActors and affiliations', () => {
  it('keeps a single affiliation when both people belonged to the same organisation', async () => {
    const store = await testStore()
    const org = await insertRow(store, "insert into organisations (name, profile_code) values ('Lycée', 'education')")
    const a = await insertRow(store, "insert into people (first_name, last_name, profile_code) values ('Anne', 'Roy', 'education')")
    const b = await insertRow(store, "insert into people (first_name, last_name, profile_code) values ('Anne', 'Roy', 'education')")
    await runSql(store, "insert into affiliations (person_id, organisation_id, role) values (?, ?, 'Professeure')", a, org)
    await runSql(store, "insert into affiliations (person_id, organisation_id, role) values (?, ?, 'Professeure')", b, org)
    await mergeActors(store.db, 'person', a, b, [])
    expect(await queryRows(store, 'select person_id from affiliations')).toEqual([{ person_id: a }])
  })
})
