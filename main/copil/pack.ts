import { getSession } from '../../db/copil/copil'
import { prepareSession } from '../../db/copil/prepare'
import type { DecisionRow } from '../../db/copil/copil'
import type { Db } from '../../db/schema'
import { writeTableWorkbook } from '../files/xlsx-writer'
import { type ColumnSpec } from '../files/table-output'
import { DECISION_KIND, DECISION_STATUS } from '../../db/rules/copil-values'
import { ATTENDANCE_STATUS } from '../../db/rules/group-values'

// The COPIL pack: one workbook with the agenda, attendance, decisions follow-up, activity since
// the previous session and key figures — readable without the app.

export const DECISION_COLUMNS: ColumnSpec[] = [
  { header: 'Référence', key: 'reference', type: 'text', width: 22 },
  { header: 'Séance', key: 'sessionHeldOn', type: 'date' },
  { header: 'Décision', key: 'text', type: 'text', width: 60 },
  { header: 'Nature', key: 'kind', type: 'text', width: 24 },
  { header: 'Responsable', key: 'owner', type: 'text', width: 30 },
  { header: 'Échéance', key: 'dueOn', type: 'date' },
  { header: 'Statut', key: 'status', type: 'text' },
  { header: 'En retard', key: 'overdue', type: 'boolean' },
  { header: 'Dernier suivi le', key: 'lastFollowupOn', type: 'date' },
  { header: 'Dernier suivi', key: 'lastFollowupNote', type: 'text', width: 60 },
  { header: 'Issue du groupe', key: 'groupName', type: 'text', width: 30 },
]

export function decisionRecord(decision: DecisionRow) {
  return {
    reference: decision.reference,
    sessionHeldOn: decision.sessionHeldOn,
    text: decision.text,
    kind: DECISION_KIND.label(decision.kind),
    owner: decision.owner,
    dueOn: decision.dueOn,
    status: DECISION_STATUS.label(decision.status),
    overdue: decision.overdue,
    lastFollowupOn: decision.lastFollowup?.recordedOn ?? null,
    lastFollowupNote: decision.lastFollowup?.note ?? null,
    groupName: decision.groupName,
  }
}

export async function writeCopilPack(db: Db, sessionId: number, file: string, today: string): Promise<{ rows: number; reference: string }> {
  const session = await getSession(db, sessionId)
  const preparation = await prepareSession(db, sessionId, today)
  const decisions = [...preparation.openDecisions, ...session.decisions.filter((decision) => !preparation.openDecisions.some((open) => open.id === decision.id))]
  const result = await writeTableWorkbook(file, [
    {
      name: 'Ordre du jour',
      title: `COPIL Vitawin — séance ${session.reference} du ${session.heldOn.split('-').reverse().join('/')}${session.place ? `, ${session.place}` : ''}`,
      columns: [
        { header: 'N°', key: 'position', type: 'integer', width: 6 },
        { header: 'Point', key: 'title', type: 'text', width: 60 },
        { header: 'Notes', key: 'notes', type: 'text', width: 60 },
      ],
      rows: session.agenda,
    },
    {
      name: 'Présences',
      columns: [
        { header: 'Participant', key: 'name', type: 'text', width: 40 },
        { header: 'Présence', key: 'status', type: 'text' },
        { header: 'Invité', key: 'isGuest', type: 'boolean' },
      ],
      rows: session.attendance.map((row) => ({ name: row.name, status: ATTENDANCE_STATUS.label(row.status), isGuest: row.isGuest })),
    },
    { name: 'Suivi des décisions', columns: DECISION_COLUMNS, rows: decisions.map(decisionRecord) },
    {
      name: 'Activité depuis dernier COPIL',
      title: preparation.previous
        ? `Depuis la séance ${preparation.previous.reference} du ${preparation.previous.heldOn.split('-').reverse().join('/')}`
        : 'Depuis le début (aucune séance précédente)',
      columns: [
        { header: 'Date', key: 'date', type: 'date' },
        { header: 'Nature', key: 'kind', type: 'text', width: 30 },
        { header: 'Quoi', key: 'label', type: 'text', width: 50 },
        { header: 'Détail', key: 'detail', type: 'text', width: 40 },
      ],
      rows: preparation.activity.map((item) => ({ ...item })),
    },
    {
      name: 'Chiffres clés',
      columns: [
        { header: 'Indicateur', key: 'label', type: 'text', width: 50 },
        { header: 'Au COPIL précédent', key: 'previous', type: 'integer', width: 20 },
        { header: 'Aujourd’hui', key: 'current', type: 'integer', width: 16 },
        { header: 'Évolution', key: 'change', type: 'integer', width: 14 },
      ],
      rows: preparation.figures.map((figure) => ({ ...figure, change: figure.previous === null ? null : figure.current - figure.previous })),
    },
  ])
  return { rows: result.rows, reference: session.reference }
}
