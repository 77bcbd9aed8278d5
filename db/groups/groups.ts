import { AppError } from '../errors'
import { claimForDeletion, updateVersioned } from '../versions'
import { linkColumn, linkColumns, linkedActorKey, linkedActorName, parseActorKey, type ActorRef } from '../rules/actor-keys'
import type { Db } from '../schema'
import { actionInput, groupInput, meetingInput, memberInput, type ActionInput, type AttendanceEntry, type GroupInput, type MeetingInput, type MemberInput } from './schemas'
import { linkedActorColumns } from '../actors/linked'

// Working groups: the group, its pilot pair, members, meetings with attendance and minutes, and
// the actions it proposes.

async function assertOrganisationProfile(db: Db, id: number | null | undefined, profile: string, label: string): Promise<void> {
  if (!id) return
  const row = await db.selectFrom('organisations').select(['profileCode', 'name']).where('id', '=', id).executeTakeFirst()
  if (!row) throw new AppError('not_found', `${label} : organisation introuvable.`)
  if (row.profileCode !== profile) {
    throw new AppError('invalid_input', `${label} : « ${row.name} » n'est pas ${profile === 'association' ? 'une association' : 'une entreprise'}.`)
  }
}

export async function saveGroup(db: Db, id: number | null, input: GroupInput, version?: number): Promise<number> {
  const data = groupInput.parse(input)
  if (data.startedOn && data.endedOn && data.endedOn < data.startedOn) throw new AppError('invalid_input', 'La fin de la période précède son début.')
  await assertOrganisationProfile(db, data.pilotAssociationId, 'association', 'Pilote associatif')
  await assertOrganisationProfile(db, data.pilotCompanyId, 'entreprise', 'Pilote entreprise')
  const row = {
    name: data.name,
    theme: data.theme ?? null,
    description: data.description ?? null,
    startedOn: data.startedOn ?? null,
    endedOn: data.endedOn ?? null,
    status: data.status ?? 'actif',
    pilotAssociationId: data.pilotAssociationId ?? null,
    pilotCompanyId: data.pilotCompanyId ?? null,
    facilitatorPersonId: data.facilitatorPersonId ?? null,
    facilitatorName: data.facilitatorName ?? null,
  }
  let groupId = id
  if (groupId === null) groupId = (await db.insertInto('workingGroups').values(row).returning('id').executeTakeFirstOrThrow()).id
  else {
    await updateVersioned(db, 'workingGroups', groupId, version, { ...row, updatedAt: new Date().toISOString() }, "Ce groupe de travail n'existe plus.")
  }
  // The pilots are members of their group.
  for (const pilot of [row.pilotAssociationId, row.pilotCompanyId]) {
    if (!pilot) continue
    const member = await db.selectFrom('groupMembers').select('id').where('groupId', '=', groupId).where('organisationId', '=', pilot).executeTakeFirst()
    if (!member) await db.insertInto('groupMembers').values({ groupId, organisationId: pilot, personId: null, role: 'Pilote', joinedOn: row.startedOn, leftOn: null }).execute()
  }
  return groupId
}

export async function deleteGroup(db: Db, id: number, version?: number): Promise<void> {
  await claimForDeletion(db, 'workingGroups', id, version)
  const retained = await db.selectFrom('proposedActions').select('id').where('groupId', '=', id).where('decisionId', 'is not', null).executeTakeFirst()
  if (retained) throw new AppError('conflict', "Ce groupe a des pistes d'actions retenues par le COPIL : il ne peut pas être supprimé (passez-le au statut « Terminé »).")
  await db.deleteFrom('workingGroups').where('id', '=', id).execute()
}

export async function saveMember(db: Db, id: number | null, input: MemberInput, version?: number): Promise<number> {
  const data = memberInput.parse(input)
  const ref = parseActorKey(data.actor)
  const row = { groupId: data.groupId, ...linkColumns(ref), role: data.role ?? null, joinedOn: data.joinedOn ?? null, leftOn: data.leftOn ?? null }
  if (id === null) {
    const existing = await db.selectFrom('groupMembers').select('id').where('groupId', '=', data.groupId).where(linkColumn(ref), '=', ref.id).executeTakeFirst()
    if (existing) throw new AppError('duplicate', 'Cet acteur est déjà membre du groupe.')
    return (await db.insertInto('groupMembers').values(row).returning('id').executeTakeFirstOrThrow()).id
  }
  await updateVersioned(db, 'groupMembers', id, version, row, "Ce membre n'appartient plus au groupe.")
  return id
}

