import { describe, expect, it } from 'vitest'
import { insertRow, queryValue, runSql, testStore } from '../../tests/helpers/temp'
import type { Store } from '../backend'
import { COMPUTATIONS, distinctActors, indicatorValue, periodBounds, type Engagement } from './compute'
import { breakdowns, setManualValue, setTarget, indicatorTable } from './indicators'

// Every computed indicator against a small fixture counted by hand.

async function fixture(store: Store) {
  const run = (text: string, ...params: unknown[]) => runSql(store, text, ...params)
  const insert = (text: string, ...params: unknown[]) => insertRow(store, text, ...params)
  const org = (name: string, profile: string, town: string | null, extra: { status?: string; joined?: string } = {}) =>
    insert('insert into organisations (name, profile_code, town_code, status, joined_on) values (?, ?, ?, ?, ?)', name, profile, town, extra.status ?? 'prospect', extra.joined ?? null)
  const person = (first: string, profile: string, town: string | null) =>
    insert('insert into people (first_name, last_name, profile_code, town_code) values (?, ?, ?, ?)', first, 'Test', profile, town)
  const school = await org('Lycée A', 'education', '94018')
  const c1 = await org('Entreprise C1', 'entreprise', '94080', { status: 'vitawiner', joined: '2025-09-01' })
  const c2 = await org('Entreprise C2', 'entreprise', '94080', { status: 'vitawiner', joined: '2025-08-31' })
  const c3 = await org('Entreprise C3', 'entreprise', '94033')
  const c4 = await org('Entreprise C4', 'entreprise', '94042')
  const a2 = await org('Association A2', 'association', '94052')
  const i1 = await org('Institution I1', 'institution', null)
  const p1 = await person('Paul', 'entreprise', null)
  const p2 = await person('Mentor', 'entreprise', '94068')
  const p3 = await person('Ancien mentor', 'entreprise', '94069')

  const programme = (code: string) => queryValue<number>(store, 'select id from programmes where code = ?', code)
  const edition = async (programmeCode: string, year: string) =>
    insert("insert into editions (programme_id, school_year, title) values (?, ?, 'Édition')", await programme(programmeCode), year)
  const sequence = async (editionId: Promise<number>, title: string) => insert('insert into sequences (edition_id, step_order, title) values (?, 1, ?)', await editionId, title)
  const session = (sequenceId: number, heldOn: string, status: string, town: string | null, pupils: number | null, extra: { hours?: number; satisfaction?: number } = {}) =>
    insert(
      'insert into sequence_sessions (sequence_id, held_on, status, town_code, pupils_count, intervention_hours, satisfaction) values (?, ?, ?, ?, ?, ?, ?)',
      sequenceId, heldOn, status, town, pupils, extra.hours ?? null, extra.satisfaction ?? null,
    )
  const classOf = (sessionId: number, label: string, count: number) =>
    run("insert into session_classes (session_id, school_id, class_label, level_code, pupils_count) values (?, ?, ?, 'seconde', ?)", sessionId, school, label, count)
  const speaker = (sessionId: number, organisationId: number | null, personId: number | null) =>
    run('insert into session_participants (session_id, organisation_id, person_id) values (?, ?, ?)', sessionId, organisationId, personId)

  const q2er = await sequence(edition('q2er', '2025-2026'), 'C’est quoi l’entreprise ?')
  const s1 = await session(q2er, '2025-10-10', 'realisee', '94018', null, { hours: 2, satisfaction: 4 })
  await classOf(s1, '2nde 3', 30)
  await classOf(s1, '2nde 4', 28)
  await speaker(s1, c1, null)
  await speaker(s1, null, p1)
  // In August: still the school year that began the previous September.
  const s2 = await session(q2er, '2026-08-20', 'realisee', null, null, { hours: 1.5, satisfaction: 5 })
  await classOf(s2, '2nde 3', 32)
  await speaker(s2, c1, null)
  await speaker(s2, c2, null)
  const planned = await session(q2er, '2025-09-01', 'planifiee', '94042', 99)
  await speaker(planned, c4, null)
  const previousYear = await sequence(edition('q2er', '2024-2025'), 'Clôture')
  await session(previousYear, '2025-08-31', 'realisee', '94069', 50)
  await session(q2er, '2026-01-15', 'realisee', null, 15)
  const forum = await sequence(edition('forum', '2025-2026'), 'Forum des métiers')
  const f1 = await session(forum, '2026-03-01', 'realisee', null, 40)
  await speaker(f1, c1, null) // engaged in two programmes: counted once

  await run("insert into placements (host_organisation_id, school_id, kind, started_on, status) values (?, ?, 'stage_3e', '2026-02-01', 'termine')", c3, school)
  await run("insert into placements (host_organisation_id, school_id, kind, started_on, status) values (?, ?, 'stage_3e', '2026-02-01', 'annule')", c4, school)
  await run("insert into mentoring_pairs (mentor_person_id, started_on) values (?, '2025-06-01')", p2)
  await run("insert into mentoring_pairs (mentor_person_id, started_on, ended_on, status) values (?, '2024-10-01', '2025-08-01', 'termine')", p3)

  const group = await insert("insert into working_groups (name) values ('Groupe')")
  const meeting = await insert("insert into group_meetings (group_id, held_on) values (?, '2025-11-05')", group)
  await run("insert into meeting_attendance (meeting_id, organisation_id, status) values (?, ?, 'present')", meeting, a2)
  await run("insert into meeting_attendance (meeting_id, organisation_id, status) values (?, ?, 'absent')", meeting, c4)
  const copil = await insert("insert into copil_sessions (reference, held_on, status) values ('COPIL-2026-03', '2026-03-15', 'tenue')")
  await run("insert into copil_attendance (session_id, organisation_id, status) values (?, ?, 'present')", copil, i1)
  return { school, c1, c2, c3, c4, a2, i1, p1, p2 }
}

