import { describe, expect, it } from 'vitest'
import { tempStore } from '../../tests/helpers/temp'
import type { Store } from '../sqlite/connection'
import { COMPUTATIONS, indicatorValue, periodBounds } from './compute'
import { breakdowns, setManualValue, setTarget, indicatorTable } from './indicators'

// Every computed indicator against a small fixture counted by hand.

async function fixture(store: Store) {
  const s = store.sqlite
  const org = (name: string, profile: string, town: string | null, extra: { status?: string; joined?: string } = {}) =>
    Number(
      s
        .prepare('insert into organisations (name, profile_code, town_code, status, joined_on) values (?, ?, ?, ?, ?)')
        .run(name, profile, town, extra.status ?? 'prospect', extra.joined ?? null).lastInsertRowid,
    )
  const person = (first: string, profile: string, town: string | null) =>
    Number(s.prepare('insert into people (first_name, last_name, profile_code, town_code) values (?, ?, ?, ?)').run(first, 'Test', profile, town).lastInsertRowid)
  const school = org('Lycée A', 'education', '94018')
  const c1 = org('Entreprise C1', 'entreprise', '94080', { status: 'vitawiner', joined: '2025-09-01' })
  const c2 = org('Entreprise C2', 'entreprise', '94080', { status: 'vitawiner', joined: '2025-08-31' })
  const c3 = org('Entreprise C3', 'entreprise', '94033')
  const c4 = org('Entreprise C4', 'entreprise', '94042')
  const a2 = org('Association A2', 'association', '94052')
  const i1 = org('Institution I1', 'institution', null)
  const p1 = person('Paul', 'entreprise', null)
  const p2 = person('Mentor', 'entreprise', '94068')
  const p3 = person('Ancien mentor', 'entreprise', '94069')

  const programme = (code: string) => s.prepare('select id from programmes where code = ?').pluck().get(code) as number
  const edition = (programmeCode: string, year: string) =>
    Number(s.prepare("insert into editions (programme_id, school_year, title) values (?, ?, 'Édition')").run(programme(programmeCode), year).lastInsertRowid)
  const sequence = (editionId: number, title: string) => Number(s.prepare('insert into sequences (edition_id, step_order, title) values (?, 1, ?)').run(editionId, title).lastInsertRowid)
  const session = (sequenceId: number, heldOn: string, status: string, town: string | null, pupils: number | null, extra: { hours?: number; satisfaction?: number } = {}) =>
    Number(
      s
        .prepare('insert into sequence_sessions (sequence_id, held_on, status, town_code, pupils_count, intervention_hours, satisfaction) values (?, ?, ?, ?, ?, ?, ?)')
        .run(sequenceId, heldOn, status, town, pupils, extra.hours ?? null, extra.satisfaction ?? null).lastInsertRowid,
    )
  const classOf = (sessionId: number, label: string, count: number) =>
    s.prepare("insert into session_classes (session_id, school_id, class_label, level_code, pupils_count) values (?, ?, ?, 'seconde', ?)").run(sessionId, school, label, count)
  const speaker = (sessionId: number, organisationId: number | null, personId: number | null) =>
    s.prepare('insert into session_participants (session_id, organisation_id, person_id) values (?, ?, ?)').run(sessionId, organisationId, personId)

  const q2er = sequence(edition('q2er', '2025-2026'), 'C’est quoi l’entreprise ?')
  const s1 = session(q2er, '2025-10-10', 'realisee', '94018', null, { hours: 2, satisfaction: 4 })
  classOf(s1, '2nde 3', 30)
  classOf(s1, '2nde 4', 28)
  speaker(s1, c1, null)
  speaker(s1, null, p1)
  // In August: still the school year that began the previous September.
  const s2 = session(q2er, '2026-08-20', 'realisee', null, null, { hours: 1.5, satisfaction: 5 })
  classOf(s2, '2nde 3', 32)
  speaker(s2, c1, null)
  speaker(s2, c2, null)
  const planned = session(q2er, '2025-09-01', 'planifiee', '94042', 99)
  speaker(planned, c4, null)
  const previousYear = sequence(edition('q2er', '2024-2025'), 'Clôture')
  session(previousYear, '2025-08-31', 'realisee', '94069', 50)
  session(q2er, '2026-01-15', 'realisee', null, 15)
  const forum = sequence(edition('forum', '2025-2026'), 'Forum des métiers')
  const f1 = session(forum, '2026-03-01', 'realisee', null, 40)
  speaker(f1, c1, null) // engaged in two programmes: counted once

  s.prepare("insert into placements (host_organisation_id, school_id, kind, started_on, status) values (?, ?, 'stage_3e', '2026-02-01', 'termine')").run(c3, school)
  s.prepare("insert into placements (host_organisation_id, school_id, kind, started_on, status) values (?, ?, 'stage_3e', '2026-02-01', 'annule')").run(c4, school)
  s.prepare("insert into mentoring_pairs (mentor_person_id, started_on) values (?, '2025-06-01')").run(p2)
  s.prepare("insert into mentoring_pairs (mentor_person_id, started_on, ended_on, status) values (?, '2024-10-01', '2025-08-01', 'termine')").run(p3)

  const group = Number(s.prepare("insert into working_groups (name) values ('Groupe')").run().lastInsertRowid)
  const meeting = Number(s.prepare("insert into group_meetings (group_id, held_on) values (?, '2025-11-05')").run(group).lastInsertRowid)
  s.prepare("insert into meeting_attendance (meeting_id, organisation_id, status) values (?, ?, 'present')").run(meeting, a2)
  s.prepare("insert into meeting_attendance (meeting_id, organisation_id, status) values (?, ?, 'absent')").run(meeting, c4)
  const copil = Number(s.prepare("insert into copil_sessions (reference, held_on, status) values ('COPIL-2026-03', '2026-03-15', 'tenue')").run().lastInsertRowid)
  s.prepare("insert into copil_attendance (session_id, organisation_id, status) values (?, ?, 'present')").run(copil, i1)
  return { school, c1, c2, c3, c4, a2, i1, p1, p2 }
}

