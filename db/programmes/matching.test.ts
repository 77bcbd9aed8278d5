import { describe, expect, it } from 'vitest'
import { testStore } from '../../tests/helpers/temp'
import { saveOffer, saveRequest } from '../actors/engagement'
import { addInteraction } from '../actors/journal'
import { createOrganisation, createPerson } from '../actors/records'
import { createEdition, getEdition } from './editions'
import { saveSession } from './sessions'
import { contactCandidate, deleteCandidate, getRequestMatching, listRequests, rankOffers, recordResponse } from './matching'
import { caught } from '../../tests/helpers/errors'

const TODAY = '2025-11-24'

/** A school in Vincennes asks for speakers for its 3e; offers built by hand to test each criterion. */
async function setup() {
  const store = await testStore()
  const org = (name: string, townCode: string | null, profileCode = 'entreprise') => createOrganisation(store.db, { name, profileCode, townCode })
  const school = await org('Collège Saint-Exupéry (test)', '94080', 'education')
  const perfect = await org('A — même commune, niveau, capacité', '94080')
  const elsewhere = await org('B — autre commune', '94017')
  const openLevels = await org('C — tous niveaux, même commune', '94080')
  const wrongLevel = await org('D — autre niveau, même commune', '94080')
  const full = await org('E — capacité épuisée', '94080')
  const unrelated = await org('F — accueil de stagiaires seulement', '94080')
  const veteran = await org('G — autre commune, déjà très engagée', '94017')
  const speaker = await createPerson(store.db, { firstName: 'Hélène', lastName: 'Martin', profileCode: 'entreprise', townCode: '94080' })
  const offer = (actor: string, offerTypeCode: string, capacity: number | null, schoolLevels: string[] = []) => saveOffer(store.db, null, { actor, offerTypeCode, capacity, schoolLevels })
  const offers = {
    perfect: await offer(`o${perfect}`, 'temoignage', 5, ['3e', 'seconde']),
    elsewhere: await offer(`o${elsewhere}`, 'intervention', 5, ['3e']),
    openLevels: await offer(`o${openLevels}`, 'simulation_entretiens', 5),
    wrongLevel: await offer(`o${wrongLevel}`, 'temoignage', 5, ['bts']),
    full: await offer(`o${full}`, 'temoignage', 1, ['3e']),
    unrelated: await offer(`o${unrelated}`, 'accueil_stagiaires', 5, ['3e']),
    veteran: await offer(`o${veteran}`, 'temoignage', 5, ['3e']),
    speaker: await offer(`p${speaker}`, 'temoignage', null, ['3e']),
    inactive: await saveOffer(store.db, null, { actor: `o${perfect}`, offerTypeCode: 'intervention', capacity: 9, schoolLevels: ['3e'], active: false }),
  }
  const request = await saveRequest(store.db, null, { actor: `o${school}`, kind: 'intervenants', title: 'Intervenants pour les 3e', schoolLevel: '3e', quantity: 3, wantedOn: '2026-01-15' })
  return { store, school, perfect, elsewhere, openLevels, wrongLevel, full, unrelated, veteran, speaker, offers, request }
}

const contact = (requestId: number, actor: string, offerId: number | null = null, contactedOn = '2025-11-24') => ({
  requestId,
  actor,
  offerId,
  contactedOn,
  animator: 'Camille Laurent',
  kind: 'appel' as const,
})

