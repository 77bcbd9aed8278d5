import { z } from 'zod'
import {
  addFollowup,
  deleteCopilMember,
  deleteDecision,
  deleteSession,
  getSession,
  listCopilMembers,
  listDecisions,
  listSessions,
  retainAction,
  saveCopilMember,
  saveDecision,
  saveSession,
} from '../../db/copil/copil'
import { prepareSession } from '../../db/copil/prepare'
import { copilMemberInput, decisionFilter, decisionInput, followupInput, sessionInput } from '../../db/copil/schemas'
import { actorKeySchema, id, isoDate, oneOf, recordRef, withId } from '../../db/fields'
import { COPIL_SESSION_STATUS, DECISION_KIND } from '../../db/rules/copil-values'
import { todayIso } from '../../db/rules/dates'
import { DECISION_COLUMNS, decisionRecord, writeCopilPack } from '../copil/pack'
import { createOrChange, handler, mutation, noInput } from './define'
import { tableColumns } from '../files/table-output'


export const copilHandlers = {
  'copil.members': handler(noInput, { reads: ['organisations', 'people', 'copilMembers'] }, ({ store }) => listCopilMembers(store.db)),
  'copil.saveMember': mutation(withId(copilMemberInput), { label: createOrChange('un membre du COPIL') }, ({ store }, { id, version, values }) =>
    saveCopilMember(store.db, id, values, version).then((memberId) => ({ id: memberId })),
  ),
  'copil.deleteMember': mutation(recordRef, { label: 'Retrait d’un membre du COPIL' }, ({ store }, { id, version }) => store.db.transaction().execute((trx) => deleteCopilMember(trx, id, version))),

  'copil.sessions': handler(noInput, { reads: ['copilSessions', 'copilAttendance', 'copilDecisions'] }, ({ store }) => listSessions(store.db)),
  'copil.session': handler(z.object({ id }), { reads: ['organisations', 'people', 'workingGroups', 'copilSessions', 'copilAgendaItems', 'copilAttendance', 'copilDocuments', 'copilDecisions', 'decisionFollowups', 'proposedActions'] }, ({ store }, { id }) => getSession(store.db, id)),
  'copil.saveSession': mutation(withId(sessionInput), { label: createOrChange('une séance du COPIL') }, ({ store }, { id, version, values }) =>
    store.db.transaction().execute((trx) => saveSession(trx, id, values, version)),
  ),
  'copil.deleteSession': mutation(recordRef, { label: 'Suppression d’une séance du COPIL' }, ({ store }, { id, version }) => store.db.transaction().execute((trx) => deleteSession(trx, id, version))),

  'copil.decisions': handler(decisionFilter, { reads: ['organisations', 'people', 'workingGroups', 'copilSessions', 'copilDecisions', 'decisionFollowups', 'proposedActions'] }, ({ store }, filter) => listDecisions(store.db, { ...filter, today: filter?.today ?? todayIso() })),
  'copil.saveDecision': mutation(withId(decisionInput), { label: createOrChange('une décision du COPIL') }, ({ store }, { id, version, values }) =>
    store.db.transaction().execute((trx) => saveDecision(trx, id, values, version)),
  ),
  'copil.deleteDecision': mutation(recordRef, { label: 'Suppression d’une décision du COPIL' }, ({ store }, { id, version }) => store.db.transaction().execute((trx) => deleteDecision(trx, id, version))),
  'copil.addFollowup': mutation(followupInput, { label: 'Ajout d’un suivi de décision' }, ({ store }, input) => store.db.transaction().execute(async (trx) => ({ id: await addFollowup(trx, input) }))),
  'copil.retainAction': mutation(
    z.object({
      actionId: id,
      sessionId: id,
      text: z.string().max(5000).nullable().optional(),
      kind: oneOf(DECISION_KIND).optional(),
      owner: actorKeySchema.nullable().optional(),
      dueOn: isoDate.nullable().optional(),
    }),
    { label: 'Piste d’action retenue par le COPIL' },
    ({ store }, input) => store.db.transaction().execute((trx) => retainAction(trx, input)),
  ),

  'copil.prepare': handler(z.object({ sessionId: id }), { reads: ['organisations', 'people', 'interactions', 'workingGroups', 'groupMeetings', 'meetingAttendance', 'copilSessions', 'copilDecisions', 'decisionFollowups', 'proposedActions', 'programmes', 'editions', 'sequences', 'sequenceSessions', 'sessionParticipants'] }, ({ store }, { sessionId }) => prepareSession(store.db, sessionId, todayIso())),
  'copil.exportPack': handler(z.object({ sessionId: id }), { reads: ['organisations', 'people', 'interactions', 'workingGroups', 'groupMeetings', 'meetingAttendance', 'copilSessions', 'copilAgendaItems', 'copilAttendance', 'copilDocuments', 'copilDecisions', 'decisionFollowups', 'proposedActions', 'programmes', 'editions', 'sequences', 'sequenceSessions', 'sessionParticipants'] }, async ({ store, files }, { sessionId }) => {
    const session = await getSession(store.db, sessionId)
    return files.writeOutput(`dossier-${session.reference}.xlsx`, (file) => writeCopilPack(store.db, sessionId, file, todayIso()))
  }),
  'copil.exportDecisions': handler(decisionFilter, { reads: ['organisations', 'people', 'workingGroups', 'copilSessions', 'copilDecisions', 'decisionFollowups', 'proposedActions'] }, async ({ store, files }, filter) => {
    const decisions = await listDecisions(store.db, { ...filter, today: filter?.today ?? todayIso() })
    return files.writeWorkbook('registre-des-decisions-copil.xlsx', [{ name: 'Registre des décisions', columns: DECISION_COLUMNS, rows: decisions.map(decisionRecord) }])
  }),
  'copil.exportSessions': handler(noInput, { reads: ['copilSessions', 'copilAttendance', 'copilDecisions'] }, async ({ store, files }) => {
    const sessions = await listSessions(store.db)
    return files.writeWorkbook('seances-copil.xlsx', [
      {
        name: 'Séances du COPIL',
        columns: tableColumns(
          ['Référence', 'reference', 'text', 20],
          ['Date', 'heldOn', 'date'],
          ['Lieu', 'place', 'text', 36],
          ['Statut', 'status', 'text'],
          ['Présents', 'present', 'integer'],
          ['Décisions', 'decisions', 'integer'],
        ),
        rows: sessions.map((session) => ({ ...session, status: COPIL_SESSION_STATUS.label(session.status) })),
      },
    ])
  }),
}
