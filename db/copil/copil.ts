import { sql } from 'kysely'
import { AppError } from '../errors'
import { claimForDeletion, updateVersioned } from '../versions'
import { attendanceRow } from '../groups/groups'
import { linkColumns, parseActorKey } from '../rules/actor-keys'
import { OPEN_DECISION_STATUSES, type DecisionStatus } from '../rules/copil-values'
import type { Db } from '../schema'
import { linkedActorColumns } from '../actors/linked'
import {
  copilMemberInput,
  decisionInput,
  followupInput,
  sessionInput,
  type CopilMemberInput,
  type DecisionFilter,
  type DecisionInput,
  type FollowupInput,
  type SessionInput,
} from './schemas'

// The steering committee: its members, its sessions, and the decision register followed up from
// session to session.

export async function saveCopilMember(db: Db, id: number | null, input: CopilMemberInput, version?: number): Promise<number> {
  const data = copilMemberInput.parse(input)
  const row = {
    organisationId: data.organisationId,
    representativePersonId: data.representativePersonId ?? null,
    representativeName: data.representativeName ?? null,
    startedOn: data.startedOn ?? null,
    endedOn: data.endedOn ?? null,
  }
  if (id === null) return (await db.insertInto('copilMembers').values(row).returning('id').executeTakeFirstOrThrow()).id
  await updateVersioned(db, 'copilMembers', id, version, row, "Ce membre du COPIL n'existe plus.")
  return id
}

export async function deleteCopilMember(db: Db, id: number, version?: number): Promise<void> {
  await claimForDeletion(db, 'copilMembers', id, version)
  await db.deleteFrom('copilMembers').where('id', '=', id).execute()
}

export async function listCopilMembers(db: Db) {
  return db
    .selectFrom('copilMembers as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisationId')
    .leftJoin('people as p', 'p.id', 'm.representativePersonId')
    .select(['m.id', 'm.organisationId', 'o.name as organisationName', 'm.representativePersonId', 'p.firstName', 'p.lastName', 'm.representativeName', 'm.startedOn', 'm.endedOn', 'm.version'])
    .orderBy('o.name')
    .execute()
}

