import { z } from 'zod'
import { isoDate } from '../../db/actors/schemas'
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
import { copilMemberInput, decisionFilter, decisionInput, decisionKinds, followupInput, sessionInput } from '../../db/copil/schemas'
import { actorKeySchema } from '../../db/actors/schemas'
import { todayIso } from '../../db/rules/dates'
import { writeTableWorkbook } from '../files/xlsx-writer'
import { DECISION_COLUMNS, decisionRecord, writeCopilPack } from '../copil/pack'
import { handler, mutation, noInput } from './define'

const id = z.number().int().positive()

export const copilHandlers = {
  'copil.members': handler(noInput, ({ store }) => listCopilMembers(store.db)),
  'copil.saveMember': mutation(z.object({ id: id.nullable(), values: copilMemberInput }), ({ store }, { id, values }) =>
    saveCopilMember(store.db, id, values).then((memberId) => ({ id: memberId })),
  ),
  'copil.deleteMember': mutation(z.object({ id }), ({ store }, { id }) => deleteCopilMember(store.db, id)),

  'copil.sessions': handler(noInput, ({ store }) => listSessions(store.db)),
  'copil.session': handler(z.object({ id }), ({ store }, { id }) => getSession(store.db, id)),
  'copil.saveSession': mutation(z.object({ id: id.nullable(), values: sessionInput }), ({ store }, { id, values }) =>
    store.db.transaction().execute((trx) => saveSession(trx, id, values)),
  ),
  'copil.deleteSession': mutation(z.object({ id }), ({ store }, { id }) => store.db.transaction().execute((trx) => deleteSession(trx, id))),

  'copil.decisions': handler(decisionFilter, ({ store }, filter) => listDecisions(store.db, { ...filter, today: filter?.today ?? todayIso() })),
  'copil.saveDecision': mutation(z.object({ id: id.nullable(), values: decisionInput }), ({ store }, { id, values }) =>
    store.db.transaction().execute((trx) => saveDecision(trx, id, values)),
  ),
  'copil.deleteDecision': mutation(z.object({ id }), ({ store }, { id }) => store.db.transaction().execute((trx) => deleteDecision(trx, id))),
  'copil.addFollowup': mutation(followupInput, ({ store }, input) => store.db.transaction().execute(async (trx) => ({ id: await addFollowup(trx, input) }))),
  'copil.retainAction': mutation(
    z.object({
      actionId: id,
      sessionId: id,
      text: z.string().max(5000).nullable().optional(),
      kind: z.enum(decisionKinds).optional(),
      owner: actorKeySchema.nullable().optional(),
      dueOn: isoDate.nullable().optional(),
    }),
    ({ store }, input) => store.db.transaction().execute((trx) => retainAction(trx, input)),
  ),

  'copil.prepare': handler(z.object({ sessionId: id }), ({ store }, { sessionId }) => prepareSession(store.db, sessionId, todayIso())),
  'copil.exportPack': handler(z.object({ sessionId: id }), async ({ store, files }, { sessionId }) => {
    const session = await getSession(store.db, sessionId)
    const output = files.createOutput(`dossier-${session.reference}.xlsx`)
    const result = await writeCopilPack(store.db, sessionId, output.path, todayIso())
    const handle = output.complete()
    return { fileId: handle.id, name: handle.name, rows: result.rows }
  }),
  'copil.exportDecisions': handler(decisionFilter, async ({ store, files }, filter) => {
    const decisions = await listDecisions(store.db, { ...filter, today: filter?.today ?? todayIso() })
    const output = files.createOutput('registre-des-decisions-copil.xlsx')
    const result = await writeTableWorkbook(output.path, [{ name: 'Registre des décisions', columns: DECISION_COLUMNS, rows: decisions.map(decisionRecord) }])
    const handle = output.complete()
    return { fileId: handle.id, name: handle.name, rows: result.rows }
  }),
  'copil.exportSessions': handler(noInput, async ({ store, files }) => {
    const sessions = await listSessions(store.db)
    const output = files.createOutput('seances-copil.xlsx')
    const result = await writeTableWorkbook(output.path, [
      {
        name: 'Séances du COPIL',
        columns: [
          { header: 'Référence', key: 'reference', type: 'text', width: 20 },
          { header: 'Date', key: 'heldOn', type: 'date' },
          { header: 'Lieu', key: 'place', type: 'text', width: 36 },
          { header: 'Statut', key: 'status', type: 'text' },
          { header: 'Présents', key: 'present', type: 'integer' },
          { header: 'Décisions', key: 'decisions', type: 'integer' },
        ],
        rows: sessions.map((session) => ({ ...session, status: { prevue: 'Prévue', tenue: 'Tenue', annulee: 'Annulée' }[session.status] })),
      },
    ])
    const handle = output.complete()
    return { fileId: handle.id, name: handle.name, rows: result.rows }
  }),
}
