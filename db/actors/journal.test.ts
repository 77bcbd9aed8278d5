import { describe, expect, it } from 'vitest'
import { storeWithActors } from '../../tests/helpers/temp'
import type { Store } from '../sqlite/connection'
import { getActor } from './detail'
import { saveAffiliation } from './engagement'
import { addInteraction, completeNextStep, listAnimators, listFollowUps, updateInteraction } from './journal'
import type { InteractionInput } from './schemas'
import { caught } from '../../tests/helpers/errors'

function setup() {
  return storeWithActors({
    lycee: { name: 'Lycée Louis Armand', profileCode: 'education', townCode: '94052' },
    club: { name: 'Club Gravelle Entreprendre', profileCode: 'association', townCode: '94018' },
    karim: { firstName: 'Karim', lastName: 'Benali', profileCode: 'parent' },
    helene: { firstName: 'Hélène', lastName: 'Dupont', profileCode: 'parent' },
  })
}

function entry(actor: string, values: Partial<InteractionInput> = {}): InteractionInput {
  return { actor, kind: 'appel', occurredOn: '2026-03-01', animator: 'Claire', summary: 'Point d’étape', ...values }
}

async function interactionCount(store: Store): Promise<number> {
  return Number((await store.db.selectFrom('interactions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
}

describe('addInteraction', () => {
  it('writes a journal entry on an organisation or a person', async () => {
    const { store, lycee, karim } = await setup()
    const first = await addInteraction(store.db, entry(`o${lycee}`, { contactPersonId: karim, nextStep: '  Envoyer la convention  ', nextStepDueOn: '2026-03-15' }))
    const second = await addInteraction(store.db, entry(`p${karim}`, { kind: 'email', summary: 'Courriel de remerciement' }))
    const rows = await store.db.selectFrom('interactions').selectAll().orderBy('id').execute()
    expect(rows).toMatchObject([
      { id: first, organisationId: lycee, personId: null, contactPersonId: karim, kind: 'appel', nextStep: 'Envoyer la convention', nextStepDueOn: '2026-03-15', nextStepDoneOn: null },
      { id: second, organisationId: null, personId: karim, contactPersonId: null, kind: 'email', nextStep: null, nextStepDueOn: null },
    ])
  })

  it('refuses a next-step due date without a next step', async () => {
    const { store, lycee } = await setup()
    const error = await caught(addInteraction(store.db, entry(`o${lycee}`, { nextStepDueOn: '2026-03-15' })))
    expect(error.code).toBe('invalid_input')
    expect(error.details).toEqual({ field: 'nextStep' })
    expect(error.message).toMatch(/prochaine étape/)
    // A next step made only of spaces is no next step.
    await caught(addInteraction(store.db, entry(`o${lycee}`, { nextStep: '   ', nextStepDueOn: '2026-03-15' })))
    expect(await interactionCount(store)).toBe(0)
    const id = await addInteraction(store.db, entry(`o${lycee}`))
    const update = await caught(updateInteraction(store.db, id, entry(`o${lycee}`, { nextStepDueOn: '2026-03-15' })))
    expect(update.details).toEqual({ field: 'nextStep' })
  })

  it('refuses an actor that does not exist', async () => {
    const { store, lycee, karim } = await setup()
    expect((await caught(addInteraction(store.db, entry(`o${lycee + 100}`)))).code).toBe('not_found')
    expect((await caught(addInteraction(store.db, entry(`p${karim + 100}`)))).code).toBe('not_found')
    expect(await interactionCount(store)).toBe(0)
  })
})

describe('completeNextStep', () => {
  it('marks a next step done, and undone', async () => {
    const { store, lycee } = await setup()
    const id = await addInteraction(store.db, entry(`o${lycee}`, { nextStep: 'Relancer', nextStepDueOn: '2026-03-05' }))
    await completeNextStep(store.db, id, '2026-03-04')
    expect(await store.db.selectFrom('interactions').select('nextStepDoneOn').where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ nextStepDoneOn: '2026-03-04' })
    await completeNextStep(store.db, id, null)
    expect(await store.db.selectFrom('interactions').select('nextStepDoneOn').where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ nextStepDoneOn: null })
  })

  it('refuses an entry without next step, or a missing one', async () => {
    const { store, lycee } = await setup()
    const id = await addInteraction(store.db, entry(`o${lycee}`))
    expect((await caught(completeNextStep(store.db, id, '2026-03-04'))).code).toBe('not_found')
    expect((await caught(completeNextStep(store.db, id + 1, '2026-03-04'))).code).toBe('not_found')
    expect(await store.db.selectFrom('interactions').select('nextStepDoneOn').where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ nextStepDoneOn: null })
  })
})

