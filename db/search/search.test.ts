import { describe, expect, it } from 'vitest'
import { queryValue, runSql, testStore } from '../../tests/helpers/temp'
import { addInteraction, deleteInteraction, updateInteraction } from '../actors/journal'
import { createOrganisation, createPerson, deleteActor, updateOrganisation, updatePerson } from '../actors/records'
import { saveAffiliation } from '../actors/engagement'
import type { Store } from '../backend'

// The global search, on either engine (SQLite's FTS5, PostgreSQL's tsvector: the same rules and,
// for every query that finds records holding its words, the same results).

const keys = (hits: { actorKey: string }[]) => hits.map((hit) => hit.actorKey)
const searchAll = (store: Store, query: string, limit = 20) => store.backend.search(query, limit)

async function directory() {
  const store = await testStore()
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
    expect(keys(await searchAll(store, 'helene'))).toEqual([`p${helene}`])
    expect(keys(await searchAll(store, 'HÉLÈNE marchand'))).toEqual([`p${helene}`])
    expect(keys(await searchAll(store, 'coeur'))).toEqual([`o${boulangerie}`])
    expect(keys(await searchAll(store, 'cœur'))).toEqual([`o${boulangerie}`])
    expect(keys(await searchAll(store, 'ETE'))).toEqual([`o${lycee}`])
    expect(keys(await searchAll(store, 'lycee'))).toEqual([`o${lycee}`])
  })

  it('matches word prefixes, every word required', async () => {
    const { store, boulangerie, lycee } = await directory()
    expect(keys(await searchAll(store, 'boul'))).toEqual([`o${boulangerie}`, `o${lycee}`])
    expect(keys(await searchAll(store, 'boul vinc'))).toEqual([`o${boulangerie}`])
    expect(keys(await searchAll(store, 'boul armand'))).toEqual([`o${lycee}`])
    expect(await searchAll(store, 'boul gravelle')).toEqual([])
    // Not inside a word: SQLite finds nothing; PostgreSQL offers the name as a near match (below).
    expect(keys(await searchAll(store, 'oulangerie'))).toEqual(store.kind === 'postgres' ? [`o${boulangerie}`] : [])
  })

  it('ranks a name match above a match in the notes only', async () => {
    const { store, boulangerie, lycee } = await directory()
    const hits = await searchAll(store, 'boulangerie')
    expect(keys(hits)).toEqual([`o${boulangerie}`, `o${lycee}`])
    expect(hits[0]!.score).toBeLessThan(hits[1]!.score)
    // The same holds when the notes-only record was created first, says the word twice in short
    // notes, and the name is long.
    const store2 = (await directory()).store
    const notesFirst = await createOrganisation(store2.db, { name: 'Mairie annexe', profileCode: 'collectivite', notes: 'Forum ; forum' })
    const named = await createOrganisation(store2.db, { name: 'Comité d’organisation du forum des métiers de Vincennes et de Fontenay-sous-Bois', profileCode: 'association' })
    expect(keys(await searchAll(store2, 'forum'))).toEqual([`o${named}`, `o${notesFirst}`])
  })

  it('describes each hit for the search box', async () => {
    const { store, boulangerie, karim } = await directory()
    expect(await searchAll(store, 'boulangerie cœur')).toEqual([
      { kind: 'organisation', actorKey: `o${boulangerie}`, link: `/acteurs/o${boulangerie}`, title: 'Boulangerie Au Cœur de Vincennes', subtitle: 'Entreprises · Vincennes', score: expect.any(Number) },
    ])
    expect(await searchAll(store, 'benali')).toEqual([
      { kind: 'person', actorKey: `p${karim}`, link: `/acteurs/p${karim}`, title: 'Karim Benali', subtitle: 'Club Gravelle Entreprendre · Créteil', score: expect.any(Number) },
    ])
    // Organisations in the order the person joined them.
    await saveAffiliation(store.db, null, { personId: karim, organisationId: boulangerie, role: 'Client' })
    expect((await searchAll(store, 'benali'))[0]!.subtitle).toBe('Club Gravelle Entreprendre, Boulangerie Au Cœur de Vincennes · Créteil')
  })

  it('finds identifiers, emails and job titles', async () => {
    const { store, boulangerie, club, helene } = await directory()
    expect(keys(await searchAll(store, '94123456900015'))).toEqual([`o${boulangerie}`])
    expect(keys(await searchAll(store, '941234569'))).toEqual([`o${boulangerie}`])
    expect(keys(await searchAll(store, 'contact@gravelle.fr'))).toEqual([`o${club}`])
    expect(keys(await searchAll(store, 'présidente fcpe'))).toEqual([`p${helene}`])
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
    const hits = await searchAll(store, 'petit dejeuner')
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
    expect(keys(await searchAll(store, 'salle fetes'))).toEqual([`o${club}`])
    expect(await searchAll(store, 'jury')).toMatchObject([{ kind: 'interaction', actorKey: `p${karim}`, title: 'Karim Benali — échange du 13/03/2026' }])

    await updateInteraction(store.db, onOrganisation, { actor: `o${club}`, kind: 'rencontre', occurredOn: '2026-03-12', animator: 'Claire', summary: 'Bilan du salon' })
    expect(await searchAll(store, 'dejeuner')).toEqual([])
    expect(await searchAll(store, 'salle')).toEqual([])
    expect(keys(await searchAll(store, 'bilan salon'))).toEqual([`o${club}`])
    await deleteInteraction(store.db, onOrganisation)
    expect(await searchAll(store, 'bilan')).toEqual([])
  })

  it('shortens a long summary in the subtitle', async () => {
    const { store, club } = await directory()
    await addInteraction(store.db, { actor: `o${club}`, kind: 'email', occurredOn: '2026-03-12', animator: 'Claire', summary: `Kermesse ${'très '.repeat(60)}longue` })
    const [hit] = await searchAll(store, 'kermesse')
    expect(hit!.subtitle).toHaveLength(118)
    expect(hit!.subtitle.endsWith('…')).toBe(true)
  })

  it('follows updates: the old name is no longer found, the new one is', async () => {
    const { store, lycee, helene } = await directory()
    await updateOrganisation(store.db, lycee, { name: 'Lycée polyvalent Édouard Branly', profileCode: 'education', townCode: '94052' })
    expect(await searchAll(store, 'armand')).toEqual([])
    // The notes were emptied by the update too.
    expect(await searchAll(store, 'ete')).toEqual([])
    expect(keys(await searchAll(store, 'edouard branly'))).toEqual([`o${lycee}`])
    await updatePerson(store.db, helene, { firstName: 'Hélène', lastName: 'Lefèvre', profileCode: 'parent' })
    expect(await searchAll(store, 'marchand')).toEqual([])
    expect(keys(await searchAll(store, 'lefevre'))).toEqual([`p${helene}`])
    // Changed outside the data functions, straight in SQL: the triggers still follow.
    await runSql(store, "update organisations set name = 'Collège Jean Macé' where id = ?", lycee)
    expect(await searchAll(store, 'branly')).toEqual([])
    expect(keys(await searchAll(store, 'mace'))).toEqual([`o${lycee}`])
  })

  it('follows deletes: a deleted record and its journal are no longer found', async () => {
    const { store, boulangerie, karim, club } = await directory()
    const entry = await addInteraction(store.db, { actor: `o${boulangerie}`, kind: 'visite', occurredOn: '2026-03-12', animator: 'Claire', summary: 'Visite du fournil' })
    await deleteActor(store.db, { kind: 'organisation', id: boulangerie })
    await deleteActor(store.db, { kind: 'person', id: karim })
    expect(await searchAll(store, 'coeur')).toEqual([])
    expect(await searchAll(store, 'fournil')).toEqual([])
    expect(await searchAll(store, 'benali')).toEqual([])
    // Nothing is left in the index itself either (the hits are not just filtered out on the way).
    const rowId = store.kind === 'sqlite' ? 'rowid' : 'row_id'
    expect(await queryValue(store, `select count(*) from search_index where ${rowId} in (?, ?, ?)`, boulangerie * 4, karim * 4 + 1, entry * 4 + 2)).toBe(0)
    expect(keys(await searchAll(store, 'gravelle'))).toEqual([`o${club}`])
  })

  it('returns nothing for one-letter or empty queries', async () => {
    const { store } = await directory()
    for (const query of ['', '   ', 'a', 'B', 'é', "l'", '-', '*']) expect(await searchAll(store, query)).toEqual([])
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
    for (const query of hostile) await expect(searchAll(store, query), query).resolves.toBeInstanceOf(Array)
    expect(keys(await searchAll(store, '"gravelle'))).toEqual([`o${club}`])
    expect(keys(await searchAll(store, 'NEAR(gravelle club, 2)'))).toEqual([])
    expect(keys(await searchAll(store, 'grav*'))).toEqual([`o${club}`])
    expect(keys(await searchAll(store, 'title:club'))).toEqual([])
    expect(keys(await searchAll(store, '-gravelle'))).toEqual([`o${club}`])
    expect(await queryValue(store, 'select count(*) from organisations')).toBe(3)
  })

  it('finds names written in any script', async () => {
    const store = await testStore()
    const ivan = await createPerson(store.db, { firstName: 'Иван', lastName: 'Петров', profileCode: 'parent' })
    const eleni = await createPerson(store.db, { firstName: 'Ελένη', lastName: 'Παπαδοπούλου', profileCode: 'parent' })
    const twinning = await createOrganisation(store.db, { name: 'Jumelage Vincennes – 東京', profileCode: 'association' })
    expect(keys(await searchAll(store, 'иван'))).toEqual([`p${ivan}`])
    expect(keys(await searchAll(store, 'ПЕТР'))).toEqual([`p${ivan}`])
    expect(keys(await searchAll(store, 'ελενη παπα'))).toEqual([`p${eleni}`])
    expect(keys(await searchAll(store, '東京'))).toEqual([`o${twinning}`])
  })

  it('offers names near every word when no record holds them all: on PostgreSQL (pg_trgm), not on SQLite', async () => {
    const { store, boulangerie, helene, lycee } = await directory()
    const near = (expected: string[]) => (store.kind === 'postgres' ? expected : [])
    expect(keys(await searchAll(store, 'boulangrie'))).toEqual(near([`o${boulangerie}`]))
    expect(keys(await searchAll(store, 'marchant helene'))).toEqual(near([`p${helene}`]))
    expect(keys(await searchAll(store, 'lycée louis armant'))).toEqual(near([`o${lycee}`]))
    // Every word must be near a word of the name; the notes and the journal are not searched so.
    expect(await searchAll(store, 'boul gravelle')).toEqual([])
    expect(await searchAll(store, 'voisinne')).toEqual([])
    // A record holding every word: the exact matches alone, ranked as usual.
    expect(keys(await searchAll(store, 'boulanger'))).toEqual([`o${boulangerie}`, `o${lycee}`])
    // The nearest name first.
    const closer = await createOrganisation(store.db, { name: 'Boulangerie Martin', profileCode: 'entreprise' })
    expect(keys(await searchAll(store, 'boulangrie martin'))).toEqual(near([`o${closer}`]))
    expect(keys(await searchAll(store, 'boulangrie'))).toEqual(near([`o${closer}`, `o${boulangerie}`]))
  })

  it('respects the limit', async () => {
    const store = await testStore()
    for (let i = 0; i < 30; i++) await createOrganisation(store.db, { name: `Association sportive ${i}`, profileCode: 'association' })
    expect(await searchAll(store, 'sportive')).toHaveLength(20)
    expect(await searchAll(store, 'sportive', 5)).toHaveLength(5)
  })
})