async function value(store: Store, code: string, period: string) {
  return (await indicatorValue(store.db, code, period)).value
}

describe('computed indicators', () => {
  it('counts every indicator of 2025-2026 as counted by hand', async () => {
    const store = await tempStore()
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
    const store = await tempStore()
    const ids = await fixture(store)
    const s = store.sqlite
    const otherSchool = Number(s.prepare("insert into organisations (name, profile_code, town_code) values ('Lycée B', 'education', '94080')").run().lastInsertRowid)
    const pupil = (schoolId: number | null, level: string | null) =>
      Number(
        s
          .prepare("insert into pupils (first_name, last_name, is_minor, school_id, level_code, school_year) values ('Élève', 'Test', 0, ?, ?, '2025-2026')")
          .run(schoolId, level).lastInsertRowid,
      )
    const pair = (mentee: number, started: string, ended: string | null = null) =>
      s.prepare('insert into mentoring_pairs (mentor_person_id, mentee_pupil_id, started_on, ended_on) values (?, ?, ?, ?)').run(ids.p2, mentee, started, ended)
    pair(pupil(ids.school, 'seconde'), '2025-10-01') // a 2nde class of Lycée A was counted: maybe in it, not added
    const premiere = pupil(ids.school, 'premiere')
    pair(premiere, '2025-10-01')
    pair(premiere, '2026-02-01') // a second mentor: the same pupil, once
    pair(pupil(otherSchool, 'bts'), '2025-01-10', '2025-09-15') // ended in September: still reached this year
    pair(pupil(otherSchool, 'bts'), '2024-10-01', '2025-06-30') // ended before the year
    pair(pupil(null, null), '2026-03-01') // school unknown

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
    const store = await tempStore()
    await fixture(store)
    expect(periodBounds('2025-2026')).toEqual({ start: '2025-09-01', end: '2026-08-31' })
    expect(await value(store, 'seances_realisees', '2024-2025')).toBe(1) // 31/08/2025
    expect(await value(store, 'eleves_touches', '2024-2025')).toBe(50)
    expect(await value(store, 'mentors', '2024-2025')).toBe(2)
    expect(await value(store, 'seances_realisees', '2026')).toBe(3) // calendar year 2026: 15/01, 01/03, 20/08
  })

  it('counts an actor engaged in two programmes once, and opens each figure to its records', async () => {
    const store = await tempStore()
    const ids = await fixture(store)
    const engaged = await indicatorValue(store.db, 'acteurs_engages', '2025-2026')
    expect(engaged.records.filter((record) => record.link === `/acteurs/o${ids.c1}`)).toHaveLength(1)
    expect(engaged.records.map((record) => record.link)).not.toContain(`/acteurs/o${ids.c4}`)
    const pupils = await indicatorValue(store.db, 'eleves_touches', '2025-2026')
    expect(pupils.records.map((record) => record.detail)).toEqual(expect.arrayContaining(['32 élèves', '28 élèves', '15 élèves (séance sans classe détaillée)']))
  })

  it('gives the same figures again on the same data (reproducible)', async () => {
    const store = await tempStore()
    await fixture(store)
    const first = await indicatorTable(store.db, '2025-2026')
    const second = await indicatorTable(store.db, '2025-2026')
    expect(second).toEqual(first)
  })

  it('breaks engaged actors and pupils down by town and by profile', async () => {
    const store = await tempStore()
    await fixture(store)
    const data = await breakdowns(store.db, '2025-2026')
    expect(data.byTown.find((town) => town.code === '94080')?.actors).toBe(2)
    expect(data.byTown.find((town) => town.code === '94018')).toMatchObject({ actors: 1, pupils: 60 })
    expect(data.outside).toEqual({ actors: 2, pupils: 55 })
    expect(data.byProfile.find((profile) => profile.code === 'entreprise')?.actors).toBe(5)
    expect(data.totalActors).toBe(8)
  })

  it('keeps values entered by hand with their source, and targets per period', async () => {
    const store = await tempStore()
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