describe('listFollowUps', () => {
  async function withFollowUps() {
    const context = await setup()
    const { store, lycee, club, karim } = context
    const add = (actor: string, nextStep: string | null, nextStepDueOn: string | null, animator = 'Claire') =>
      addInteraction(store.db, entry(actor, { nextStep, nextStepDueOn, animator, summary: `Échange : ${nextStep ?? 'rien'}` }))
    const ids = {
      overdue: await add(`o${lycee}`, 'Envoyer le devis', '2026-03-02'),
      today: await add(`p${karim}`, 'Rappeler Karim', '2026-03-10'),
      soon: await add(`o${club}`, 'Préparer le forum', '2026-03-15', 'Mehdi'),
      horizon: await add(`o${club}`, 'Confirmer la salle', '2026-03-17'),
      later: await add(`o${lycee}`, 'Bilan de fin d’année', '2026-03-18'),
      done: await add(`o${lycee}`, 'Signer la charte', '2026-03-01'),
      undated: await add(`o${lycee}`, 'Un jour peut-être', null),
      none: await add(`o${club}`, null, null),
    }
    await completeNextStep(store.db, ids.done, '2026-03-03')
    return { ...context, ids }
  }

  it('lists overdue, due today and upcoming steps within the horizon, soonest first', async () => {
    const { store, ids, lycee, club, karim } = await withFollowUps()
    const list = await listFollowUps(store.db, { today: '2026-03-10' })
    expect(list.map((item) => [item.id, item.state])).toEqual([
      [ids.overdue, 'en_retard'],
      [ids.today, 'aujourdhui'],
      [ids.soon, 'a_venir'],
      [ids.horizon, 'a_venir'],
    ])
    expect(list[0]).toMatchObject({ actorKey: `o${lycee}`, actorName: 'Lycée Louis Armand', nextStep: 'Envoyer le devis', nextStepDueOn: '2026-03-02' })
    expect(list[1]).toMatchObject({ actorKey: `p${karim}`, actorName: 'Karim Benali' })
    expect(list[2]).toMatchObject({ actorKey: `o${club}`, actorName: 'Club Gravelle Entreprendre', animator: 'Mehdi' })
  })

  it('follows the horizon it is given', async () => {
    const { store, ids } = await withFollowUps()
    expect((await listFollowUps(store.db, { today: '2026-03-10', horizonDays: 0 })).map((item) => item.id)).toEqual([ids.overdue, ids.today])
    expect((await listFollowUps(store.db, { today: '2026-03-10', horizonDays: 8 })).map((item) => item.id)).toContain(ids.later)
    // Across a month end.
    const late = await listFollowUps(store.db, { today: '2026-02-25', horizonDays: 7 })
    expect(late.map((item) => item.id)).toEqual([ids.overdue])
    expect(late[0]!.state).toBe('a_venir')
  })

  it('leaves out steps done, and brings them back when undone', async () => {
    const { store, ids } = await withFollowUps()
    const before = (await listFollowUps(store.db, { today: '2026-03-10' })).map((item) => item.id)
    expect(before).not.toContain(ids.done)
    await completeNextStep(store.db, ids.overdue, '2026-03-10')
    expect((await listFollowUps(store.db, { today: '2026-03-10' })).map((item) => item.id)).toEqual([ids.today, ids.soon, ids.horizon])
    await completeNextStep(store.db, ids.done, null)
    expect((await listFollowUps(store.db, { today: '2026-03-10' }))[0]).toMatchObject({ id: ids.done, state: 'en_retard' })
  })

  it('filters by animator', async () => {
    const { store, ids } = await withFollowUps()
    expect((await listFollowUps(store.db, { today: '2026-03-10', animator: 'Mehdi' })).map((item) => item.id)).toEqual([ids.soon])
    expect((await listFollowUps(store.db, { today: '2026-03-10', animator: 'Claire' })).map((item) => item.id)).toEqual([ids.overdue, ids.today, ids.horizon])
    expect(await listFollowUps(store.db, { today: '2026-03-10', animator: 'Personne' })).toEqual([])
    // No filter given: everyone's.
    expect(await listFollowUps(store.db, { today: '2026-03-10', animator: null })).toHaveLength(4)
    expect(await listAnimators(store.db)).toEqual(['Claire', 'Mehdi'])
  })
})

