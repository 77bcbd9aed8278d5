import { describe, expect, it } from 'vitest'
import { caught } from '../../tests/helpers/errors'
import { testStore } from '../../tests/helpers/temp'
import { organisationKey, personKey } from '../rules/actor-keys'
import type { Store } from '../backend'
import { deleteAction, deleteGroup, deleteMeeting, deleteMember, getGroup, listGroups, saveAction, saveGroup, saveMeeting, saveMember } from './groups'

// The working groups' data functions on a real database: the group and its pilot pair, members,
// meetings with attendance and attachments, proposed actions, the list and the detail.

async function seed(): Promise<{ store: Store; association: number; company: number; school: number; person: number }> {
  const store = await testStore()
  const organisation = async (name: string, profileCode: string) =>
    (await store.db.insertInto('organisations').values({ name, profileCode, townCode: '94080' }).returning('id').executeTakeFirstOrThrow()).id
  const association = await organisation('Association Horizon', 'association')
  const company = await organisation('Imprimerie Dubois', 'entreprise')
  const school = await organisation('Lycée Marie Curie', 'education')
  const person = (await store.db.insertInto('people').values({ firstName: 'Hélène', lastName: 'Martin', profileCode: 'entreprise' }).returning('id').executeTakeFirstOrThrow()).id
  return { store, association, company, school, person }
}

describe('saveGroup', () => {
  it('makes the pilot pair members of their group, once, whatever the number of saves', async () => {
    const { store, association, company } = await seed()
    const values = { name: 'Stages de 3e', startedOn: '2026-01-10', pilotAssociationId: association, pilotCompanyId: company }
    const id = await saveGroup(store.db, null, values)
    await saveGroup(store.db, id, { ...values, theme: 'Un stage pour chaque élève' })
    const group = await getGroup(store.db, id)
    expect(group).toMatchObject({ name: 'Stages de 3e', theme: 'Un stage pour chaque élève', status: 'actif', pilotAssociationName: 'Association Horizon', pilotCompanyName: 'Imprimerie Dubois' })
    expect(group.members.map((member) => [member.actorName, member.role, member.joinedOn])).toEqual([
      ['Association Horizon', 'Pilote', '2026-01-10'],
      ['Imprimerie Dubois', 'Pilote', '2026-01-10'],
    ])
  })

  it('refuses a pilot of the wrong profile, a period that ends before it starts, and a group that is gone', async () => {
    const { store, association, school } = await seed()
    expect(await caught(saveGroup(store.db, null, { name: 'G', pilotAssociationId: school }))).toMatchObject({
      code: 'invalid_input',
      message: 'Pilote associatif : « Lycée Marie Curie » n\'est pas une association.',
    })
    expect(await caught(saveGroup(store.db, null, { name: 'G', pilotCompanyId: association }))).toMatchObject({ message: 'Pilote entreprise : « Association Horizon » n\'est pas une entreprise.' })
    expect(await caught(saveGroup(store.db, null, { name: 'G', pilotCompanyId: 9999 }))).toMatchObject({ code: 'not_found', message: 'Pilote entreprise : organisation introuvable.' })
    expect(await caught(saveGroup(store.db, null, { name: 'G', startedOn: '2026-03-01', endedOn: '2026-02-01' }))).toMatchObject({ message: 'La fin de la période précède son début.' })
    expect(await caught(saveGroup(store.db, 4242, { name: 'G' }))).toMatchObject({ code: 'not_found', message: "Ce groupe de travail n'existe plus." })
    await expect(saveGroup(store.db, null, { name: '  ' })).rejects.toThrow('Le nom du groupe est obligatoire')
  })
})

