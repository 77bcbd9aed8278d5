import { describe, expect, it } from 'vitest'
import { storeWithActors } from '../../tests/helpers/temp'
import type { Store } from '../backend'
import { getActor } from './detail'
import { saveAffiliation } from './engagement'
import { addInteraction, completeNextStep, listAnimators, listFollowUps, reopenNextStep, updateInteraction } from './journal'
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
  // 2026-03-10 is a Tuesday: this week runs from Monday 9 to Sunday 15 March.
  const today = '2026-03-10'

  async function withFollowUps() {
    const context = await setup()
    const { store, lycee, club, karim } = context
    const add = (actor: string, nextStep: string | null, nextStepDueOn: string | null, animator = 'Claire', contactPersonId: number | null = null) =>
      addInteraction(
        store.db,
        // A step is never due before its exchange: the long overdue one was agreed on its due day.
        entry(actor, { nextStep, nextStepDueOn, animator, contactPersonId, summary: `Échange : ${nextStep ?? 'rien'}`, ...(nextStepDueOn && nextStepDueOn < '2026-03-01' ? { occurredOn: nextStepDueOn } : {}) }),
      )
    const ids = {
      longOverdue: await add(`o${lycee}`, 'Envoyer le devis', '2025-01-15'),
      overdue: await add(`o${lycee}`, 'Envoyer les photos', '2026-03-09'),
      today: await add(`p${karim}`, 'Rappeler Karim', today),
      sunday: await add(`o${club}`, 'Préparer le forum', '2026-03-15', 'Mehdi'),
      nextMonday: await add(`o${club}`, 'Confirmer la salle', '2026-03-16'),
      farAhead: await add(`o${lycee}`, 'Bilan de fin d’année', '2026-06-30', 'Claire', karim),
      undated: await add(`o${lycee}`, 'Un jour peut-être', null),
      done: await add(`o${lycee}`, 'Signer la charte', '2026-03-01'),
      none: await add(`o${club}`, null, null),
    }
    await completeNextStep(store.db, ids.done, '2026-03-03')
    return { ...context, ids }
  }

  const ids = (page: { rows: { id: number }[] }) => page.rows.map((row) => row.id)

  it('lists every open step in its period: overdue (freshest first), this week to Sunday, later however far, undated', async () => {
    const { store, ids: steps, lycee, club, karim } = await withFollowUps()
    const page = await listFollowUps(store.db, { today })
    expect(page).toMatchObject({ today, weekEnd: '2026-03-15', counts: { en_retard: 2, cette_semaine: 2, plus_tard: 2, sans_echeance: 1 }, total: 7, offset: 0 })
    expect(page.rows.map((row) => [row.id, row.state])).toEqual([
      [steps.overdue, 'en_retard'],
      [steps.longOverdue, 'en_retard'],
      [steps.today, 'aujourdhui'],
      [steps.sunday, 'cette_semaine'],
      [steps.nextMonday, 'plus_tard'],
      [steps.farAhead, 'plus_tard'],
      [steps.undated, 'sans_echeance'],
    ])
    expect(page.rows[0]).toMatchObject({ actorKey: `o${lycee}`, actorName: 'Lycée Louis Armand', nextStep: 'Envoyer les photos', nextStepDueOn: '2026-03-09', kind: 'appel', occurredOn: '2026-03-01' })
    expect(page.rows[2]).toMatchObject({ actorKey: `p${karim}`, actorName: 'Karim Benali' })
    expect(page.rows[3]).toMatchObject({ actorKey: `o${club}`, actorName: 'Club Gravelle Entreprendre', animator: 'Mehdi' })
    expect(page.rows[6]).toMatchObject({ nextStepDueOn: null })
  })

  it('lists one period at a time', async () => {
    const { store, ids: steps } = await withFollowUps()
    expect(ids(await listFollowUps(store.db, { today, period: 'en_retard' }))).toEqual([steps.overdue, steps.longOverdue])
    const week = await listFollowUps(store.db, { today, period: 'cette_semaine' })
    expect(ids(week)).toEqual([steps.today, steps.sunday])
    expect(week.total).toBe(2)
    expect(ids(await listFollowUps(store.db, { today, period: 'plus_tard' }))).toEqual([steps.nextMonday, steps.farAhead])
    expect(ids(await listFollowUps(store.db, { today, period: 'sans_echeance' }))).toEqual([steps.undated])
    // On a Sunday, this week is that day alone; the next day starts another one.
    const sunday = await listFollowUps(store.db, { today: '2026-03-15', period: 'cette_semaine' })
    expect([sunday.weekEnd, ids(sunday)]).toEqual(['2026-03-15', [steps.sunday]])
    const monday = await listFollowUps(store.db, { today: '2026-03-16' })
    expect([monday.weekEnd, monday.counts]).toEqual(['2026-03-22', { en_retard: 4, cette_semaine: 1, plus_tard: 1, sans_echeance: 1 }])
  })

  it('pages across the periods in the list’s order', async () => {
    const { store, ids: steps } = await withFollowUps()
    const all = ids(await listFollowUps(store.db, { today }))
    const pages = []
    for (let offset = 0; offset < 7; offset += 3) pages.push(await listFollowUps(store.db, { today, offset, limit: 3 }))
    expect(pages.flatMap(ids)).toEqual(all)
    expect(pages.map((page) => [page.offset, page.total, page.rows.length])).toEqual([
      [0, 7, 3],
      [3, 7, 3],
      [6, 7, 1],
    ])
    expect(ids(await listFollowUps(store.db, { today, period: 'en_retard', offset: 1, limit: 5 }))).toEqual([steps.longOverdue])
    expect(ids(await listFollowUps(store.db, { today, offset: 40 }))).toEqual([])
  })

  it('gives an overview: the first few of each period', async () => {
    const { store, ids: steps } = await withFollowUps()
    const overview = await listFollowUps(store.db, { today, perPeriod: 1, offset: 5 })
    expect(ids(overview)).toEqual([steps.overdue, steps.today, steps.nextMonday, steps.undated])
    expect([overview.offset, overview.total]).toEqual([0, 7])
    // One period asked: the overview does not apply.
    expect(ids(await listFollowUps(store.db, { today, period: 'plus_tard', perPeriod: 1 }))).toEqual([steps.nextMonday, steps.farAhead])
  })

  it('leaves out steps done, and reopens one exactly as it was', async () => {
    const { store, ids: steps } = await withFollowUps()
    expect(ids(await listFollowUps(store.db, { today }))).not.toContain(steps.done)
    const before = await store.db.selectFrom('interactions').selectAll().where('id', '=', steps.overdue).executeTakeFirstOrThrow()
    const done = await completeNextStep(store.db, steps.overdue, today)
    expect(done).toEqual({ updatedAt: before.updatedAt })
    expect(ids(await listFollowUps(store.db, { today, period: 'en_retard' }))).toEqual([steps.longOverdue])
    await reopenNextStep(store.db, steps.overdue, { doneOn: today, ...done })
    // Its values as they were; its version moved on by both changes, so a form opened before is refused.
    const after = await store.db.selectFrom('interactions').selectAll().where('id', '=', steps.overdue).executeTakeFirstOrThrow()
    expect({ ...after, version: before.version }).toEqual(before)
    expect(after.version).toBe(before.version + 2)
    expect(ids(await listFollowUps(store.db, { today, period: 'en_retard' }))).toEqual([steps.overdue, steps.longOverdue])
  })

  it('reopens nothing that changed since it was marked done', async () => {
    const { store, ids: steps } = await withFollowUps()
    const done = await completeNextStep(store.db, steps.today, today)
    await completeNextStep(store.db, steps.today, '2026-03-11')
    const error = await caught(reopenNextStep(store.db, steps.today, { doneOn: today, ...done }))
    expect(error.code).toBe('conflict')
    expect(error.message).toMatch(/a changé depuis/)
    expect((await store.db.selectFrom('interactions').select('nextStepDoneOn').where('id', '=', steps.today).executeTakeFirstOrThrow()).nextStepDoneOn).toBe('2026-03-11')
    expect((await caught(reopenNextStep(store.db, steps.none, { doneOn: today, ...done }))).code).toBe('conflict')
  })

  it('filters by animator and by actor', async () => {
    const { store, ids: steps, lycee, karim } = await withFollowUps()
    expect(ids(await listFollowUps(store.db, { today, animator: 'Mehdi' }))).toEqual([steps.sunday])
    const claire = await listFollowUps(store.db, { today, animator: 'Claire' })
    expect(claire.counts).toEqual({ en_retard: 2, cette_semaine: 1, plus_tard: 2, sans_echeance: 1 })
    expect((await listFollowUps(store.db, { today, animator: 'Personne' })).rows).toEqual([])
    // No animator given: everyone's.
    expect((await listFollowUps(store.db, { today, animator: null })).total).toBe(7)
    expect(ids(await listFollowUps(store.db, { today, actor: { kind: 'organisation', id: lycee } }))).toEqual([steps.overdue, steps.longOverdue, steps.farAhead, steps.undated])
    // A person's own steps, and those where they were the contact.
    expect(ids(await listFollowUps(store.db, { today, actor: { kind: 'person', id: karim } }))).toEqual([steps.today, steps.farAhead])
    expect(await listAnimators(store.db)).toEqual(['Claire', 'Mehdi'])
    // Read on the index of animators, in the same order as a plain sort, none for an empty journal.
    await addInteraction(store.db, entry(`p${karim}`, { animator: 'Adèle' }))
    await addInteraction(store.db, entry(`p${karim}`, { animator: 'Zoé' }))
    const sorted = (await store.db.selectFrom('interactions').select('animator').distinct().orderBy('animator').execute()).map((row) => row.animator)
    expect(await listAnimators(store.db)).toEqual(sorted)
    expect(sorted).toEqual(expect.arrayContaining(['Adèle', 'Claire', 'Mehdi', 'Zoé']))
    await store.db.deleteFrom('interactions').execute()
    expect(await listAnimators(store.db)).toEqual([])
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
