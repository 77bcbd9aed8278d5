import { getEdition } from '../../db/programmes/editions'
import { listMentoring, listPlacements } from '../../db/programmes/placements'
import { pupilShortName } from '../../db/rules/actor-keys'
import type { Db } from '../../db/schema'
import { writeTableWorkbook } from '../files/xlsx-writer'
import { type ColumnSpec } from '../files/table-output'
import { EDITION_PARTNER_ROLE, EDITION_STATUS, MENTORING_PAIR_STATUS, PARTICIPANT_ROLE, PLACEMENT_KIND, PLACEMENT_STATUS, PROGRAMME_SESSION_STATUS, SEQUENCE_STATUS } from '../../db/rules/programme-values'

type PlacementRow = Awaited<ReturnType<typeof listPlacements>>[number]
type PairRow = Awaited<ReturnType<typeof listMentoring>>[number]

/** The mentoring pairs' sheet: who mentors whom, since when, and how often they met. */
export const MENTORING_COLUMNS: ColumnSpec[] = [
  { header: 'Mentor', key: 'mentor', type: 'text', width: 26 },
  { header: 'Organisation du mentor', key: 'organisation', type: 'text', width: 32 },
  { header: 'Élève', key: 'mentee', type: 'text', width: 18 },
  { header: 'Établissement', key: 'school', type: 'text', width: 32 },
  { header: 'Niveau', key: 'level', type: 'text', width: 12 },
  { header: 'Édition', key: 'edition', type: 'text', width: 20 },
  { header: 'Début', key: 'startedOn', type: 'date' },
  { header: 'Fin', key: 'endedOn', type: 'date' },
  { header: 'Statut', key: 'status', type: 'text', width: 12 },
  { header: 'Rencontres', key: 'meetings', type: 'integer', width: 12 },
  { header: 'Dernière rencontre', key: 'lastMeeting', type: 'date' },
]

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
  return [
    { header: 'Type', key: 'kind', type: 'text', width: 26 },
    { header: 'Élève', key: 'pupil', type: 'text', width: 18 },
    { header: 'Établissement', key: 'school', type: 'text', width: 36 },
    { header: 'Niveau', key: 'level', type: 'text', width: 12 },
    { header: "Structure d'accueil", key: 'host', type: 'text', width: 36 },
    { header: 'Commune', key: 'town', type: 'text', width: 22 },
    { header: 'Début', key: 'startedOn', type: 'date' },
    { header: 'Fin', key: 'endedOn', type: 'date' },
    { header: 'Tuteur', key: 'tutor', type: 'text', width: 24 },
    ...(withEdition ? [{ header: 'Édition', key: 'edition', type: 'text' as const, width: 20 }] : []),
    { header: 'Statut', key: 'status', type: 'text', width: 12 },
    { header: 'Issue', key: 'outcome', type: 'text', width: 40 },
  ]
}

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
      columns: [
        { header: 'N°', key: 'stepOrder', type: 'integer', width: 6 },
        { header: 'Étape', key: 'title', type: 'text', width: 40 },
        { header: 'Statut', key: 'status', type: 'text', width: 14 },
        { header: 'Séances', key: 'sessions', type: 'integer' },
        { header: 'Séances réalisées', key: 'done', type: 'integer' },
        { header: 'Première date', key: 'firstOn', type: 'date' },
        { header: 'Dernière date', key: 'lastOn', type: 'date' },
        { header: 'Élèves présents', key: 'pupils', type: 'integer' },
        { header: 'Enseignants présents', key: 'teachers', type: 'integer' },
        { header: "Heures d'intervention", key: 'hours', type: 'decimal' },
        { header: 'Satisfaction moyenne (sur 5)', key: 'satisfaction', type: 'decimal' },
        { header: 'Description', key: 'description', type: 'text', width: 50 },
      ],
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
      columns: [
        { header: 'Date', key: 'heldOn', type: 'date' },
        { header: 'N°', key: 'stepOrder', type: 'integer', width: 6 },
        { header: 'Étape', key: 'step', type: 'text', width: 34 },
        { header: 'Statut', key: 'status', type: 'text', width: 12 },
        { header: 'Lieu', key: 'place', type: 'text', width: 30 },
        { header: 'Commune', key: 'town', type: 'text', width: 22 },
        { header: 'Classes', key: 'classes', type: 'text', width: 40 },
        { header: 'Intervenants et entreprises', key: 'participants', type: 'text', width: 40 },
        { header: 'Élèves présents', key: 'pupils', type: 'integer' },
        { header: 'Enseignants présents', key: 'teachers', type: 'integer' },
        { header: "Heures d'intervention", key: 'hours', type: 'decimal' },
        { header: 'Satisfaction (sur 5)', key: 'satisfaction', type: 'decimal' },
        { header: 'Commentaires', key: 'feedback', type: 'text', width: 60 },
      ],
      rows: sessions.map(({ sequence, session }) => ({
        heldOn: session.heldOn,
        stepOrder: sequence.stepOrder,
        step: sequence.title,
        status: PROGRAMME_SESSION_STATUS.label(session.status),
        place: session.place,
        town: session.townName,
        classes: session.classes.map((row) => `${row.schoolName}${row.classLabel ? ` ${row.classLabel}` : ''}`).join(' ; '),
        participants: session.participants.map((row) => row.actorName).join(' ; '),
        pupils: session.pupilsCount,
        teachers: session.teachersCount,
        hours: session.interventionHours,
        satisfaction: session.satisfaction,
        feedback: session.feedback,
      })),
    },
    {
      name: 'Participants',
      columns: [
        { header: 'Participant', key: 'name', type: 'text', width: 40 },
        { header: 'Organisation ou personne', key: 'kind', type: 'text', width: 14 },
        { header: 'Rôle', key: 'role', type: 'text', width: 24 },
        { header: 'Commune', key: 'town', type: 'text', width: 22 },
        { header: 'Date', key: 'heldOn', type: 'date' },
        { header: 'Étape', key: 'step', type: 'text', width: 34 },
        { header: 'Statut de la séance', key: 'status', type: 'text', width: 14 },
      ],
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
      columns: [
        { header: 'Date', key: 'heldOn', type: 'date' },
        { header: 'Étape', key: 'step', type: 'text', width: 34 },
        { header: 'Statut de la séance', key: 'status', type: 'text', width: 14 },
        { header: 'Établissement', key: 'school', type: 'text', width: 40 },
        { header: 'Commune', key: 'town', type: 'text', width: 22 },
        { header: 'Classe', key: 'classLabel', type: 'text', width: 14 },
        { header: 'Niveau', key: 'level', type: 'text', width: 14 },
        { header: 'Élèves', key: 'pupils', type: 'integer' },
      ],
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