describe('members', () => {
  it('adds an actor once, changes its role, and removes it', async () => {
    const { store, person, school } = await seed()
    const groupId = await saveGroup(store.db, null, { name: 'Orientation' })
    const member = await saveMember(store.db, null, { groupId, actor: personKey(person), role: 'Marraine' })
    expect(await caught(saveMember(store.db, null, { groupId, actor: personKey(person) }))).toMatchObject({ code: 'duplicate', message: 'Cet acteur est déjà membre du groupe.' })
    await saveMember(store.db, member, { groupId, actor: personKey(person), role: 'Co-animatrice', leftOn: '2026-06-30' })
    await saveMember(store.db, null, { groupId, actor: organisationKey(school) })
    expect((await getGroup(store.db, groupId)).members.map((row) => [row.actorKey, row.actorName, row.role, row.leftOn])).toEqual([
      [personKey(person), 'Hélène Martin', 'Co-animatrice', '2026-06-30'],
      [organisationKey(school), 'Lycée Marie Curie', null, null],
    ])
    await deleteMember(store.db, member)
    expect((await getGroup(store.db, groupId)).members).toHaveLength(1)
  })
})

describe('meetings', () => {
  it('records attendance once per actor or guest, replaces it and the attachments on each save', async () => {
    const { store, association, person } = await seed()
    const groupId = await saveGroup(store.db, null, { name: 'Orientation' })
    const meetingId = await saveMeeting(store.db, null, {
      groupId,
      heldOn: '2026-02-20',
      place: 'Tiers-lieu',
      attendance: [
        { actor: organisationKey(association), status: 'present' },
        { actor: organisationKey(association), status: 'absent' },
        { actor: personKey(person), isGuest: true, status: 'excuse' },
        { guestName: '  Invitée extérieure ', status: 'present' },
        { guestName: 'Invitée extérieure', status: 'present' },
      ],
      attachments: [{ label: 'Présentation', path: 'C:\\Partage\\presentation.pdf' }],
    })
    const [meeting] = (await getGroup(store.db, groupId)).meetings
    expect(meeting!.attendance.map((row) => [row.actorKey, row.actorName, row.isGuest, row.status])).toEqual([
      [organisationKey(association), 'Association Horizon', false, 'present'],
      [personKey(person), 'Hélène Martin', true, 'excuse'],
      [null, 'Invitée extérieure', true, 'present'],
    ])
    expect(meeting!.attachments.map((row) => row.label)).toEqual(['Présentation'])

    await saveMeeting(store.db, meetingId, { groupId, heldOn: '2026-02-21', attendance: [{ actor: personKey(person), status: 'present' }], attachments: [] })
    const [changed] = (await getGroup(store.db, groupId)).meetings
    expect(changed).toMatchObject({ heldOn: '2026-02-21', place: null })
    expect(changed!.attendance.map((row) => row.actorKey)).toEqual([personKey(person)])
    expect(changed!.attachments).toEqual([])
  })

  it('refuses a guest without a name, a group that is gone, a meeting that is gone', async () => {
    const { store } = await seed()
    const groupId = await saveGroup(store.db, null, { name: 'Orientation' })
    expect(await caught(saveMeeting(store.db, null, { groupId, heldOn: '2026-02-20', attendance: [{ guestName: ' ', status: 'present' }] }))).toMatchObject({
      message: "Indiquez le nom de l'invité ou choisissez un acteur de l'annuaire.",
    })
    expect(await caught(saveMeeting(store.db, null, { groupId: 999, heldOn: '2026-02-20' }))).toMatchObject({ code: 'not_found' })
    expect(await caught(saveMeeting(store.db, 999, { groupId, heldOn: '2026-02-20' }))).toMatchObject({ code: 'not_found', message: "Cette réunion n'existe plus." })
  })
})

