import { describe, expect, it } from 'vitest'
import { demoTestStore, testStore } from '../../tests/helpers/temp'
import { saveOffer, saveRequest } from '../actors/engagement'
import { createOrganisation, createPerson } from '../actors/records'
import { getTimeline } from '../actors/timeline'
import { prepareSession } from '../copil/prepare'
import { schoolYearOf } from '../rules/school-year'
import { countPupils } from './common'
import { createEdition, getEdition, saveEditionPartner } from './editions'
import { saveSession } from './sessions'
import { contactCandidate, recordResponse, syncRequestStatus } from './matching'
import { savePair, savePlacement } from './placements'

describe('programmes elsewhere in the app', () => {
  it('shows sessions, placements, mentoring, partnerships and candidacies on the actors’ timelines', async () => {
    const store = await testStore()
    const school = await createOrganisation(store.db, { name: 'Lycée Louise Michel (test)', profileCode: 'education', townCode: '94017' })
    const company = await createOrganisation(store.db, { name: 'Transports Colin', profileCode: 'entreprise', townCode: '94017' })
    const speaker = await createPerson(store.db, { firstName: 'Hélène', lastName: 'Martin', profileCode: 'entreprise' })
    const q2er = (await store.db.selectFrom('programmes').select('id').where('code', '=', 'q2er').executeTakeFirstOrThrow()).id
    const edition = await createEdition(store.db, { programmeId: q2er, schoolYear: '2025-2026', from: 'template' })
    await saveEditionPartner(store.db, null, { editionId: edition, actor: `o${company}`, role: 'partenaire' })
    const step = (await getEdition(store.db, edition)).sequences[1]!
    await saveSession(store.db, null, {
      sequenceId: step.id,
      heldOn: '2025-11-13',
      status: 'realisee',
      classes: [
        { schoolId: school, classLabel: '2nde 1', levelCode: 'seconde', pupilsCount: 28 },
        { schoolId: school, classLabel: '2nde 2', levelCode: 'seconde', pupilsCount: 26 },
      ],
      participants: [{ actor: `o${company}`, role: 'entreprise' }, { actor: `p${speaker}`, role: 'intervenant' }],
    })
    await savePlacement(store.db, null, { pupil: { mode: 'anonymous', schoolId: school, levelCode: 'seconde' }, hostOrganisationId: company, kind: 'stage_seconde', startedOn: '2026-06-15', tutorPersonId: speaker })
    await savePair(store.db, null, {
      mentorPersonId: speaker,
      mentee: { mode: 'named', values: { firstName: 'Karim', lastName: 'Saidi', isMinor: false, schoolId: school, levelCode: 'bts', schoolYear: '2025-2026' } },
      startedOn: '2025-10-06',
    })
    const offer = await saveOffer(store.db, null, { actor: `o${company}`, offerTypeCode: 'visite_entreprise', capacity: 2 })
    const request = await saveRequest(store.db, null, { actor: `o${school}`, kind: 'visite', title: 'Visite pour la 2nde 1' })
    const candidacy = await contactCandidate(store.db, { requestId: request, actor: `o${company}`, offerId: offer, contactedOn: '2025-12-01', animator: 'Camille Laurent', kind: 'email' })
    await recordResponse(store.db, { candidateId: candidacy.candidateId, response: 'accepte' }, '2025-12-03')

    const titles = async (key: string) =>
      (await getTimeline(store.db, key.startsWith('o') ? { kind: 'organisation', id: Number(key.slice(1)) } : { kind: 'person', id: Number(key.slice(1)) }))
        .filter((event) => event.source === 'programme')
        .map((event) => [event.date, event.title, event.detail, event.link])
    expect(await titles(`o${company}`)).toEqual([
      ['2026-06-15', 'Accueille un stagiaire — Stage de seconde', 'Élève de seconde — Lycée Louise Michel (test)', '/programmes/stages'],
      ['2025-12-01', 'Sollicité pour la demande « Visite pour la 2nde 1 » de Lycée Louise Michel (test) : accepté', null, `/programmes/demandes/${request}`],
      ['2025-11-13', "Entreprise — Q2ER 2025-2026 : « C'est quoi l'entreprise ? »", null, `/programmes/editions/${edition}`],
      ['2025-09-01', "Partenaire de l'édition Q2ER 2025-2026", null, `/programmes/editions/${edition}`],
    ])
    expect(await titles(`o${school}`)).toEqual([
      ['2026-06-15', "Stage de seconde d'un élève chez Transports Colin", 'Élève de seconde', '/programmes/stages'],
      ['2025-11-13', "Classes — Q2ER 2025-2026 : « C'est quoi l'entreprise ? »", '2nde 1, 2nde 2 · 54 élèves', `/programmes/editions/${edition}`],
    ])
    expect(await titles(`p${speaker}`)).toEqual([
      ['2026-06-15', 'Tuteur — Stage de seconde chez Transports Colin', null, '/programmes/stages'],
      ['2025-11-13', "Intervenant — Q2ER 2025-2026 : « C'est quoi l'entreprise ? »", null, `/programmes/editions/${edition}`],
      ['2025-10-06', "Mentor d'un élève de BTS (Lycée Louise Michel (test))", 'Binôme actif', '/programmes/mentorat'],
    ])
  })

  // (On a team database the demo comes through the transfer, as `demo` brings it there.)
  it('gives the demo ten years of Q2ER of about 250 pupils, the other programmes, consistent requests, and COPIL activity', async () => {
    const today = '2026-11-23'
    const store = await demoTestStore({ seed: 5, today })
    const q2er = await store.db
      .selectFrom('editions as e')
      .innerJoin('programmes as g', 'g.id', 'e.programmeId')
      .select(['e.id', 'e.schoolYear', 'e.status'])
      .where('g.code', '=', 'q2er')
      .orderBy('e.schoolYear')
      .execute()
    expect(q2er.map((edition) => edition.schoolYear)).toEqual(Array.from({ length: 10 }, (_, i) => `${2017 + i}-${2018 + i}`))
    expect(q2er.at(-1)!.schoolYear).toBe(schoolYearOf(today))
    expect(q2er.at(-1)!.status).toBe('en_cours')
    for (const edition of q2er.slice(0, -1)) {
      const detail = await getEdition(store.db, edition.id)
      expect(edition.status).toBe('terminee')
      expect(detail.summary.pupils).toBeGreaterThan(200)
      expect(detail.summary.pupils).toBeLessThan(300)
    }
    const current = await getEdition(store.db, q2er.at(-1)!.id)
    expect(current.summary.sessionsDone).toBeGreaterThan(0)
    expect(current.sequences.some((step) => step.status !== 'realisee')).toBe(true)
    expect(current.summary.pupils).toBe(countPupils(current.sequences.flatMap((step) => step.sessions.filter((s) => s.status === 'realisee')), current.sequences.flatMap((step) => step.sessions.filter((s) => s.status === 'realisee').flatMap((s) => s.classes))))

    const codes = await store.db.selectFrom('editions as e').innerJoin('programmes as g', 'g.id', 'e.programmeId').select('g.code').distinct().execute()
    expect(codes.map((row) => row.code).sort()).toEqual(['afterwork', 'clee', 'conferences', 'forum', 'mentorat', 'q2er'])
    const pairs = await store.db.selectFrom('mentoringPairs as m').innerJoin('editions as e', 'e.id', 'm.editionId').select('m.id').where('e.schoolYear', '=', schoolYearOf(today)).execute()
    expect(pairs.length).toBe(10)
    const forum = await store.db
      .selectFrom('sessionClasses as c')
      .innerJoin('organisations as o', 'o.id', 'c.schoolId')
      .innerJoin('sequenceSessions as s', 's.id', 'c.sessionId')
      .innerJoin('sequences as q', 'q.id', 's.sequenceId')
      .innerJoin('editions as e', 'e.id', 'q.editionId')
      .innerJoin('programmes as g', 'g.id', 'e.programmeId')
      .select(['o.id', 'o.townCode', 'c.levelCode'])
      .where('g.code', '=', 'forum')
      .execute()
    expect(new Set(forum.map((row) => row.id)).size).toBe(2)
    expect(forum.every((row) => row.townCode === '94079' && row.levelCode === '4e')).toBe(true)
    // Named minors all have their parents' consent; anonymous placements too.
    const minors = await store.db.selectFrom('pupils').selectAll().where('isMinor', '=', 1).where('anonymisedAt', 'is', null).execute()
    expect(minors.length).toBeGreaterThan(0)
    expect(minors.every((pupil) => pupil.consentGivenBy && pupil.consentGivenOn && pupil.consentScope)).toBe(true)
    const placements = await store.db.selectFrom('placements').select('pupilId').execute()
    expect(placements.some((row) => row.pupilId === null)).toBe(true)
    expect(placements.some((row) => row.pupilId !== null)).toBe(true)
    // Every request with candidates has the status its answers give it.
    const requests = await store.db.selectFrom('requestCandidates').select('requestId').distinct().execute()
    expect(requests.length).toBeGreaterThan(0)
    for (const { requestId } of requests) {
      const before = (await store.db.selectFrom('actorRequests').select('status').where('id', '=', requestId).executeTakeFirstOrThrow()).status
      expect(await syncRequestStatus(store.db, requestId)).toBe(before)
    }
    // The COPIL preparation lists the programme sessions held since the previous session.
    const session = await store.db.selectFrom('copilSessions').select('id').where('status', '=', 'tenue').orderBy('heldOn', 'desc').executeTakeFirstOrThrow()
    const preparation = await prepareSession(store.db, session.id, today)
    expect(preparation.activity.some((item) => item.kind === 'Séance de programme réalisée' && item.link?.startsWith('/programmes/editions/'))).toBe(true)
  })
})
