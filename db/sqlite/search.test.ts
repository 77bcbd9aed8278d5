import { describe, expect, it } from 'vitest'
import { tempStore } from '../../tests/helpers/temp'
import { addInteraction, deleteInteraction, updateInteraction } from '../actors/journal'
import { createOrganisation, createPerson, deleteActor, updateOrganisation, updatePerson } from '../actors/records'
import { saveAffiliation } from '../actors/engagement'
import { searchAll } from './search'

const keys = (hits: { actorKey: string }[]) => hits.map((hit) => hit.actorKey)

async function directory() {
  const store = await tempStore()
  const boulangerie = await createOrganisation(store.db, { name: 'Boulangerie Au Cœur de Vincennes', profileCode: 'entreprise', townCode: '94080', siret: '94123456900015' })
  const lycee = await createOrganisation(store.db, { name: 'Lycée Louis Armand', profileCode: 'education', townCode: '94052', notes: 'Projet d’été avec la boulangerie voisine' })
  const club = await createOrganisation(store.db, { name: 'Club Gravelle Entreprendre', profileCode: 'association', townCode: '94018', email: 'contact@gravelle.fr' })
  const helene = await createPerson(store.db, { firstName: 'Hélène', lastName: 'Marchand', profileCode: 'parent', townCode: '94033', jobTitle: 'Présidente FCPE' })
  const karim = await createPerson(store.db, { firstName: 'Karim', lastName: 'Benali', profileCode: 'parent', outsideTown: 'Créteil' })
  await saveAffiliation(store.db, null, { personId: karim, organisationId: club, role: 'Trésorier' })
  return { store, boulangerie, lycee, club, helene, karim }
}

