import { getEdition } from '../../db/programmes/editions'
import { listMentoring, listPlacements } from '../../db/programmes/placements'
import { pupilShortName } from '../../db/rules/actor-keys'
import type { Db } from '../../db/schema'
import { writeTableWorkbook } from '../files/xlsx-writer'
import { type ColumnSpec, tableColumns } from '../files/table-output'
import { EDITION_PARTNER_ROLE, EDITION_STATUS, MENTORING_PAIR_STATUS, PARTICIPANT_ROLE, PLACEMENT_KIND, PLACEMENT_STATUS, PROGRAMME_SESSION_STATUS, SEQUENCE_STATUS } from '../../db/rules/programme-values'

type PlacementRow = Awaited<ReturnType<typeof listPlacements>>[number]
type PairRow = Awaited<ReturnType<typeof listMentoring>>[number]

/** The mentoring pairs' sheet: who mentors whom, since when, and how often they met. */
export const MENTORING_COLUMNS: ColumnSpec[] = tableColumns(
  ['Mentor', 'mentor', 'text', 26],
  ['Organisation du mentor', 'organisation', 'text', 32],
  ['Élève', 'mentee', 'text', 18],
  ['Établissement', 'school', 'text', 32],
  ['Niveau', 'level', 'text', 12],
  ['Édition', 'edition', 'text', 20],
  ['Début', 'startedOn', 'date'],
  ['Fin', 'endedOn', 'date'],
  ['Statut', 'status', 'text', 12],
  ['Rencontres', 'meetings', 'integer', 12],
  ['Dernière rencontre', 'lastMeeting', 'date'],
)

/** A pair as the sheet shows it; the pupil as « Prénom N. » (the workbook travels). */
export function mentoringRecord(row: PairRow, levels: Map<string, string>): Record<string, unknown> {
  const mentee =
    row.menteePupilId === null ? 'Élève non désigné' : row.menteeAnonymisedAt ? 'Élève anonymisé' : pupilShortName(row.menteeFirstName, row.menteeLastName)
  return {
    mentor: row.mentorName,
    organisation: row.mentorOrganisation,
    mentee,
    school: row.menteeSchool,
    level: row.menteeLevel ? (levels.get(row.menteeLevel) ?? row.menteeLevel) : null,
    edition: row.editionTitle,
    startedOn: row.startedOn,
    endedOn: row.endedOn,
    status: MENTORING_PAIR_STATUS.label(row.status),
    meetings: row.meetings.length,
    // Meetings come newest first.
    lastMeeting: row.meetings[0]?.heldOn ?? null,
  }
}

/** The columns of an internships sheet (with the edition column when it lists several editions). */
export function placementColumns(withEdition: boolean): ColumnSpec[] {
  return tableColumns(
    ['Type', 'kind', 'text', 26],
    ['Élève', 'pupil', 'text', 18],
    ['Établissement', 'school', 'text', 36],
    ['Niveau', 'level', 'text', 12],
    ["Structure d'accueil", 'host', 'text', 36],
    ['Commune', 'town', 'text', 22],
    ['Début', 'startedOn', 'date'],
    ['Fin', 'endedOn', 'date'],
    ['Tuteur', 'tutor', 'text', 24],
    ...(withEdition ? [['Édition', 'edition', 'text', 20] as const] : []),
    ['Statut', 'status', 'text', 12],
    ['Issue', 'outcome', 'text', 40],
  )
}

/** A session's figures, as the edition's workbook and the funder report both write them. */
export const SESSION_FIGURE_COLUMNS = tableColumns(
  ['Élèves présents', 'pupilsCount', 'integer'],
  ['Enseignants présents', 'teachersCount', 'integer'],
  ["Heures d'intervention", 'interventionHours', 'decimal'],
  ['Satisfaction (sur 5)', 'satisfaction', 'decimal'],
)

export function placementRecord(row: PlacementRow, levels: Map<string, string>): Record<string, unknown> {
  return {
    kind: PLACEMENT_KIND.label(row.kind),
    pupil: row.named ? pupilShortName(row.pupilFirstName, row.pupilLastName) : 'Anonyme',
    school: row.schoolName,
    level: row.levelCode ? (levels.get(row.levelCode) ?? row.levelCode) : null,
    host: row.hostName,
    town: row.hostTown,
    startedOn: row.startedOn,
    endedOn: row.endedOn,
    tutor: row.tutor,
    edition: row.editionTitle,
    status: PLACEMENT_STATUS.label(row.status),
    outcome: row.outcome,
  }
}

// The workbook of one edition: its steps, its sessions with their counts and feedback, who took
// part, the classes and their head counts, and its internships — readable without the app.
// Named pupils appear as « Prénom N. »: the workbook travels (COPIL, funders), the full name stays
// in the app.

export function editionFileName(edition: { title: string; schoolYear: string }): string {
  const slug = edition.title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
  return `edition-${slug || edition.schoolYear}.xlsx`
}

