import { getSession } from '../../db/copil/copil'
import { prepareSession } from '../../db/copil/prepare'
import type { DecisionRow } from '../../db/copil/copil'
import type { Db } from '../../db/schema'
import { writeTableWorkbook } from '../files/xlsx-writer'
import { type ColumnSpec, tableColumns } from '../files/table-output'
import { DECISION_KIND, DECISION_STATUS } from '../../db/rules/copil-values'
import { ATTENDANCE_STATUS } from '../../db/rules/group-values'

// The COPIL pack: one workbook with the agenda, attendance, decisions follow-up, activity since
// the previous session and key figures — readable without the app.

export const DECISION_COLUMNS: ColumnSpec[] = tableColumns(
  ['Référence', 'reference', 'text', 22],
  ['Séance', 'sessionHeldOn', 'date'],
  ['Décision', 'text', 'text', 60],
  ['Nature', 'kind', 'text', 24],
  ['Responsable', 'owner', 'text', 30],
  ['Échéance', 'dueOn', 'date'],
  ['Statut', 'status', 'text'],
  ['En retard', 'overdue', 'boolean'],
  ['Dernier suivi le', 'lastFollowupOn', 'date'],
  ['Dernier suivi', 'lastFollowupNote', 'text', 60],
  ['Issue du groupe', 'groupName', 'text', 30],
)

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
      columns: tableColumns(
        ['N°', 'position', 'integer', 6],
        ['Point', 'title', 'text', 60],
        ['Notes', 'notes', 'text', 60],
      ),
      rows: session.agenda,
    },
    {
      name: 'Présences',
      columns: tableColumns(
        ['Participant', 'name', 'text', 40],
        ['Présence', 'status', 'text'],
        ['Invité', 'isGuest', 'boolean'],
      ),
      rows: session.attendance.map((row) => ({ name: row.name, status: ATTENDANCE_STATUS.label(row.status), isGuest: row.isGuest })),
    },
    { name: 'Suivi des décisions', columns: DECISION_COLUMNS, rows: decisions.map(decisionRecord) },
    {
      name: 'Activité depuis dernier COPIL',
      title: preparation.previous
        ? `Depuis la séance ${preparation.previous.reference} du ${preparation.previous.heldOn.split('-').reverse().join('/')}`
        : 'Depuis le début (aucune séance précédente)',
      columns: tableColumns(
        ['Date', 'date', 'date'],
        ['Nature', 'kind', 'text', 30],
        ['Quoi', 'label', 'text', 50],
        ['Détail', 'detail', 'text', 40],
      ),
      rows: preparation.activity.map((item) => ({ ...item })),
    },
    {
      name: 'Chiffres clés',
      columns: tableColumns(
        ['Indicateur', 'label', 'text', 50],
        ['Au COPIL précédent', 'previous', 'integer', 20],
        ['Aujourd’hui', 'current', 'integer', 16],
        ['Évolution', 'change', 'integer', 14],
      ),
      rows: preparation.figures.map((figure) => ({ ...figure, change: figure.previous === null ? null : figure.current - figure.previous })),
    },
  ])
  return { rows: result.rows, reference: session.reference }
}