describe('searchAll', () => {
  it('finds names whatever their accents, case and ligatures', async () => {
    const { store, boulangerie, helene, lycee } = await directory()
    expect(keys(searchAll(store.sqlite, 'helene'))).toEqual([`p${helene}`])
    expect(keys(searchAll(store.sqlite, 'HÉLÈNE marchand'))).toEqual([`p${helene}`])
    expect(keys(searchAll(store.sqlite, 'coeur'))).toEqual([`o${boulangerie}`])
    expect(keys(searchAll(store.sqlite, 'cœur'))).toEqual([`o${boulangerie}`])
    expect(keys(searchAll(store.sqlite, 'ETE'))).toEqual([`o${lycee}`])
    expect(keys(searchAll(store.sqlite, 'lycee'))).toEqual([`o${lycee}`])
  })

  it('matches word prefixes, every word required', async () => {
    const { store, boulangerie, lycee } = await directory()
    expect(keys(searchAll(store.sqlite, 'boul'))).toEqual([`o${boulangerie}`, `o${lycee}`])
    expect(keys(searchAll(store.sqlite, 'boul vinc'))).toEqual([`o${boulangerie}`])
    expect(keys(searchAll(store.sqlite, 'boul armand'))).toEqual([`o${lycee}`])
    expect(searchAll(store.sqlite, 'boul gravelle')).toEqual([])
    expect(searchAll(store.sqlite, 'oulangerie')).toEqual([])
  })

  it('ranks a name match above a match in the notes only', async () => {
    const { store, boulangerie, lycee } = await directory()
    const hits = searchAll(store.sqlite, 'boulangerie')
    expect(keys(hits)).toEqual([`o${boulangerie}`, `o${lycee}`])
    expect(hits[0]!.score).toBeLessThan(hits[1]!.score)
    // The same holds when the notes-only record was created first, says the word twice in short
    // notes, and the name is long.
    const store2 = (await directory()).store
    const notesFirst = await createOrganisation(store2.db, { name: 'Mairie annexe', profileCode: 'collectivite', notes: 'Forum ; forum' })
    const named = await createOrganisation(store2.db, { name: 'Comité d’organisation du forum des métiers de Vincennes et de Fontenay-sous-Bois', profileCode: 'association' })
    expect(keys(searchAll(store2.sqlite, 'forum'))).toEqual([`o${named}`, `o${notesFirst}`])
  })

  it('describes each hit for the search box', async () => {
    const { store, boulangerie, karim } = await directory()
    expect(searchAll(store.sqlite, 'boulangerie cœur')).toEqual([
      { kind: 'organisation', actorKey: `o${boulangerie}`, link: `/acteurs/o${boulangerie}`, title: 'Boulangerie Au Cœur de Vincennes', subtitle: 'Entreprises · Vincennes', score: expect.any(Number) },
    ])
    expect(searchAll(store.sqlite, 'benali')).toEqual([
      { kind: 'person', actorKey: `p${karim}`, link: `/acteurs/p${karim}`, title: 'Karim Benali', subtitle: 'Club Gravelle Entreprendre · Créteil', score: expect.any(Number) },
    ])
  })

  it('finds identifiers, emails and job titles', async () => {
    const { store, boulangerie, club, helene } = await directory()
    expect(keys(searchAll(store.sqlite, '94123456900015'))).toEqual([`o${boulangerie}`])
    expect(keys(searchAll(store.sqlite, '941234569'))).toEqual([`o${boulangerie}`])
    expect(keys(searchAll(store.sqlite, 'contact@gravelle.fr'))).toEqual([`o${club}`])
    expect(keys(searchAll(store.sqlite, 'présidente fcpe'))).toEqual([`p${helene}`])
  })

  it('finds a journal entry by its summary and points to its actor', async () => {
    const { store, club, karim } = await directory()
    const onOrganisation = await addInteraction(store.db, {
      actor: `o${club}`,
      kind: 'rencontre',
      occurredOn: '2026-03-12',
      animator: 'Claire',
      summary: 'Préparation du petit-déjeuner des entrepreneurs',
      nextStep: 'Réserver la salle des fêtes',
    })
    await addInteraction(store.db, { actor: `p${karim}`, kind: 'appel', occurredOn: '2026-03-13', animator: 'Claire', summary: 'Disponibilités pour le jury' })
    const hits = searchAll(store.sqlite, 'petit dejeuner')
    expect(hits).toEqual([
      {
        kind: 'interaction',
        actorKey: `o${club}`,
        link: `/acteurs/o${club}`,
        title: 'Club Gravelle Entreprendre — échange du 12/03/2026',
        subtitle: 'Préparation du petit-déjeuner des entrepreneurs',
        score: expect.any(Number),
      },
    ])
    expect(keys(searchAll(store.sqlite, 'salle fetes'))).toEqual([`o${club}`])
    expect(searchAll(store.sqlite, 'jury')).toMatchObject([{ kind: 'interaction', actorKey: `p${karim}`, title: 'Karim Benali — échange du 13/03/2026' }])

    await updateInteraction(store.db, onOrganisation, { actor: `o${club}`, kind: 'rencontre', occurredOn: '2026-03-12', animator: 'Claire', summary: 'Bilan du salon' })
    expect(searchAll(store.sqlite, 'dejeuner')).toEqual([])
    expect(searchAll(store.sqlite, 'salle')).toEqual([])
    expect(keys(searchAll(store.sqlite, 'bilan salon'))).toEqual([`o${club}`])
    await deleteInteraction(store.db, onOrganisation)
    expect(searchAll(store.sqlite, 'bilan')).toEqual([])
  })

  it('shortens a long summary in the subtitle', async () => {
    const { store, club } = await directory()
    await addInteraction(store.db, { actor: `o${club}`, kind: 'email', occurredOn: '2026-03-12', animator: 'Claire', summary: `Kermesse ${'très '.repeat(60)}longue` })
    const [hit] = searchAll(store.sqlite, 'kermesse')
    expect(hit!.subtitle).toHaveLength(118)
    expect(hit!.subtitle.endsWith('…')).toBe(true)
  })

  it('follows updates: the old name is no longer found, the new one is', async () => {
    const { store, lycee, helene } = await directory()
    await updateOrganisation(store.db, lycee, { name: 'Lycée polyvalent Édouard Branly', profileCode: 'education', townCode: '94052' })
    expect(searchAll(store.sqlite, 'armand')).toEqual([])
    // The notes were emptied by the update too.
    expect(searchAll(store.sqlite, 'ete')).toEqual([])
    expect(keys(searchAll(store.sqlite, 'edouard branly'))).toEqual([`o${lycee}`])
    await updatePerson(store.db, helene, { firstName: 'Hélène', lastName: 'Lefèvre', profileCode: 'parent' })
    expect(searchAll(store.sqlite, 'marchand')).toEqual([])
    expect(keys(searchAll(store.sqlite, 'lefevre'))).toEqual([`p${helene}`])
    // Changed outside the data functions, straight in SQL: the triggers still follow.
    store.sqlite.prepare("update organisations set name = 'Collège Jean Macé' where id = ?").run(lycee)
    expect(searchAll(store.sqlite, 'branly')).toEqual([])
    expect(keys(searchAll(store.sqlite, 'mace'))).toEqual([`o${lycee}`])
  })

  it('follows deletes: a deleted record and its journal are no longer found', async () => {
    const { store, boulangerie, karim, club } = await directory()
    await addInteraction(store.db, { actor: `o${boulangerie}`, kind: 'visite', occurredOn: '2026-03-12', animator: 'Claire', summary: 'Visite du fournil' })
    await deleteActor(store.db, { kind: 'organisation', id: boulangerie })
    await deleteActor(store.db, { kind: 'person', id: karim })
    expect(searchAll(store.sqlite, 'coeur')).toEqual([])
    expect(searchAll(store.sqlite, 'fournil')).toEqual([])
    expect(searchAll(store.sqlite, 'benali')).toEqual([])
    // Nothing is left in the index itself either (the hits are not just filtered out on the way).
    const indexed = store.sqlite.prepare("select rowid from search_index where search_index match '\"fournil\"* OR \"coeur\"* OR \"benali\"*'").pluck().all()
    expect(indexed).toEqual([])
    expect(keys(searchAll(store.sqlite, 'gravelle'))).toEqual([`o${club}`])
  })

  it('returns nothing for one-letter or empty queries', async () => {
    const { store } = await directory()
    for (const query of ['', '   ', 'a', 'B', 'é', "l'", '-', '*']) expect(searchAll(store.sqlite, query)).toEqual([])
  })

  it('never throws on FTS syntax typed in the search box', async () => {
    const { store, club } = await directory()
    const hostile = [
      '"',
      '"gravelle',
      'gravelle"',
      'NEAR(',
      'NEAR(gravelle club, 2)',
      '*',
      'grav*',
      'OR',
      'club OR',
      'AND NOT',
      '-gravelle',
      'club - gravelle',
      '^club',
      'title:club',
      'body : x',
      '{title body}: club',
      '(club',
      "club')",
      '; drop table organisations; --',
      '\u0000club',
      '🙂 club',
      'x'.repeat(200),
    ]
    for (const query of hostile) expect(() => searchAll(store.sqlite, query), query).not.toThrow()
    expect(keys(searchAll(store.sqlite, '"gravelle'))).toEqual([`o${club}`])
    expect(keys(searchAll(store.sqlite, 'NEAR(gravelle club, 2)'))).toEqual([])
    expect(keys(searchAll(store.sqlite, 'grav*'))).toEqual([`o${club}`])
    expect(keys(searchAll(store.sqlite, 'title:club'))).toEqual([])
    expect(keys(searchAll(store.sqlite, '-gravelle'))).toEqual([`o${club}`])
    expect(store.sqlite.prepare('select count(*) from organisations').pluck().get()).toBe(3)
  })

  it('respects the limit', async () => {
    const store = await tempStore()
    for (let i = 0; i < 30; i++) await createOrganisation(store.db, { name: `Association sportive ${i}`, profileCode: 'association' })
    expect(searchAll(store.sqlite, 'sportive')).toHaveLength(20)
    expect(searchAll(store.sqlite, 'sportive', 5)).toHaveLength(5)
  })
})