export async function writeEditionWorkbook(db: Db, editionId: number, file: string): Promise<{ rows: number; title: string }> {
  const edition = await getEdition(db, editionId)
  const placements = await listPlacements(db, { editionId })
  const levels = new Map((await db.selectFrom('schoolLevels').select(['code', 'label']).execute()).map((level) => [level.code, level.label]))
  const sessions = edition.sequences.flatMap((sequence) => sequence.sessions.map((session) => ({ sequence, session })))
  const average = (values: (number | null)[]) => {
    const known = values.filter((value): value is number => value !== null)
    return known.length ? Math.round((known.reduce((sum, value) => sum + value, 0) / known.length) * 10) / 10 : null
  }
  const total = (values: (number | null)[]) => (values.some((value) => value !== null) ? values.reduce<number>((sum, value) => sum + (value ?? 0), 0) : null)

  const result = await writeTableWorkbook(file, [
    {
      name: 'Séquences',
      title: `${edition.title} — ${edition.programmeName} — ${EDITION_STATUS.label(edition.status)}`,
      columns: tableColumns(
        ['N°', 'stepOrder', 'integer', 6],
        ['Étape', 'title', 'text', 40],
        ['Statut', 'status', 'text', 14],
        ['Séances', 'sessions', 'integer'],
        ['Séances réalisées', 'done', 'integer'],
        ['Première date', 'firstOn', 'date'],
        ['Dernière date', 'lastOn', 'date'],
        ['Élèves présents', 'pupils', 'integer'],
        ['Enseignants présents', 'teachers', 'integer'],
        ["Heures d'intervention", 'hours', 'decimal'],
        ['Satisfaction moyenne (sur 5)', 'satisfaction', 'decimal'],
        ['Description', 'description', 'text', 50],
      ),
      rows: edition.sequences.map((sequence) => {
        const live = sequence.sessions.filter((session) => session.status !== 'annulee')
        const done = live.filter((session) => session.status === 'realisee')
        return {
          stepOrder: sequence.stepOrder,
          title: sequence.title,
          status: SEQUENCE_STATUS.label(sequence.status),
          sessions: live.length,
          done: done.length,
          firstOn: live[0]?.heldOn ?? null,
          lastOn: live.at(-1)?.heldOn ?? null,
          pupils: total(done.map((session) => session.pupilsCount)),
          teachers: total(done.map((session) => session.teachersCount)),
          hours: total(done.map((session) => session.interventionHours)),
          satisfaction: average(done.map((session) => session.satisfaction)),
          description: sequence.description,
        }
      }),
    },
    {
      name: 'Séances',
      columns: tableColumns(
        ['Date', 'heldOn', 'date'],
        ['N°', 'stepOrder', 'integer', 6],
        ['Étape', 'step', 'text', 34],
        ['Statut', 'status', 'text', 12],
        ['Lieu', 'place', 'text', 30],
        ['Commune', 'town', 'text', 22],
        ['Classes', 'classes', 'text', 40],
        ['Intervenants et entreprises', 'participants', 'text', 40],
        ...SESSION_FIGURE_COLUMNS,
        ['Commentaires', 'feedback', 'text', 60],
      ),
      rows: sessions.map(({ sequence, session }) => ({
        heldOn: session.heldOn,
        stepOrder: sequence.stepOrder,
        step: sequence.title,
        status: PROGRAMME_SESSION_STATUS.label(session.status),
        place: session.place,
        town: session.townName,
        classes: session.classes.map((row) => `${row.schoolName}${row.classLabel ? ` ${row.classLabel}` : ''}`).join(' ; '),
        participants: session.participants.map((row) => row.actorName).join(' ; '),
        pupilsCount: session.pupilsCount,
        teachersCount: session.teachersCount,
        interventionHours: session.interventionHours,
        satisfaction: session.satisfaction,
        feedback: session.feedback,
      })),
    },
    {
      name: 'Participants',
      columns: tableColumns(
        ['Participant', 'name', 'text', 40],
        ['Organisation ou personne', 'kind', 'text', 14],
        ['Rôle', 'role', 'text', 24],
        ['Commune', 'town', 'text', 22],
        ['Date', 'heldOn', 'date'],
        ['Étape', 'step', 'text', 34],
        ['Statut de la séance', 'status', 'text', 14],
      ),
      rows: [
        ...edition.partners.map((partner) => ({
          name: partner.actorName,
          kind: partner.actorKey.startsWith('o') ? 'Organisation' : 'Personne',
          role: `${EDITION_PARTNER_ROLE.label(partner.role)} de l'édition`,
          town: null,
          heldOn: null,
          step: null,
          status: null,
        })),
        ...sessions.flatMap(({ sequence, session }) =>
          session.participants.map((row) => ({
            name: row.actorName,
            kind: row.kind === 'organisation' ? 'Organisation' : 'Personne',
            role: PARTICIPANT_ROLE.label(row.role),
            town: row.town,
            heldOn: session.heldOn,
            step: sequence.title,
            status: PROGRAMME_SESSION_STATUS.label(session.status),
          })),
        ),
      ],
    },
    {
      name: 'Classes et effectifs',
      columns: tableColumns(
        ['Date', 'heldOn', 'date'],
        ['Étape', 'step', 'text', 34],
        ['Statut de la séance', 'status', 'text', 14],
        ['Établissement', 'school', 'text', 40],
        ['Commune', 'town', 'text', 22],
        ['Classe', 'classLabel', 'text', 14],
        ['Niveau', 'level', 'text', 14],
        ['Élèves', 'pupils', 'integer'],
      ),
      rows: sessions.flatMap(({ sequence, session }) =>
        session.classes.map((row) => ({
          heldOn: session.heldOn,
          step: sequence.title,
          status: PROGRAMME_SESSION_STATUS.label(session.status),
          school: row.schoolName,
          town: row.schoolTown,
          classLabel: row.classLabel,
          level: row.levelCode ? (levels.get(row.levelCode) ?? row.levelCode) : null,
          pupils: row.pupilsCount,
        })),
      ),
    },
    { name: 'Stages', columns: placementColumns(false), rows: placements.map((row) => placementRecord(row, levels)) },
  ])
  return { rows: result.rows, title: edition.title }
}
