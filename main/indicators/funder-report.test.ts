import path from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { setManualValue, setTarget } from '../../db/indicators/indicators'
import type { Store } from '../../db/backend'
import { insertRow, queryValue, runSql, tempDir, testStore } from '../../tests/helpers/temp'
import { writeFunderReport } from './funder-report'

// The funder workbook's figures against a small dataset counted by hand (the browser test checks
// that they are the dashboard's; this one checks that they are right).

async function dataset(store: Store) {
  const run = (text: string, ...params: unknown[]) => runSql(store, text, ...params)
  const insert = (text: string, ...params: unknown[]) => insertRow(store, text, ...params)
  const organisation = (name: string, profile: string, town: string, joinedOn: string | null = null) =>
    insert('insert into organisations (name, profile_code, town_code, status, joined_on) values (?, ?, ?, ?, ?)', name, profile, town, joinedOn ? 'vitawiner' : 'prospect', joinedOn)
  const school = await organisation('Lycée Robert Schuman', 'education', '94018')
  const printer = await organisation('Imprimerie Dubois', 'entreprise', '94080', '2025-10-01')
  const bakery = await organisation('Boulangerie Martin', 'entreprise', '94080')
  const association = await organisation('Association Horizon', 'association', '94033')
  const mentor = await insert("insert into people (first_name, last_name, profile_code, town_code) values ('Hélène', 'Roy', 'entreprise', '94052')")

  const q2er = await queryValue<number>(store, "select id from programmes where code = 'q2er'")
  const sequence = async (schoolYear: string, title: string) => {
    const edition = await insert('insert into editions (programme_id, school_year, title) values (?, ?, ?)', q2er, schoolYear, `Q2ER ${schoolYear}`)
    return insert('insert into sequences (edition_id, step_order, title) values (?, 1, ?)', edition, title)
  }
  const session = (sequenceId: number, heldOn: string, status: string, town: string | null, figures: { pupils?: number; teachers?: number; hours?: number; satisfaction?: number } = {}) =>
    insert(
      'insert into sequence_sessions (sequence_id, held_on, status, town_code, pupils_count, teachers_count, intervention_hours, satisfaction) values (?, ?, ?, ?, ?, ?, ?, ?)',
      sequenceId, heldOn, status, town, figures.pupils ?? null, figures.teachers ?? null, figures.hours ?? null, figures.satisfaction ?? null,
    )
  const classOf = (sessionId: number, label: string, pupils: number) => run('insert into session_classes (session_id, school_id, class_label, pupils_count) values (?, ?, ?, ?)', sessionId, school, label, pupils)
  const speaker = (sessionId: number, organisationId: number | null, personId: number | null) =>
    run('insert into session_participants (session_id, organisation_id, person_id) values (?, ?, ?)', sessionId, organisationId, personId)

  const steps = await sequence('2025-2026', 'C’est quoi l’entreprise ?')
  const first = await session(steps, '2025-10-10', 'realisee', '94018', { teachers: 2, hours: 2, satisfaction: 4 })
  await classOf(first, '2nde 1', 28)
  await classOf(first, '2nde 2', 30)
  await speaker(first, printer, null)
  const second = await session(steps, '2026-02-05', 'realisee', '94080', { teachers: 1, hours: 3, satisfaction: 5 })
  await classOf(second, '2nde 1', 26)
  await speaker(second, printer, null)
  await speaker(second, null, mentor)
  await session(steps, '2026-04-01', 'planifiee', '94018', { pupils: 25 })
  // The year before: one session counted at the door, no classes.
  await session(await sequence('2024-2025', 'Clôture'), '2025-03-10', 'realisee', '94018', { pupils: 40, hours: 1 })

  await run("insert into placements (host_organisation_id, school_id, level_code, kind, started_on, status) values (?, ?, 'seconde', 'stage_seconde', '2025-11-03', 'prevu')", bakery, school)
  await run("insert into placements (host_organisation_id, school_id, level_code, kind, started_on, status) values (?, ?, 'seconde', 'stage_seconde', '2025-12-01', 'annule')", bakery, school)
  const mentee = await insert("insert into pupils (first_name, last_name, is_minor, school_id, level_code, school_year) values ('Inès', 'Benali', 0, ?, 'premiere', '2025-2026')", school)
  await run("insert into mentoring_pairs (mentor_person_id, mentee_pupil_id, started_on) values (?, ?, '2025-09-20')", mentor, mentee)

  const group = await insert("insert into working_groups (name) values ('Se connaître')")
  const meeting = await insert("insert into group_meetings (group_id, held_on) values (?, '2025-12-01')", group)
  await run("insert into meeting_attendance (meeting_id, organisation_id, status) values (?, ?, 'present'), (?, ?, 'excuse')", meeting, association, meeting, bakery)
  const copil = await insert("insert into copil_sessions (reference, held_on, status) values ('COPIL-2026-01', '2026-01-20', 'tenue')")
  await run("insert into copil_attendance (session_id, organisation_id, status) values (?, ?, 'present')", copil, association)

  await setTarget(store.db, { indicatorCode: 'eleves_touches', period: '2025-2026', target: 100 })
  await setManualValue(store.db, { indicatorCode: 'satisfaction_partenaires', period: '2025-2026', value: 87, source: 'Enquête annuelle 2026', measuredOn: '2026-06-15' })
}