export async function deleteMember(db: Db, id: number, version?: number): Promise<void> {
  await claimForDeletion(db, 'groupMembers', id, version)
  await db.deleteFrom('groupMembers').where('id', '=', id).execute()
}

export function attendanceRow(entry: AttendanceEntry) {
  if (entry.actor) return { ...linkColumns(parseActorKey(entry.actor)), guestName: null, isGuest: entry.isGuest ? 1 : 0, status: entry.status }
  const name = entry.guestName?.trim()
  if (!name) throw new AppError('invalid_input', "Indiquez le nom de l'invité ou choisissez un acteur de l'annuaire.")
  return { organisationId: null, personId: null, guestName: name, isGuest: 1, status: entry.status }
}

export async function saveMeeting(db: Db, id: number | null, input: MeetingInput, version?: number): Promise<number> {
  const data = meetingInput.parse(input)
  const group = await db.selectFrom('workingGroups').select('id').where('id', '=', data.groupId).executeTakeFirst()
  if (!group) throw new AppError('not_found', "Ce groupe de travail n'existe plus.")
  const row = { groupId: data.groupId, heldOn: data.heldOn, place: data.place ?? null, agenda: data.agenda ?? null, minutes: data.minutes ?? null }
  let meetingId = id
  if (meetingId === null) meetingId = (await db.insertInto('groupMeetings').values(row).returning('id').executeTakeFirstOrThrow()).id
  else {
    await updateVersioned(db, 'groupMeetings', meetingId, version, { ...row, updatedAt: new Date().toISOString() }, "Cette réunion n'existe plus.")
  }
  if (data.attendance) {
    await db.deleteFrom('meetingAttendance').where('meetingId', '=', meetingId).execute()
    const seen = new Set<string>()
    for (const entry of data.attendance) {
      const key = entry.actor ?? `guest:${entry.guestName}`
      if (seen.has(key)) continue
      seen.add(key)
      await db.insertInto('meetingAttendance').values({ meetingId, ...attendanceRow(entry) }).execute()
    }
  }
  if (data.attachments) {
    await db.deleteFrom('meetingAttachments').where('meetingId', '=', meetingId).execute()
    for (const attachment of data.attachments) await db.insertInto('meetingAttachments').values({ meetingId, sessionId: null, ...attachment }).execute()
  }
  return meetingId
}

export async function deleteMeeting(db: Db, id: number, version?: number): Promise<void> {
  await claimForDeletion(db, 'groupMeetings', id, version)
  await db.deleteFrom('groupMeetings').where('id', '=', id).execute()
}

export async function saveAction(db: Db, id: number | null, input: ActionInput, version?: number): Promise<number> {
  const data = actionInput.parse(input)
  const carrier: ActorRef | null = data.carriedBy ? parseActorKey(data.carriedBy) : null
  const row = {
    groupId: data.groupId,
    title: data.title,
    description: data.description ?? null,
    ...(carrier ? linkColumns(carrier) : { organisationId: null, personId: null }),
    carriedByLabel: data.carriedByLabel ?? null,
    status: data.status ?? 'proposee',
    proposedOn: data.proposedOn ?? null,
    outcome: data.outcome ?? null,
    editionId: data.editionId ?? null,
  }
  if (id === null) return (await db.insertInto('proposedActions').values(row).returning('id').executeTakeFirstOrThrow()).id
  await updateVersioned(db, 'proposedActions', id, version, { ...row, updatedAt: new Date().toISOString() }, "Cette piste d'action n'existe plus.")
  return id
}

export async function deleteAction(db: Db, id: number, version?: number): Promise<void> {
  await claimForDeletion(db, 'proposedActions', id, version)
  await db.deleteFrom('proposedActions').where('id', '=', id).execute()
}

const actorName = (row: { organisationName: string | null; firstName: string | null; lastName: string | null; guestName?: string | null }) =>
  linkedActorName(row) ?? row.guestName ?? ''