describe('matching a request with offers', () => {
  it('ranks the offers by type, level, town, capacity left and past engagement', async () => {
    const { store, school, full, veteran, offers, request } = await setup()
    // Offer E already gave its only place this school year (to another request).
    const other = await saveRequest(store.db, null, { actor: `o${school}`, kind: 'intervenants', title: 'Forum', schoolLevel: '3e', quantity: 1 })
    const taken = await contactCandidate(store.db, contact(other, `o${full}`, offers.full, '2025-10-01'))
    await recordResponse(store.db, { candidateId: taken.candidateId, response: 'accepte', quantity: 1 }, TODAY)
    // G took part in two sessions and has journal entries: its engagement lifts it above B.
    const q2er = (await store.db.selectFrom('programmes').select('id').where('code', '=', 'q2er').executeTakeFirstOrThrow()).id
    const edition = await createEdition(store.db, { programmeId: q2er, schoolYear: '2024-2025', from: 'template' })
    const step = (await getEdition(store.db, edition)).sequences[1]!
    for (const heldOn of ['2024-11-12', '2025-01-14']) await saveSession(store.db, null, { sequenceId: step.id, heldOn, status: 'realisee', participants: [{ actor: `o${veteran}`, role: 'entreprise' }] })
    await addInteraction(store.db, { actor: `o${veteran}`, kind: 'rencontre', occurredOn: '2025-06-01', animator: 'Samir Haddad', summary: 'Bilan Q2ER' })

    const ranked = await rankOffers(store.db, request, TODAY)
    expect(ranked.map((row) => [row.actorName, row.score])).toEqual([
      ['A — même commune, niveau, capacité', 95], // type 40 + level 25 + town 15 + capacity 15
      ['G — autre commune, déjà très engagée', 89], // 40 + 25 + 15 + two sessions (8) and one journal entry (1)
      ['Hélène Martin', 85], // 40 + 25 + 15 + capacity not given (5)
      ['B — autre commune', 80], // 40 + 25 + 15
      ['C — tous niveaux, même commune', 80], // 40 + all levels (10) + 15 + 15
      ['D — autre niveau, même commune', 70], // 40 + 0 + 15 + 15
      ['E — capacité épuisée', -15], // 40 + 25 + 15 - 100 + one accepted candidacy (4) and its journal entry (1)
    ])
    const [first] = ranked
    expect(first).toMatchObject({ offerId: offers.perfect, levelFit: 'oui', sameTown: true, capacityLeft: 5, offerTypeLabel: 'Témoignage métier / carrière' })
    expect(first!.reasons).toEqual(['Offre adaptée : Témoignage métier / carrière', 'Niveau 3e accepté', 'Même commune : Vincennes', 'Capacité restante : 5'])
    expect(ranked.find((row) => row.actorName.startsWith('G'))!.reasons.at(-1)).toBe('Déjà engagé : 2 participations, 1 échange')
    expect(ranked.find((row) => row.actorName.startsWith('E'))!).toMatchObject({ capacityLeft: 0 })
    // Neither the inactive offer, nor the offer of another type, nor the requester itself.
    expect(ranked.map((row) => row.offerId)).not.toContain(offers.inactive)
    expect(ranked.map((row) => row.offerId)).not.toContain(offers.unrelated)
  })

  it('contacts candidates through the journal, and the request’s status follows the answers', async () => {
    const { store, perfect, elsewhere, speaker, school, offers, request } = await setup()
    const status = async () => (await store.db.selectFrom('actorRequests').select('status').where('id', '=', request).executeTakeFirstOrThrow()).status
    expect(await status()).toBe('ouverte')

    const a = await contactCandidate(store.db, { ...contact(request, `o${perfect}`, offers.perfect), followUpOn: '2025-12-01' })
    expect(a.status).toBe('en_cours')
    const entry = await store.db.selectFrom('interactions').selectAll().where('id', '=', a.interactionId).executeTakeFirstOrThrow()
    expect(entry).toMatchObject({
      organisationId: perfect,
      kind: 'appel',
      animator: 'Camille Laurent',
      occurredOn: '2025-11-24',
      summary: 'Sollicité pour la demande « Intervenants pour les 3e » de Collège Saint-Exupéry (test) (Intervenants en classe, 3e, 3 demandés).',
      nextStepDueOn: '2025-12-01',
      nextStepDoneOn: null,
    })
    // Contacted once per request; the requester cannot be its own candidate.
    expect((await caught(contactCandidate(store.db, contact(request, `o${perfect}`)))).code).toBe('duplicate')
    expect((await caught(contactCandidate(store.db, contact(request, `o${school}`)))).message).toMatch(/propre demande/)
    expect((await caught(contactCandidate(store.db, contact(request, `o${elsewhere}`, offers.perfect)))).message).toMatch(/pas celle de l'acteur/)
    // Contacted actors leave the ranking.
    expect((await rankOffers(store.db, request, TODAY)).map((row) => row.actorKey)).not.toContain(`o${perfect}`)

    const b = await contactCandidate(store.db, contact(request, `o${elsewhere}`, offers.elsewhere))
    const c = await contactCandidate(store.db, contact(request, `p${speaker}`, offers.speaker))
    expect((await recordResponse(store.db, { candidateId: a.candidateId, response: 'accepte', quantity: 2 }, TODAY)).status).toBe('en_cours')
    const done = await store.db.selectFrom('interactions').select('nextStepDoneOn').where('id', '=', a.interactionId).executeTakeFirstOrThrow()
    expect(done.nextStepDoneOn).toBe(TODAY)
    expect((await recordResponse(store.db, { candidateId: b.candidateId, response: 'refuse' }, TODAY)).status).toBe('en_cours')
    // 2 + 1 accepted: the 3 asked are found.
    expect((await recordResponse(store.db, { candidateId: c.candidateId, response: 'accepte', quantity: 1 }, TODAY)).status).toBe('satisfaite')
    const [row] = await listRequests(store.db, {})
    expect(row).toMatchObject({ id: request, status: 'satisfaite', contacted: 3, accepted: 3, requesterName: 'Collège Saint-Exupéry (test)', town: 'Vincennes' })
    // An answer taken back: the request is in progress again; no candidate left: open again.
    expect((await recordResponse(store.db, { candidateId: c.candidateId, response: 'en_attente' }, TODAY)).status).toBe('en_cours')
    for (const id of [a.candidateId, b.candidateId, c.candidateId]) await deleteCandidate(store.db, id)
    expect(await status()).toBe('ouverte')
  })

  it('satisfies a request without quantity at the first acceptance, and leaves an abandoned one alone', async () => {
    const { store, school, perfect, elsewhere, offers } = await setup()
    const visit = await saveRequest(store.db, null, { actor: `o${school}`, kind: 'intervenants', title: 'Un intervenant', schoolLevel: '3e' })
    const first = await contactCandidate(store.db, contact(visit, `o${perfect}`, offers.perfect))
    expect((await recordResponse(store.db, { candidateId: first.candidateId, response: 'accepte' }, TODAY)).status).toBe('satisfaite')
    const matching = await getRequestMatching(store.db, visit, TODAY)
    expect(matching.request.acceptedQuantity).toBe(1)
    expect(matching.candidates.map((row) => [row.actorName, row.response, row.offerTypeLabel])).toEqual([['A — même commune, niveau, capacité', 'accepte', 'Témoignage métier / carrière']])

    const abandoned = await saveRequest(store.db, null, { actor: `o${school}`, kind: 'intervenants', title: 'Abandonnée', status: 'abandonnee' })
    expect((await caught(contactCandidate(store.db, contact(abandoned, `o${elsewhere}`)))).code).toBe('conflict')
  })
})