/** A sheet's rows as records keyed by header (the header row given), empty rows left out. */
function records(sheet: ExcelJS.Worksheet, headerRow: number): Record<string, unknown>[] {
  const headers = (sheet.getRow(headerRow).values as unknown[]).slice(1).map(String)
  const rows: Record<string, unknown>[] = []
  sheet.eachRow((row, number) => {
    if (number <= headerRow) return
    const values = (row.values as unknown[]).slice(1)
    if (values.every((value) => value === null || value === undefined)) return
    rows.push(Object.fromEntries(headers.map((header, index) => [header, values[index] ?? null])))
  })
  return rows
}

describe('writeFunderReport', () => {
  it('writes the figures counted by hand: synthesis, three years, actions, actors by town and profile, participations', async () => {
    const store = await testStore()
    await dataset(store)
    const file = path.join(tempDir(), 'rapport.xlsx')
    await writeFunderReport(store.db, '2025-2026', file)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(file)
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Synthèse', 'Indicateurs', 'Actions', 'Acteurs par commune et profil', 'Participations'])

    const synthesis = workbook.getWorksheet('Synthèse')!
    expect(synthesis.getCell('A1').value).toBe("Réseau Vitawin — Paris Est Marne et Bois — bilan de l'année scolaire 2025-2026")
    const byName = new Map(records(synthesis, 3).filter((row) => row['Indicateur'] && row['Valeur'] !== undefined).map((row) => [row['Indicateur'], row]))
    const values = Object.fromEntries([...byName.entries()].map(([name, row]) => [name, row['Valeur'] ?? null]))
    expect(byName.get('Élèves accompagnés')).toMatchObject({ Cible: 100, 'Atteinte de la cible': 0.59, Source: 'Calculé à partir des données' })
    expect(values).toMatchObject({
      // Classes once at their largest count (2nde 1: 28, 2nde 2: 30) and the mentee of another level.
      'Élèves accompagnés': 59,
      'Participations d’élèves aux séances': 84,
      'Séances réalisées': 2,
      "Heures d'intervention": 5,
      'Stages et alternances trouvés': 1,
      'Mentors engagés': 1,
      // The school, the printer, the mentor, the bakery (host) and the association (meeting, COPIL).
      'Acteurs engagés': 5,
      'Entreprises engagées': 2,
      'Communes couvertes': 4,
      'Nouveaux Vitawiners': 1,
      'Vitawiners (fin de période)': 1,
      'Réunions de co-construction': 2,
      "Pistes d'actions retenues": 0,
      'Satisfaction moyenne des séances': 4.5,
    })
    expect(byName.get('Partenaires satisfaits (enquête)')).toMatchObject({ Valeur: 87, Source: 'Enquête annuelle 2026' })
    expect(byName.get('Nouvelles coopérations nées du réseau')).toMatchObject({ Valeur: null, Source: 'Saisie manuelle (non renseignée)' })

    const history = new Map(records(workbook.getWorksheet('Indicateurs')!, 1).map((row) => [row['Indicateur'], row]))
    expect(history.get('Séances réalisées')).toMatchObject({ '2023-2024': 0, '2024-2025': 1, '2025-2026': 2 })
    expect(history.get('Élèves accompagnés')).toMatchObject({ '2023-2024': 0, '2024-2025': 40, '2025-2026': 59 })
    expect(history.get("Heures d'intervention")).toMatchObject({ '2024-2025': 1, '2025-2026': 5 })

    expect(records(workbook.getWorksheet('Actions')!, 1).map((row) => [row['Séquence'], row['Commune'], row['Statut'], row['Enseignants présents'], row["Heures d'intervention"]])).toEqual([
      ['C’est quoi l’entreprise ?', 'Charenton-le-Pont', 'Réalisée', 2, 2],
      ['C’est quoi l’entreprise ?', 'Vincennes', 'Réalisée', 1, 3],
      ['C’est quoi l’entreprise ?', 'Charenton-le-Pont', 'Planifiée', null, null],
    ])

    const cross = records(workbook.getWorksheet('Acteurs par commune et profil')!, 3)
    const row = (town: string) => cross.find((each) => each['Commune'] === town)!
    expect(row('Vincennes')).toMatchObject({ Entreprises: 2, Total: 2 })
    expect(row('Charenton-le-Pont')).toMatchObject({ 'Éducation nationale': 1, Total: 1 })
    expect(row('Fontenay-sous-Bois')).toMatchObject({ Associations: 1, Total: 1 })
    expect(row('Nogent-sur-Marne')).toMatchObject({ Entreprises: 1, Total: 1 })
    expect(row('Hors territoire ou non renseignée')).toMatchObject({ Total: 0 })
    expect(cross.reduce((sum, each) => sum + Number(each['Total']), 0)).toBe(5)

    const participations = records(workbook.getWorksheet('Participations')!, 1)
    expect(participations.map((each) => [(each['Date'] as Date).toISOString().slice(0, 10), each['Acteur']])).toEqual([
      ['2025-09-20', 'Hélène Roy'],
      ['2025-10-10', 'Imprimerie Dubois'],
      ['2025-10-10', 'Lycée Robert Schuman'],
      ['2025-10-10', 'Lycée Robert Schuman'],
      ['2025-11-03', 'Boulangerie Martin'],
      ['2025-12-01', 'Association Horizon'],
      ['2026-01-20', 'Association Horizon'],
      ['2026-02-05', 'Hélène Roy'],
      ['2026-02-05', 'Imprimerie Dubois'],
      ['2026-02-05', 'Lycée Robert Schuman'],
    ])
    expect(participations[0]).toMatchObject({ Profil: 'Entreprises', Commune: 'Nogent-sur-Marne', Participation: 'Mentorat' })
    await store.close()
  })

  it('lists the actions and participations of one day in one order on either engine, whatever was changed since', async () => {
    const store = await testStore()
    const q2er = await queryValue<number>(store, "select id from programmes where code = 'q2er'")
    const school = await insertRow(store, "insert into organisations (name, profile_code, town_code) values ('Collège Jean Macé', 'education', '94080')")
    const edition = await insertRow(store, "insert into editions (programme_id, school_year, title) values (?, '2025-2026', 'Q2ER 2025-2026')", q2er)
    const places = ['Salle A', 'Salle B', 'Salle C', 'Salle D']
    const ids: number[] = []
    for (const [step, place] of places.entries()) {
      const sequence = await insertRow(store, 'insert into sequences (edition_id, step_order, title) values (?, ?, ?)', edition, step + 1, `Atelier ${place.slice(-1)}`)
      const id = await insertRow(store, "insert into sequence_sessions (sequence_id, held_on, status, place) values (?, '2026-03-12', 'realisee', ?)", sequence, place)
      await runSql(store, "insert into session_classes (session_id, school_id, class_label, pupils_count) values (?, ?, '4e B', 25)", id, school)
      ids.push(id)
    }
    // Rows moved after being entered (a date corrected twice): PostgreSQL writes them anew, after the others.
    await runSql(store, "update sequence_sessions set held_on = '2026-03-13' where id in (?, ?)", ids[0], ids[1])
    await runSql(store, "update sequence_sessions set held_on = '2026-03-12' where id in (?, ?)", ids[0], ids[1])
    const file = path.join(tempDir(), 'rapport.xlsx')
    await writeFunderReport(store.db, '2025-2026', file)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(file)
    // The actions in the order they were entered; one school's participations of a day in the order of what it took part in.
    expect(records(workbook.getWorksheet('Actions')!, 1).map((row) => row['Lieu'])).toEqual(places)
    expect(records(workbook.getWorksheet('Participations')!, 1).map((row) => row['Participation'])).toEqual(
      ['A', 'B', 'C', 'D'].map((step) => `Classes — Q2ER — Quand élèves et entreprises se rencontrent : Atelier ${step}`),
    )
    await store.close()
  })
})
