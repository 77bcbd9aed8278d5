import { describe, expect, it } from 'vitest'
import { storeWithActors } from '../../tests/helpers/temp'
import type { Store } from '../backend'
import { countPupils } from './common'
import { createEdition, deleteEdition, findEdition, getEdition, saveEditionPartner } from './editions'
import { listCalendar } from './calendar'
import { listProgrammes } from './programmes'
import { saveSequence, saveSession } from './sessions'
import { caught } from '../../tests/helpers/errors'

async function programme(store: Store, code: string): Promise<number> {
  return (await store.db.selectFrom('programmes').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id
}

async function setup() {
  const actors = await storeWithActors({
    lycee: { name: 'Lycée Robert Schuman (test)', profileCode: 'education', townCode: '94018' },
    lp: { name: 'Lycée professionnel Marne (test)', profileCode: 'education', townCode: '94017' },
    club: { name: 'Club des entreprises (test)', profileCode: 'institution', townCode: '94068' },
    company: { name: 'Imprimerie Lumière', profileCode: 'entreprise', townCode: '94018' },
    speaker: { firstName: 'Hélène', lastName: 'Martin', profileCode: 'entreprise' },
  })
  const q2er = await programme(actors.store, 'q2er')
  return { ...actors, q2er }
}

describe('editions', () => {
  it('starts a Q2ER edition from the 7-step template', async () => {
    const { store, q2er } = await setup()
    const id = await createEdition(store.db, { programmeId: q2er, schoolYear: '2025-2026', from: 'template' })
    const edition = await getEdition(store.db, id)
    expect(edition.title).toBe('Q2ER 2025-2026')
    expect(edition.status).toBe('preparation')
    expect(edition.sequences.map((step) => [step.stepOrder, step.title, step.status])).toEqual([
      [1, 'Professeurs en entreprise', 'a_planifier'],
      [2, "C'est quoi l'entreprise ?", 'a_planifier'],
      [3, 'Apprenez-moi à être convaincant', 'a_planifier'],
      [4, 'Racontez-moi votre entreprise', 'a_planifier'],
      [5, 'Booste ta réussite', 'a_planifier'],
      [6, 'Stages en entreprise', 'a_planifier'],
      [7, 'Clôture', 'a_planifier'],
    ])
    // The same title twice for a school year is refused; a programme without a template too.
    expect((await caught(createEdition(store.db, { programmeId: q2er, schoolYear: '2025-2026', from: 'template' }))).code).toBe('duplicate')
    const mentorat = await programme(store, 'mentorat')
    expect((await caught(createEdition(store.db, { programmeId: mentorat, schoolYear: '2025-2026', from: 'template' }))).message).toMatch(/pas de modèle d'étapes/)
    expect((await caught(createEdition(store.db, { programmeId: mentorat, schoolYear: '2025-2026', from: 'copy' }))).message).toMatch(/Aucune édition précédente/)
  })

  it('copies last year’s edition with its partners and steps, without sessions or results', async () => {
    const { store, q2er, lycee, club, company, speaker } = await setup()
    const last = await createEdition(store.db, { programmeId: q2er, schoolYear: '2024-2025', from: 'template' })
    await saveEditionPartner(store.db, null, { editionId: last, actor: `o${lycee}`, role: 'etablissement' })
    await saveEditionPartner(store.db, null, { editionId: last, actor: `o${club}`, role: 'partenaire' })
    const extra = await saveSequence(store.db, null, { editionId: last, stepOrder: 8, title: 'Visite du salon', status: 'a_planifier' })
    await saveSequence(store.db, null, { editionId: last, stepOrder: 9, title: 'Étape abandonnée', status: 'annulee' })
    const step2 = (await getEdition(store.db, last)).sequences[1]!
    await saveSession(store.db, null, {
      sequenceId: step2.id,
      heldOn: '2024-11-14',
      status: 'realisee',
      classes: [{ schoolId: lycee, classLabel: '2nde 3', levelCode: 'seconde', pupilsCount: 28 }],
      participants: [{ actor: `o${company}`, role: 'entreprise' }, { actor: `p${speaker}` }],
      satisfaction: 4.5,
      feedback: 'Très bien',
    })
    await saveSession(store.db, null, { sequenceId: extra, heldOn: '2025-03-02', status: 'realisee', pupilsCount: 30 })

    const next = await createEdition(store.db, { programmeId: q2er, schoolYear: '2025-2026', from: 'copy' })
    const copy = await getEdition(store.db, next)
    expect(copy.copiedFromId).toBe(last)
    expect(copy.copiedFromTitle).toBe('Q2ER 2024-2025')
    expect(copy.status).toBe('preparation')
    expect(copy.partners.map((partner) => [partner.actorName, partner.role])).toEqual([
      ['Lycée Robert Schuman (test)', 'etablissement'],
      ['Club des entreprises (test)', 'partenaire'],
    ])
    expect(copy.sequences.map((step) => step.title)).toContain('Visite du salon')
    expect(copy.sequences.map((step) => step.title)).not.toContain('Étape abandonnée')
    expect(copy.sequences).toHaveLength(8)
    expect(copy.sequences.every((step) => step.status === 'a_planifier' && step.sessions.length === 0)).toBe(true)
    expect(copy.summary).toMatchObject({ sessionsDone: 0, pupils: 0, placements: 0 })
    // The earlier edition keeps everything.
    const before = await getEdition(store.db, last)
    expect(before.summary.sessionsDone).toBe(2)
    expect(before.status).toBe('en_cours')
  })

  it('records sessions with classes, speakers and counts; steps and editions follow', async () => {
    const { store, q2er, lycee, lp, company, speaker } = await setup()
    const id = await createEdition(store.db, { programmeId: q2er, schoolYear: '2025-2026', from: 'template' })
    const [step1, step2] = (await getEdition(store.db, id)).sequences
    const classes = [
      { schoolId: lycee, classLabel: '2nde 1', levelCode: 'seconde', pupilsCount: 28 },
      { schoolId: lycee, classLabel: '2nde 2', levelCode: 'seconde', pupilsCount: 27 },
      { schoolId: lp, classLabel: '1re Vente', levelCode: 'premiere', pupilsCount: 24 },
    ]
    const first = await saveSession(store.db, null, {
      sequenceId: step2!.id,
      heldOn: '2025-11-13',
      place: 'Lycée Robert Schuman',
      townCode: '94018',
      status: 'realisee',
      classes,
      participants: [{ actor: `o${company}`, role: 'entreprise' }, { actor: `p${speaker}`, role: 'intervenant' }, { actor: `p${speaker}` }],
      teachersCount: 3,
      interventionHours: 6,
      satisfaction: 4.4,
      feedback: '  Élèves très investis.  ',
    })
    // The same classes met again: pupils reached are counted once per class, at the largest count.
    await saveSession(store.db, null, {
      sequenceId: step2!.id,
      heldOn: '2025-11-20',
      status: 'realisee',
      classes: [{ ...classes[0]!, pupilsCount: 29 }, classes[1]!],
      teachersCount: 2,
      interventionHours: 4,
      satisfaction: 3.8,
    })
    await saveSession(store.db, null, { sequenceId: step1!.id, heldOn: '2026-01-15', status: 'planifiee' })

    const edition = await getEdition(store.db, id)
    const session = edition.sequences[1]!.sessions[0]!
    expect(session.id).toBe(first)
    // Pupils present default to the classes' head counts.
    expect(session.pupilsCount).toBe(79)
    expect(session.feedback).toBe('Élèves très investis.')
    expect(session.classes.map((row) => row.classLabel)).toEqual(['2nde 1', '2nde 2', '1re Vente'])
    expect(session.participants.map((row) => [row.actorName, row.role])).toEqual([
      ['Imprimerie Lumière', 'entreprise'],
      ['Hélène Martin', 'intervenant'],
    ])
    expect(edition.summary).toEqual({ sessionsPlanned: 1, sessionsDone: 2, pupils: 29 + 27 + 24, teachers: 5, hours: 10, satisfaction: 4.1, schools: 2, speakers: 2, placements: 0, pairs: 0 })
    expect(edition.status).toBe('en_cours')
    expect(edition.sequences[0]!.status).toBe('planifiee')
    expect(edition.sequences[1]!.status).toBe('realisee')
    expect(edition.sequences[2]!.status).toBe('a_planifier')

    const list = await listProgrammes(store.db)
    const row = list.find((item) => item.code === 'q2er')!.editions[0]!
    expect(row).toMatchObject({ sequences: 7, sequencesDone: 1, sessions: 3, sessionsDone: 2, pupils: 80 })
    expect(countPupils([{ id: 1, pupilsCount: 12 }], [])).toBe(12)
  })

  it('refuses what does not fit: a date outside the school year, a satisfaction above 5, a class of a company', async () => {
    const { store, q2er, company } = await setup()
    const id = await createEdition(store.db, { programmeId: q2er, schoolYear: '2025-2026', from: 'template' })
    const step = (await getEdition(store.db, id)).sequences[0]!
    expect((await caught(saveSession(store.db, null, { sequenceId: step.id, heldOn: '2026-09-02' }))).message).toMatch(/année scolaire 2025-2026/)
    await expect(saveSession(store.db, null, { sequenceId: step.id, heldOn: '2025-10-02', satisfaction: 6 })).rejects.toThrow(/de 1 à 5/)
    expect((await caught(saveSession(store.db, null, { sequenceId: step.id, heldOn: '2025-10-02', classes: [{ schoolId: company, pupilsCount: 20 }] }))).message).toMatch(/n'est pas un établissement scolaire/)
    expect(await store.db.selectFrom('sequenceSessions').selectAll().execute()).toEqual([])
  })

  it('lists the calendar to come and the past sessions left to complete; finds the latest edition', async () => {
    const { store, q2er } = await setup()
    const id = await createEdition(store.db, { programmeId: q2er, schoolYear: '2025-2026', from: 'template' })
    const steps = (await getEdition(store.db, id)).sequences
    await saveSession(store.db, null, { sequenceId: steps[0]!.id, heldOn: '2025-10-10', status: 'planifiee' })
    await saveSession(store.db, null, { sequenceId: steps[1]!.id, heldOn: '2025-12-10', status: 'planifiee' })
    await saveSession(store.db, null, { sequenceId: steps[2]!.id, heldOn: '2026-01-10', status: 'annulee' })
    const calendar = await listCalendar(store.db, { today: '2025-11-01' })
    expect(calendar.upcoming.map((row) => [row.heldOn, row.sequenceTitle, row.programmeShortName])).toEqual([['2025-12-10', "C'est quoi l'entreprise ?", 'Q2ER']])
    expect(calendar.toComplete.map((row) => row.heldOn)).toEqual(['2025-10-10'])

    const forum = await programme(store, 'forum')
    const forumEdition = await createEdition(store.db, { programmeId: forum, schoolYear: '2025-2026', from: 'empty' })
    expect((await findEdition(store.db, 'latest'))!.id).toBe(id)
    expect((await findEdition(store.db, 'latest', 'forum'))!.id).toBe(forumEdition)
    expect((await findEdition(store.db, String(forumEdition)))!.programmeCode).toBe('forum')
    expect(await findEdition(store.db, 'abc')).toBeUndefined()
    // An edition with sessions done cannot be deleted; an empty one can.
    await deleteEdition(store.db, forumEdition)
    expect(await findEdition(store.db, 'latest', 'forum')).toBeUndefined()
  })
})