async function value(store: Store, code: string, period: string) {
  return (await indicatorValue(store.db, code, period)).value
}

describe('computed indicators', () => {
  it('counts every indicator of 2025-2026 as counted by hand', async () => {
    const store = await testStore()
    await fixture(store)
    const expected: Record<string, number> = {
      eleves_touches: 32 + 28 + 15 + 40, // class 2nde 3 once at its largest count, 2nde 4, two sessions without classes
      participations_eleves: 58 + 32 + 15 + 40,
      seances_realisees: 4,
      heures_intervention: 3.5,
      satisfaction_seances: 4.5,
      stages_trouves: 1,
      mentors: 1,
      acteurs_engages: 8, // school, C1 (twice), C2, P1, C3, mentor, A2, I1 — not C4 (planned session, absent, cancelled stage)
      entreprises_engagees: 3,
      communes_couvertes: 5, // 94018, 94080, 94033, 94052, 94068
      nouveaux_vitawiners: 1,
      vitawiners: 2,
      reunions_tenues: 2,
      pistes_retenues: 0,
    }
    for (const [code, count] of Object.entries(expected)) expect(await value(store, code, '2025-2026'), code).toBe(count)
    expect(Object.keys(COMPUTATIONS).sort()).toEqual(Object.keys(expected).sort())
  })

  it('adds the pupils mentored during the year, each once, unless a class of their school and level was counted', async () => {
    const store = await testStore()
    const ids = await fixture(store)
    const otherSchool = await insertRow(store, "insert into organisations (name, profile_code, town_code) values ('Lycée B', 'education', '94080')")
    const pupil = (schoolId: number | null, level: string | null) =>
      insertRow(store, "insert into pupils (first_name, last_name, is_minor, school_id, level_code, school_year) values ('Élève', 'Test', 0, ?, ?, '2025-2026')", schoolId, level)
    const pair = async (mentee: Promise<number> | number, started: string, ended: string | null = null) =>
      runSql(store, 'insert into mentoring_pairs (mentor_person_id, mentee_pupil_id, started_on, ended_on) values (?, ?, ?, ?)', ids.p2, await mentee, started, ended)
    await pair(pupil(ids.school, 'seconde'), '2025-10-01') // a 2nde class of Lycée A was counted: maybe in it, not added
    const premiere = await pupil(ids.school, 'premiere')
    await pair(premiere, '2025-10-01')
    await pair(premiere, '2026-02-01') // a second mentor: the same pupil, once
    await pair(pupil(otherSchool, 'bts'), '2025-01-10', '2025-09-15') // ended in September: still reached this year
    await pair(pupil(otherSchool, 'bts'), '2024-10-01', '2025-06-30') // ended before the year
    await pair(pupil(null, null), '2026-03-01') // school unknown

    const pupils = await indicatorValue(store.db, 'eleves_touches', '2025-2026')
    expect(pupils.value).toBe(32 + 28 + 15 + 40 + 3)
    const mentored = pupils.records.filter((record) => record.label === 'Mentorat : élève mentoré')
    expect(mentored.map((record) => [record.date, record.detail])).toEqual([
      ['2025-09-01', 'Lycée B — BTS'],
      ['2025-10-01', 'Lycée A — Première'],
      ['2026-03-01', 'établissement non renseigné'],
    ])
    const tables = await breakdowns(store.db, '2025-2026')
    expect(tables.byTown.find((town) => town.code === '94080')!.pupils).toBe(1) // Lycée B, Vincennes
    expect(tables.byTown.find((town) => town.code === '94018')!.pupils).toBe(32 + 28 + 1) // Lycée A: its classes and the pupil in Première
    expect(tables.outside.pupils).toBe(15 + 40 + 1) // the sessions without a town, the pupil without a school
  })

  it('puts an August session in the school year that began the previous September', async () => {
    const store = await testStore()
    await fixture(store)
    expect(periodBounds('2025-2026')).toEqual({ start: '2025-09-01', end: '2026-08-31' })
    expect(await value(store, 'seances_realisees', '2024-2025')).toBe(1) // 31/08/2025
    expect(await value(store, 'eleves_touches', '2024-2025')).toBe(50)
    expect(await value(store, 'mentors', '2024-2025')).toBe(2)
    expect(await value(store, 'seances_realisees', '2026')).toBe(3) // calendar year 2026: 15/01, 01/03, 20/08
  })

  it('counts an actor engaged in two programmes once, and opens each figure to its records', async () => {
    const store = await testStore()
    const ids = await fixture(store)
    const engaged = await indicatorValue(store.db, 'acteurs_engages', '2025-2026')
    expect(engaged.records.filter((record) => record.link === `/acteurs/o${ids.c1}`)).toHaveLength(1)
    expect(engaged.records.map((record) => record.link)).not.toContain(`/acteurs/o${ids.c4}`)
    const pupils = await indicatorValue(store.db, 'eleves_touches', '2025-2026')
    expect(pupils.records.map((record) => record.detail)).toEqual(expect.arrayContaining(['32 élèves', '28 élèves', '15 élèves (séance sans classe détaillée)']))
  })

  it('gives the same figures again on the same data (reproducible)', async () => {
    const store = await testStore()
    await fixture(store)
    const first = await indicatorTable(store.db, '2025-2026')
    const second = await indicatorTable(store.db, '2025-2026')
    expect(second).toEqual(first)
  })

  it('breaks engaged actors and pupils down by town and by profile', async () => {
    const store = await testStore()
    await fixture(store)
    const data = await breakdowns(store.db, '2025-2026')
    expect(data.byTown.find((town) => town.code === '94080')?.actors).toBe(2)
    expect(data.byTown.find((town) => town.code === '94018')).toMatchObject({ actors: 1, pupils: 60 })
    expect(data.outside).toEqual({ actors: 2, pupils: 55 })
    expect(data.byProfile.find((profile) => profile.code === 'entreprise')?.actors).toBe(5)
    expect(data.totalActors).toBe(8)
  })

  it('keeps values entered by hand with their source, and targets per period', async () => {
    const store = await testStore()
    await expect(setManualValue(store.db, { indicatorCode: 'eleves_touches', period: '2025-2026', value: 3, source: 'x', measuredOn: '2026-06-01' })).rejects.toThrow(/calculé/)
    await setManualValue(store.db, { indicatorCode: 'satisfaction_partenaires', period: '2025-2026', value: 87, source: 'Enquête de juin 2026', measuredOn: '2026-06-30' })
    await setTarget(store.db, { indicatorCode: 'eleves_touches', period: '2025-2026', target: 250 })
    const table = await indicatorTable(store.db, '2025-2026')
    expect(table.indicators.find((row) => row.code === 'satisfaction_partenaires')).toMatchObject({ value: 87, valueSource: 'Enquête de juin 2026', measuredOn: '2026-06-30' })
    expect(table.indicators.find((row) => row.code === 'eleves_touches')).toMatchObject({ target: 250, value: 0 })
    // A calendar-year indicator shown for a school year reads the year it ends in.
    expect(table.indicators.find((row) => row.code === 'nouvelles_cooperations')?.period).toBe('2026')
  })
})

describe('distinctActors', () => {
  it('keeps an actor’s first engagement by date, then by what it was, whatever order the engine listed them in', () => {
    const engagement = (how: string, date = '2026-03-12'): Engagement => ({ key: 'o1', name: 'Collège Jean Macé', profileCode: 'education', townCode: '94080', date, how, link: null })
    const list = [engagement('Classes — Q2ER : Atelier C'), engagement('Classes — Q2ER : Atelier A'), engagement('Accueil d’un stagiaire', '2026-03-13')]
    expect(distinctActors(list).map((each) => each.how)).toEqual(['Classes — Q2ER : Atelier A'])
    expect(distinctActors([...list].reverse())).toEqual(distinctActors(list))
  })
})