async function nextSessionReference(db: Db, heldOn: string, exceptId: number | null): Promise<string> {
  const base = `COPIL-${heldOn.slice(0, 7)}`
  let query = db.selectFrom('copilSessions').select('reference').where((eb) => eb.or([eb('reference', '=', base), eb('reference', 'like', `${base}-%`)]))
  if (exceptId !== null) query = query.where('id', '!=', exceptId)
  const taken = new Set((await query.execute()).map((row) => row.reference))
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`
}

export async function saveSession(db: Db, id: number | null, input: SessionInput, version?: number): Promise<{ id: number; reference: string }> {
  const data = sessionInput.parse(input)
  const row = { heldOn: data.heldOn, place: data.place ?? null, status: data.status ?? 'prevue', minutes: data.minutes ?? null }
  let sessionId = id
  let reference: string
  if (sessionId === null) {
    reference = await nextSessionReference(db, data.heldOn, null)
    sessionId = (await db.insertInto('copilSessions').values({ ...row, reference }).returning('id').executeTakeFirstOrThrow()).id
  } else {
    const current = await db.selectFrom('copilSessions').select(['reference', 'heldOn']).where('id', '=', sessionId).executeTakeFirst()
    if (!current) throw new AppError('not_found', "Cette séance du COPIL n'existe plus.")
    // The reference is stable once decisions cite it.
    reference = current.reference
    await updateVersioned(db, 'copilSessions', sessionId, version, { ...row, updatedAt: new Date().toISOString() }, "Cette séance du COPIL n'existe plus.")
  }
  if (data.agenda) {
    await db.deleteFrom('copilAgendaItems').where('sessionId', '=', sessionId).execute()
    let position = 1
    for (const item of data.agenda) await db.insertInto('copilAgendaItems').values({ sessionId, position: position++, title: item.title, notes: item.notes ?? null }).execute()
  }
  if (data.attendance) {
    await db.deleteFrom('copilAttendance').where('sessionId', '=', sessionId).execute()
    const seen = new Set<string>()
    for (const entry of data.attendance) {
      const key = entry.actor ?? `guest:${entry.guestName}`
      if (seen.has(key)) continue
      seen.add(key)
      await db.insertInto('copilAttendance').values({ sessionId, ...attendanceRow(entry) }).execute()
    }
  }
  if (data.documents) {
    await db.deleteFrom('copilDocuments').where('sessionId', '=', sessionId).execute()
    for (const document of data.documents) await db.insertInto('copilDocuments').values({ sessionId, ...document }).execute()
  }
  return { id: sessionId, reference }
}

export async function deleteSession(db: Db, id: number, version?: number): Promise<void> {
  await claimForDeletion(db, 'copilSessions', id, version)
  const decision = await db.selectFrom('copilDecisions').select('id').where('sessionId', '=', id).executeTakeFirst()
  if (decision) throw new AppError('conflict', 'Cette séance a pris des décisions : elle ne peut pas être supprimée.')
  await db.deleteFrom('copilSessions').where('id', '=', id).execute()
}

export async function listSessions(db: Db) {
  const rows = await db
    .selectFrom('copilSessions as s')
    .select((eb) => [
      's.id',
      's.reference',
      's.heldOn',
      's.place',
      's.status',
      eb.selectFrom('copilDecisions as d').select((e) => e.fn.countAll<number>().as('n')).whereRef('d.sessionId', '=', 's.id').as('decisions'),
      eb.selectFrom('copilAttendance as a').select((e) => e.fn.countAll<number>().as('n')).whereRef('a.sessionId', '=', 's.id').where('a.status', '=', 'present').as('present'),
    ])
    .orderBy('s.heldOn', 'desc')
    .execute()
  return rows.map((row) => ({ ...row, decisions: Number(row.decisions ?? 0), present: Number(row.present ?? 0) }))
}

const nameOf = (row: { organisationName: string | null; firstName: string | null; lastName: string | null; guestName?: string | null; ownerLabel?: string | null }) =>
  row.organisationName ?? (row.firstName ? `${row.firstName} ${row.lastName}` : (row.guestName ?? row.ownerLabel ?? null))

export async function getSession(db: Db, id: number) {
  const session = await db.selectFrom('copilSessions').selectAll().where('id', '=', id).executeTakeFirst()
  if (!session) throw new AppError('not_found', "Cette séance du COPIL n'existe pas (ou plus).")
  const agenda = await db.selectFrom('copilAgendaItems').select(['id', 'position', 'title', 'notes']).where('sessionId', '=', id).orderBy('position').execute()
  const attendance = await db
    .selectFrom('copilAttendance as a')
    .leftJoin('organisations as o', 'o.id', 'a.organisationId')
    .leftJoin('people as p', 'p.id', 'a.personId')
    .select(['a.id', 'a.guestName', 'a.isGuest', 'a.status', ...linkedActorColumns('a')])
    .where('a.sessionId', '=', id)
    .execute()
  const documents = await db.selectFrom('copilDocuments').select(['id', 'label', 'path']).where('sessionId', '=', id).execute()
  const decisions = await listDecisions(db, {}, { sessionId: id })
  const followups = await db
    .selectFrom('decisionFollowups as f')
    .innerJoin('copilDecisions as d', 'd.id', 'f.decisionId')
    .select(['f.id', 'f.decisionId', 'd.reference', 'd.text', 'f.status', 'f.note', 'f.recordedOn'])
    .where('f.sessionId', '=', id)
    .orderBy('d.reference')
    .execute()
  return {
    ...session,
    agenda,
    attendance: attendance.map((row) => ({
      ...row,
      isGuest: row.isGuest === 1,
      actorKey: row.organisationId !== null ? `o${row.organisationId}` : row.personId !== null ? `p${row.personId}` : null,
      name: nameOf(row) ?? '',
    })),
    documents,
    decisions,
    followups,
  }
}

export type SessionDetail = Awaited<ReturnType<typeof getSession>>

async function nextDecisionReference(db: Db, sessionId: number): Promise<string> {
  const session = await db.selectFrom('copilSessions').select('reference').where('id', '=', sessionId).executeTakeFirst()
  if (!session) throw new AppError('not_found', "Cette séance du COPIL n'existe plus.")
  const existing = await db.selectFrom('copilDecisions').select('reference').where('sessionId', '=', sessionId).execute()
  const numbers = existing.map((row) => Number(/-D(\d+)$/.exec(row.reference)?.[1] ?? 0))
  return `${session.reference}-D${Math.max(0, ...numbers) + 1}`
}

export async function saveDecision(db: Db, id: number | null, input: DecisionInput, version?: number): Promise<{ id: number; reference: string }> {
  const data = decisionInput.parse(input)
  const owner = data.owner ? linkColumns(parseActorKey(data.owner)) : { organisationId: null, personId: null }
  const row = { sessionId: data.sessionId, text: data.text, kind: data.kind, ...owner, ownerLabel: data.ownerLabel ?? null, dueOn: data.dueOn ?? null }
  if (id === null) {
    const reference = await nextDecisionReference(db, data.sessionId)
    const result = await db.insertInto('copilDecisions').values({ ...row, reference, status: data.status ?? 'a_lancer' }).returning('id').executeTakeFirstOrThrow()
    return { id: result.id, reference }
  }
  const current = await db.selectFrom('copilDecisions').select(['reference', 'sessionId']).where('id', '=', id).executeTakeFirst()
  if (!current) throw new AppError('not_found', "Cette décision n'existe plus.")
  if (current.sessionId !== data.sessionId) throw new AppError('invalid_input', "Une décision reste attachée à la séance qui l'a prise.")
  await updateVersioned(db, 'copilDecisions', id, version, { ...row, updatedAt: new Date().toISOString() }, "Cette décision n'existe plus.")
  return { id, reference: current.reference }
}

const ACTION_STATUS_FOR: Partial<Record<DecisionStatus, 'retenue' | 'en_oeuvre' | 'realisee' | 'abandonnee'>> = {
  a_lancer: 'retenue',
  en_cours: 'en_oeuvre',
  realisee: 'realisee',
  abandonnee: 'abandonnee',
}

/** Records what changed for a decision (at a session or between sessions) and moves its status. */
export async function addFollowup(db: Db, input: FollowupInput): Promise<number> {
  const data = followupInput.parse(input)
  const decision = await db.selectFrom('copilDecisions as d').innerJoin('copilSessions as s', 's.id', 'd.sessionId').select(['d.id', 's.heldOn']).where('d.id', '=', data.decisionId).executeTakeFirst()
  if (!decision) throw new AppError('not_found', "Cette décision n'existe plus.")
  if (data.recordedOn < decision.heldOn) throw new AppError('invalid_input', 'Le suivi ne peut pas précéder la séance qui a pris la décision.')
  const result = await db
    .insertInto('decisionFollowups')
    .values({ decisionId: data.decisionId, sessionId: data.sessionId ?? null, recordedOn: data.recordedOn, status: data.status, note: data.note })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db.updateTable('copilDecisions').set({ status: data.status, updatedAt: new Date().toISOString() }).where('id', '=', data.decisionId).execute()
  const actionStatus = ACTION_STATUS_FOR[data.status]
  if (actionStatus) await db.updateTable('proposedActions').set({ status: actionStatus, updatedAt: new Date().toISOString() }).where('decisionId', '=', data.decisionId).execute()
  return result.id
}

/** A working group's proposed action retained by the COPIL: it becomes a decision of the session. */
export async function retainAction(
  db: Db,
  input: { actionId: number; sessionId: number; text?: string | null; kind?: DecisionInput['kind']; owner?: string | null; ownerLabel?: string | null; dueOn?: string | null },
): Promise<{ id: number; reference: string }> {
  const action = await db.selectFrom('proposedActions').selectAll().where('id', '=', input.actionId).executeTakeFirst()
  if (!action) throw new AppError('not_found', "Cette piste d'action n'existe plus.")
  if (action.decisionId !== null) throw new AppError('conflict', 'Cette piste a déjà été retenue par le COPIL.')
  const owner = input.owner ?? (action.organisationId !== null ? `o${action.organisationId}` : action.personId !== null ? `p${action.personId}` : null)
  const decision = await saveDecision(db, null, {
    sessionId: input.sessionId,
    // No-break spaces inside the guillemets, as French typography wants (never « at a line's end).
    text: input.text?.trim() || `Soutenir l'action «\u00a0${action.title}\u00a0»`,
    kind: input.kind ?? 'action_soutenue',
    owner,
    ownerLabel: input.ownerLabel ?? (owner ? null : action.carriedByLabel),
    dueOn: input.dueOn ?? null,
  })
  await db.updateTable('proposedActions').set({ decisionId: decision.id, status: 'retenue', updatedAt: new Date().toISOString() }).where('id', '=', action.id).execute()
  return decision
}