export async function listGroups(db: Db) {
  const rows = await db
    .selectFrom('workingGroups as g')
    .leftJoin('organisations as a', 'a.id', 'g.pilotAssociationId')
    .leftJoin('organisations as c', 'c.id', 'g.pilotCompanyId')
    .select((eb) => [
      'g.id',
      'g.name',
      'g.theme',
      'g.status',
      'g.startedOn',
      'g.endedOn',
      'a.name as pilotAssociation',
      'c.name as pilotCompany',
      eb.selectFrom('groupMembers as m').select((e) => e.fn.countAll<number>().as('n')).whereRef('m.groupId', '=', 'g.id').as('members'),
      eb.selectFrom('groupMeetings as r').select((e) => e.fn.countAll<number>().as('n')).whereRef('r.groupId', '=', 'g.id').as('meetings'),
      eb.selectFrom('groupMeetings as r').select((e) => e.fn.max('r.heldOn').as('d')).whereRef('r.groupId', '=', 'g.id').as('lastMeetingOn'),
      eb.selectFrom('proposedActions as p').select((e) => e.fn.countAll<number>().as('n')).whereRef('p.groupId', '=', 'g.id').as('actions'),
    ])
    .orderBy('g.startedOn', 'desc')
    .orderBy('g.name')
    .execute()
  return rows.map((row) => ({ ...row, members: Number(row.members ?? 0), meetings: Number(row.meetings ?? 0), actions: Number(row.actions ?? 0) }))
}

export async function getGroup(db: Db, id: number) {
  const group = await db
    .selectFrom('workingGroups as g')
    .leftJoin('organisations as a', 'a.id', 'g.pilotAssociationId')
    .leftJoin('organisations as c', 'c.id', 'g.pilotCompanyId')
    .leftJoin('people as f', 'f.id', 'g.facilitatorPersonId')
    .selectAll('g')
    .select(['a.name as pilotAssociationName', 'c.name as pilotCompanyName', 'f.firstName as facilitatorFirstName', 'f.lastName as facilitatorLastName'])
    .where('g.id', '=', id)
    .executeTakeFirst()
  if (!group) throw new AppError('not_found', "Ce groupe de travail n'existe pas (ou plus).")
  const members = await db
    .selectFrom('groupMembers as m')
    .leftJoin('organisations as o', 'o.id', 'm.organisationId')
    .leftJoin('people as p', 'p.id', 'm.personId')
    .select(['m.id', 'm.role', 'm.joinedOn', 'm.leftOn', 'm.version', ...linkedActorColumns('m')])
    .where('m.groupId', '=', id)
    // In the order they were added, on either engine (PostgreSQL returns rows in no set order).
    .orderBy('m.id')
    .execute()
  const meetings = await db.selectFrom('groupMeetings').selectAll().where('groupId', '=', id).orderBy('heldOn', 'desc').execute()
  const attendance = meetings.length
    ? await db
        .selectFrom('meetingAttendance as a')
        .leftJoin('organisations as o', 'o.id', 'a.organisationId')
        .leftJoin('people as p', 'p.id', 'a.personId')
        .select(['a.id', 'a.meetingId', 'a.guestName', 'a.isGuest', 'a.status', ...linkedActorColumns('a')])
        .where('a.meetingId', 'in', meetings.map((meeting) => meeting.id))
        .orderBy('a.id')
        .execute()
    : []
  const attachments = meetings.length
    ? await db.selectFrom('meetingAttachments').select(['id', 'meetingId', 'label', 'path']).where('meetingId', 'in', meetings.map((meeting) => meeting.id)).orderBy('id').execute()
    : []
  const actions = await db
    .selectFrom('proposedActions as a')
    .leftJoin('organisations as o', 'o.id', 'a.organisationId')
    .leftJoin('people as p', 'p.id', 'a.personId')
    .leftJoin('copilDecisions as d', 'd.id', 'a.decisionId')
    .leftJoin('editions as e', 'e.id', 'a.editionId')
    .select(['a.id', 'a.title', 'a.description', 'a.status', 'a.proposedOn', 'a.carriedByLabel', 'a.decisionId', 'a.outcome', 'a.editionId', 'a.version', 'e.title as editionTitle', 'e.schoolYear as editionYear', 'd.reference as decisionReference', ...linkedActorColumns('a')])
    .where('a.groupId', '=', id)
    .orderBy('a.id')
    .execute()
  return {
    ...group,
    members: members.map((row) => ({ ...row, actorKey: linkedActorKey(row)!, actorName: actorName(row) })).sort((a, b) => a.actorName.localeCompare(b.actorName, 'fr')),
    meetings: meetings.map((meeting) => ({
      ...meeting,
      attendance: attendance.filter((row) => row.meetingId === meeting.id).map((row) => ({ ...row, actorKey: linkedActorKey(row), actorName: actorName(row), isGuest: row.isGuest === 1 })),
      attachments: attachments.filter((row) => row.meetingId === meeting.id),
    })),
    actions: actions.map((row) => ({ ...row, carrierKey: linkedActorKey(row), carrierName: linkedActorName(row) ?? row.carriedByLabel })),
  }
}

export type GroupDetail = Awaited<ReturnType<typeof getGroup>>
