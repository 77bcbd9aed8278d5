import { describe, expect, it } from 'vitest'
import { insertRow, queryValue, runSql, testStore } from '../../tests/helpers/temp'
import { getActor } from '../actors/detail'
import { AppError } from '../errors'
import { getGroup, saveAction, saveGroup, saveMeeting } from '../groups/groups'
import type { Store } from '../backend'
import { addFollowup, listDecisions, retainAction, saveDecision, saveSession } from './copil'
import { prepareSession } from './prepare'

async function seed(store: Store) {
  const insert = (name: string, profile: string, extra = '') =>
    insertRow(store, `insert into organisations (name, profile_code, town_code${extra ? ', status, joined_on' : ''}) values (?, ?, '94080'${extra})`, name, profile)
  const association = await insert('Association Horizon', 'association')
  const company = await insert('Imprimerie Dubois', 'entreprise')
  const school = await insert('Lycée Marie Curie', 'education')
  const person = await insertRow(store, "insert into people (first_name, last_name, profile_code) values ('Hélène', 'Martin', 'entreprise')")
  return { association, company, school, person }
}

describe('working groups and the COPIL, end to end in the data layer', () => {
  it('runs a full cycle: group with its pair, meetings, action retained as a decision, followed up, on every timeline', async () => {
    const store = await testStore()
    const { association, company, school, person } = await seed(store)
    const db = store.db
    const groupId = await saveGroup(db, null, { name: 'Stages de 3e', theme: 'Un stage pour chaque élève', startedOn: '2026-01-10', pilotAssociationId: association, pilotCompanyId: company })
    // The pilots become members of their group.
    expect((await getGroup(db, groupId)).members.map((member) => member.actorKey).sort()).toEqual([`o${association}`, `o${company}`].sort())

    for (const [index, heldOn] of ['2026-01-20', '2026-02-20', '2026-03-20'].entries()) {
      await saveMeeting(db, null, {
        groupId,
        heldOn,
        place: 'Tiers-lieu',
        minutes: `## Réunion ${index + 1}\n\n- point`,
        attendance: [
          { actor: `o${association}`, status: 'present' },
          { actor: `o${company}`, status: index === 1 ? 'excuse' : 'present' },
          { actor: `p${person}`, isGuest: true, status: 'present' },
          { guestName: 'Invitée extérieure', status: 'present' },
        ],
      })
    }
    const actionId = await saveAction(db, null, { groupId, title: 'Annuaire des stages', carriedBy: `o${school}`, proposedOn: '2026-03-20' })
    await saveAction(db, null, { groupId, title: 'Forum itinérant', proposedOn: '2026-03-20' })

    const first = await saveSession(db, null, { heldOn: '2026-04-02', status: 'tenue', agenda: [{ title: 'Retour des groupes' }], attendance: [{ actor: `o${association}`, status: 'present' }] })
    expect(first.reference).toBe('COPIL-2026-04')
    const decision = await retainAction(db, { actionId, sessionId: first.id, dueOn: '2026-06-30' })
    expect(decision.reference).toBe('COPIL-2026-04-D1')
    const second = await saveDecision(db, null, { sessionId: first.id, text: 'Adopter la feuille de route', kind: 'strategie', ownerLabel: 'PEMB' })
    expect(second.reference).toBe('COPIL-2026-04-D2')
    await expect(retainAction(db, { actionId, sessionId: first.id })).rejects.toThrow(/déjà été retenue/)

    const next = await saveSession(db, null, { heldOn: '2026-10-01', status: 'tenue' })
    await addFollowup(db, { decisionId: decision.id, sessionId: next.id, recordedOn: '2026-10-01', status: 'en_cours', note: 'Annuaire en ligne avec 40 entreprises.' })
    const group = await getGroup(db, groupId)
    expect(group.meetings).toHaveLength(3)
    expect(group.meetings[0]!.attendance.find((row) => row.guestName === 'Invitée extérieure')?.status).toBe('present')
    const retained = group.actions.find((action) => action.id === actionId)!
    expect(retained).toMatchObject({ status: 'en_oeuvre', decisionReference: 'COPIL-2026-04-D1' })

    const [row] = await listDecisions(db, { statuses: ['en_cours'] })
    expect(row).toMatchObject({ reference: 'COPIL-2026-04-D1', owner: 'Lycée Marie Curie', groupName: 'Stages de 3e' })
    expect(row!.history.map((followup) => followup.note)).toEqual(['Annuaire en ligne avec 40 entreprises.'])

    // Every step on the actors' timelines.
    const titles = async (key: string) => (await getActor(db, { kind: key[0] === 'o' ? 'organisation' : 'person', id: Number(key.slice(1)) })).timeline.map((event) => event.title)
    expect(await titles(`o${association}`)).toEqual(
      expect.arrayContaining(['Pilote du groupe de travail « Stages de 3e »', 'Réunion du groupe « Stages de 3e » : présent', 'Séance COPIL-2026-04 : présent']),
    )
    expect(await titles(`o${company}`)).toContain('Réunion du groupe « Stages de 3e » : excusé')
    expect(await titles(`p${person}`)).toContain('Réunion du groupe « Stages de 3e » : présent (invité)')
    expect(await titles(`o${school}`)).toEqual(expect.arrayContaining([expect.stringContaining("Porte la piste d'action « Annuaire des stages »"), 'Décision COPIL-2026-04-D1 (en cours)']))
  })

  it('refuses a pilot of the wrong profile and a follow-up before its decision', async () => {
    const store = await testStore()
    const { association, company } = await seed(store)
    await expect(saveGroup(store.db, null, { name: 'X', pilotAssociationId: company })).rejects.toThrow(/n'est pas une association/)
    await expect(saveGroup(store.db, null, { name: 'X', pilotCompanyId: association })).rejects.toThrow(/n'est pas une entreprise/)
    const session = await saveSession(store.db, null, { heldOn: '2026-04-02' })
    const decision = await saveDecision(store.db, null, { sessionId: session.id, text: 'Décider', kind: 'budget' })
    const error = await addFollowup(store.db, { decisionId: decision.id, recordedOn: '2026-01-01', status: 'en_cours', note: 'trop tôt' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AppError)
  })

  it('numbers two sessions of one month apart and keeps references stable', async () => {
    const store = await testStore()
    const a = await saveSession(store.db, null, { heldOn: '2026-03-05' })
    const b = await saveSession(store.db, null, { heldOn: '2026-03-26' })
    expect([a.reference, b.reference]).toEqual(['COPIL-2026-03', 'COPIL-2026-03-2'])
    const moved = await saveSession(store.db, a.id, { heldOn: '2026-04-01' })
    expect(moved.reference).toBe('COPIL-2026-03')
  })

  it('filters the register by overdue decisions', async () => {
    const store = await testStore()
    const session = await saveSession(store.db, null, { heldOn: '2026-01-15', status: 'tenue' })
    const late = await saveDecision(store.db, null, { sessionId: session.id, text: 'En retard', kind: 'budget', dueOn: '2026-03-01' })
    const done = await saveDecision(store.db, null, { sessionId: session.id, text: 'Faite', kind: 'budget', dueOn: '2026-03-01' })
    await saveDecision(store.db, null, { sessionId: session.id, text: 'À venir', kind: 'budget', dueOn: '2027-01-01' })
    await addFollowup(store.db, { decisionId: done.id, recordedOn: '2026-02-01', status: 'realisee', note: 'Fait.' })
    const overdue = await listDecisions(store.db, { overdue: true, today: '2026-11-23' })
    expect(overdue.map((row) => row.id)).toEqual([late.id])
  })

  it('prepares a session: open decisions, activity since the previous one, figures that changed', async () => {
    const store = await testStore()
    const { association } = await seed(store)
    const previous = await saveSession(store.db, null, { heldOn: '2026-03-01', status: 'tenue' })
    const open = await saveDecision(store.db, null, { sessionId: previous.id, text: 'Ouverte', kind: 'strategie' })
    const closed = await saveDecision(store.db, null, { sessionId: previous.id, text: 'Close', kind: 'strategie' })
    await addFollowup(store.db, { decisionId: closed.id, recordedOn: '2026-05-01', status: 'realisee', note: 'Fait.' })
    await runSql(store, "update organisations set status = 'vitawiner', joined_on = '2026-04-15' where id = ?", association)
    const groupId = await saveGroup(store.db, null, { name: 'G' })
    await saveMeeting(store.db, null, { groupId, heldOn: '2026-02-01' })
    await saveMeeting(store.db, null, { groupId, heldOn: '2026-05-10' })
    const entry = "insert into interactions (organisation_id, kind, occurred_on, animator, summary) values (?, 'appel', ?, 'Camille', 'Point')"
    for (const day of ['2026-02-20', '2026-06-03', '2026-06-20', '2026-07-01']) await runSql(store, entry, association, day)
    const session = await saveSession(store.db, null, { heldOn: '2026-12-01' })
    const preparation = await prepareSession(store.db, session.id, '2026-11-23')
    expect(preparation.period).toEqual({ since: '2026-03-01', until: '2026-11-23' })
    expect(preparation.openDecisions.map((decision) => decision.id)).toEqual([open.id])
    expect(preparation.activity.filter((item) => item.kind === 'Nouveau Vitawiner').map((item) => item.label)).toEqual(['Association Horizon'])
    expect(preparation.activity.filter((item) => item.kind === 'Réunion de groupe de travail').map((item) => item.date)).toEqual(['2026-05-10'])
    // The journal by month, each line with the number of exchanges it stands for.
    expect(preparation.activity.filter((item) => item.kind === 'Échanges du journal').map((item) => [item.date, item.count, item.label])).toEqual([
      ['2026-06-01', 2, '2 échanges notés en juin 2026'],
      ['2026-07-01', 1, '1 échange noté en juillet 2026'],
    ])
    const figure = (label: string) => preparation.figures.find((item) => item.label === label)
    expect(figure('Organisations Vitawiners')).toEqual({ label: 'Organisations Vitawiners', previous: 0, current: 1 })
    expect(figure('Réunions de groupes de travail tenues (cumul)')).toMatchObject({ previous: 1, current: 2 })
    expect(figure('Décisions du COPIL réalisées (cumul)')).toMatchObject({ previous: 0, current: 1 })
  })
})

describe('what a proposed action became', () => {
  it('links the action to the programme edition it became', async () => {
    const store = await testStore()
    const groupId = await saveGroup(store.db, null, { name: 'G' })
    const programme = await queryValue<number>(store, "select id from programmes where code = 'forum'")
    const edition = await insertRow(store, "insert into editions (programme_id, school_year, title) values (?, '2026-2027', 'Forum 2027')", programme)
    const actionId = await saveAction(store.db, null, { groupId, title: 'Forum itinérant', editionId: edition, status: 'realisee' })
    const action = (await getGroup(store.db, groupId)).actions.find((row) => row.id === actionId)!
    expect(action).toMatchObject({ editionId: edition, editionTitle: 'Forum 2027', editionYear: '2026-2027' })
  })
})