export async function deleteDecision(db: Db, id: number, version?: number): Promise<void> {
  await claimForDeletion(db, 'copilDecisions', id, version)
  await db.updateTable('proposedActions').set({ decisionId: null, status: 'proposee' }).where('decisionId', '=', id).execute()
  await db.deleteFrom('copilDecisions').where('id', '=', id).execute()
}

/** The decision register across sessions, with each decision's last follow-up. */
export async function listDecisions(db: Db, filter: NonNullable<DecisionFilter> = {}, scope: { sessionId?: number } = {}) {
  let query = db
    .selectFrom('copilDecisions as d')
    .innerJoin('copilSessions as s', 's.id', 'd.sessionId')
    .leftJoin('organisations as o', 'o.id', 'd.organisationId')
    .leftJoin('people as p', 'p.id', 'd.personId')
    .leftJoin('proposedActions as a', 'a.decisionId', 'd.id')
    .leftJoin('workingGroups as g', 'g.id', 'a.groupId')
    .select([
      'd.id',
      'd.reference',
      'd.text',
      'd.kind',
      'd.status',
      'd.dueOn',
      'd.ownerLabel',
      'd.sessionId',
      'd.version',
      's.reference as sessionReference',
      's.heldOn as sessionHeldOn',
      ...linkedActorColumns('d'),
      'a.id as actionId',
      'a.title as actionTitle',
      'g.id as groupId',
      'g.name as groupName',
    ])
  if (scope.sessionId !== undefined) query = query.where('d.sessionId', '=', scope.sessionId)
  if (filter.statuses && filter.statuses.length > 0) query = query.where('d.status', 'in', filter.statuses)
  if (filter.kind) query = query.where('d.kind', '=', filter.kind)
  if (filter.overdue) {
    const today = filter.today ?? new Date().toISOString().slice(0, 10)
    query = query.where('d.dueOn', '<', today).where('d.status', 'in', [...OPEN_DECISION_STATUSES])
  }
  const rows = await query.orderBy('s.heldOn', 'desc').orderBy('d.id').execute()
  const followups = rows.length
    ? await db
        .selectFrom('decisionFollowups as f')
        .leftJoin('copilSessions as s', 's.id', 'f.sessionId')
        .select(['f.id', 'f.decisionId', 'f.recordedOn', 'f.status', 'f.note', 's.reference as sessionReference'])
        .where('f.decisionId', 'in', rows.map((row) => row.id))
        .orderBy('f.recordedOn')
        .orderBy('f.id')
        .execute()
    : []
  const today = filter.today ?? new Date().toISOString().slice(0, 10)
  const result = rows.map((row) => {
    const history = followups.filter((followup) => followup.decisionId === row.id)
    const owner = nameOf({ ...row, ownerLabel: row.ownerLabel })
    return {
      ...row,
      ownerKey: row.organisationId !== null ? `o${row.organisationId}` : row.personId !== null ? `p${row.personId}` : null,
      owner,
      overdue: Boolean(row.dueOn && row.dueOn < today && (OPEN_DECISION_STATUSES as readonly string[]).includes(row.status)),
      history,
      lastFollowup: history.at(-1) ?? null,
    }
  })
  if (filter.owner) {
    const wanted = filter.owner.toLowerCase()
    return result.filter((row) => row.ownerKey === filter.owner || (row.owner ?? '').toLowerCase().includes(wanted))
  }
  return result
}

export type DecisionRow = Awaited<ReturnType<typeof listDecisions>>[number]

/** The session before the given date (held ones only). */
export async function previousSession(db: Db, before: string, exceptId?: number) {
  let query = db.selectFrom('copilSessions').select(['id', 'reference', 'heldOn']).where('status', '=', 'tenue').where('heldOn', '<', before)
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId)
  return query.orderBy('heldOn', 'desc').limit(1).executeTakeFirst()
}

export async function latestSession(db: Db) {
  return db.selectFrom('copilSessions').select(['id', 'reference', 'heldOn']).where('status', '!=', 'annulee').orderBy('heldOn', 'desc').limit(1).executeTakeFirst()
}

export async function findSessionByReference(db: Db, reference: string) {
  return db.selectFrom('copilSessions').select(['id', 'reference', 'heldOn']).where(sql<boolean>`upper(reference) = ${reference.toUpperCase()}`).executeTakeFirst()
}