describe('the timeline of an actor', () => {
  it('shows the journal newest first', async () => {
    const { store, lycee, club, karim } = await setup()
    await addInteraction(store.db, entry(`o${lycee}`, { occurredOn: '2026-01-15', summary: 'Janvier' }))
    await addInteraction(store.db, entry(`o${lycee}`, { occurredOn: '2026-03-20', summary: 'Mars', kind: 'visite', contactPersonId: karim, nextStep: 'Envoyer les photos' }))
    await addInteraction(store.db, entry(`o${lycee}`, { occurredOn: '2025-11-02', summary: 'Novembre' }))
    await addInteraction(store.db, entry(`o${club}`, { occurredOn: '2026-02-01', summary: 'Autre acteur' }))
    await saveAffiliation(store.db, null, { personId: karim, organisationId: lycee, role: 'Parent délégué', startedOn: '2026-02-10' })

    const detail = await getActor(store.db, { kind: 'organisation', id: lycee })
    expect(detail.timeline.map((event) => [event.date, event.source])).toEqual([
      ['2026-03-20', 'journal'],
      ['2026-02-10', 'affiliation'],
      ['2026-01-15', 'journal'],
      ['2025-11-02', 'journal'],
    ])
    expect(detail.timeline[0]).toMatchObject({ title: 'Visite — Claire avec Karim Benali', detail: 'Mars\nProchaine étape : Envoyer les photos' })
    expect(detail.timeline[1]).toMatchObject({ title: 'Arrivée de Karim Benali', detail: 'Parent délégué', link: `/acteurs/p${karim}` })
    expect(detail.timeline.map((event) => event.detail).join(' ')).not.toContain('Autre acteur')
  })

  it("includes, on a person's page, the entries where they were the contact person", async () => {
    const { store, lycee, club, karim, helene } = await setup()
    const own = await addInteraction(store.db, entry(`p${karim}`, { occurredOn: '2026-01-05', summary: 'Appel à Karim' }))
    const asContact = await addInteraction(store.db, entry(`o${lycee}`, { occurredOn: '2026-02-12', summary: 'Réunion au lycée', contactPersonId: karim }))
    const elsewhere = await addInteraction(store.db, entry(`o${club}`, { occurredOn: '2026-02-20', summary: 'Club, avec Hélène', contactPersonId: helene }))
    await addInteraction(store.db, entry(`p${helene}`, { occurredOn: '2026-02-25', summary: 'Appel à Hélène' }))

    const karimPage = await getActor(store.db, { kind: 'person', id: karim })
    expect(karimPage.timeline.map((event) => event.interactionId)).toEqual([asContact, own])
    expect(karimPage.timeline[0]!.detail).toBe('Réunion au lycée')

    const helenePage = await getActor(store.db, { kind: 'person', id: helene })
    expect(helenePage.timeline.map((event) => event.detail)).toEqual(['Appel à Hélène', 'Club, avec Hélène'])
    expect(helenePage.timeline[1]!.interactionId).toBe(elsewhere)

    // The organisation's page shows its own entries only.
    const clubPage = await getActor(store.db, { kind: 'organisation', id: club })
    expect(clubPage.timeline.map((event) => event.interactionId)).toEqual([elsewhere])
  })

  it('refuses an actor that does not exist', async () => {
    const { store } = await setup()
    expect((await caught(getActor(store.db, { kind: 'organisation', id: 99 }))).code).toBe('not_found')
    expect((await caught(getActor(store.db, { kind: 'person', id: 99 }))).code).toBe('not_found')
  })
})