describe('proposed actions', () => {
  it('carries an action by an actor of the directory or by a name, and changes or removes it', async () => {
    const { store, company } = await seed()
    const groupId = await saveGroup(store.db, null, { name: 'Orientation' })
    const byActor = await saveAction(store.db, null, { groupId, title: 'Forum des métiers', carriedBy: organisationKey(company) })
    const byName = await saveAction(store.db, null, { groupId, title: 'Visites d’entreprises', carriedByLabel: 'Club des entrepreneurs', status: 'retenue' })
    expect((await getGroup(store.db, groupId)).actions.map((row) => [row.title, row.carrierKey, row.carrierName, row.status])).toEqual([
      ['Forum des métiers', organisationKey(company), 'Imprimerie Dubois', 'proposee'],
      ['Visites d’entreprises', null, 'Club des entrepreneurs', 'retenue'],
    ])
    await saveAction(store.db, byActor, { groupId, title: 'Forum des métiers 2027', status: 'abandonnee', outcome: 'Reporté' })
    await deleteAction(store.db, byName)
    expect((await getGroup(store.db, groupId)).actions.map((row) => [row.title, row.carrierKey, row.status, row.outcome])).toEqual([['Forum des métiers 2027', null, 'abandonnee', 'Reporté']])
    expect(await caught(saveAction(store.db, byName, { groupId, title: 'X' }))).toMatchObject({ code: 'not_found', message: "Cette piste d'action n'existe plus." })
  })
})

describe('listGroups and deleteGroup', () => {
  it('counts members, meetings and actions, with the last meeting, newest groups first', async () => {
    const { store, association, company } = await seed()
    const older = await saveGroup(store.db, null, { name: 'Handicap', startedOn: '2012-03-01' })
    const newer = await saveGroup(store.db, null, { name: 'Se connaître', startedOn: '2019-09-15', pilotAssociationId: association, pilotCompanyId: company, status: 'en_preparation' })
    for (const heldOn of ['2019-10-01', '2019-11-05']) await saveMeeting(store.db, null, { groupId: newer, heldOn })
    await saveAction(store.db, null, { groupId: newer, title: 'Annuaire partagé' })
    expect(await listGroups(store.db)).toEqual([
      expect.objectContaining({ id: newer, name: 'Se connaître', status: 'en_preparation', pilotAssociation: 'Association Horizon', pilotCompany: 'Imprimerie Dubois', members: 2, meetings: 2, lastMeetingOn: '2019-11-05', actions: 1 }),
      expect.objectContaining({ id: older, name: 'Handicap', members: 0, meetings: 0, lastMeetingOn: null, actions: 0 }),
    ])
  })

  it('deletes a group with its meetings, members and actions, unless the COPIL retained one of its actions', async () => {
    const { store, association } = await seed()
    const groupId = await saveGroup(store.db, null, { name: 'Orientation', pilotAssociationId: association })
    const meetingId = await saveMeeting(store.db, null, { groupId, heldOn: '2026-02-20', attendance: [{ actor: organisationKey(association), status: 'present' }] })
    const actionId = await saveAction(store.db, null, { groupId, title: 'Forum' })
    const session = (await store.db.insertInto('copilSessions').values({ reference: 'COPIL-2026-01', heldOn: '2026-03-01', place: null, minutes: null }).returning('id').executeTakeFirstOrThrow()).id
    const decision = (
      await store.db.insertInto('copilDecisions').values({ reference: 'D-2026-01', sessionId: session, text: 'Forum', kind: 'action_soutenue', ownerLabel: null, dueOn: null, organisationId: null, personId: null }).returning('id').executeTakeFirstOrThrow()
    ).id
    await store.db.updateTable('proposedActions').set({ decisionId: decision, status: 'retenue' }).where('id', '=', actionId).execute()
    expect(await caught(deleteGroup(store.db, groupId))).toMatchObject({ code: 'conflict' })

    await store.db.updateTable('proposedActions').set({ decisionId: null }).where('id', '=', actionId).execute()
    await deleteMeeting(store.db, meetingId)
    await deleteGroup(store.db, groupId)
    expect(await caught(getGroup(store.db, groupId))).toMatchObject({ code: 'not_found' })
    for (const table of ['groupMembers', 'groupMeetings', 'meetingAttendance', 'proposedActions'] as const) {
      expect(await store.db.selectFrom(table).selectAll().execute(), table).toEqual([])
    }
  })
})
