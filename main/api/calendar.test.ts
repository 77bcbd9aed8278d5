import fs from 'node:fs'
import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import { call, startTestHost } from '../../tests/helpers/api'
import { insertRow, queryValue, runSql } from '../../tests/helpers/temp'

// The calendar through the API: sessions, meetings and COPIL sessions of a period, and their .ics
// files, read back by ical.js.

async function seeded() {
  const host = await startTestHost()
  const store = host.store!
  const programme = await queryValue<number>(store, 'select id from programmes order by id limit 1')
  const edition = await insertRow(store, "insert into editions (programme_id, school_year, title) values (?, '2026-2027', 'Édition 2026-2027')", programme)
  const sequence = await insertRow(store, "insert into sequences (edition_id, step_order, title) values (?, 2, 'Visite d’entreprise, atelier ; bilan')", edition)
  const session = await insertRow(store, "insert into sequence_sessions (sequence_id, held_on, place, status) values (?, '2026-12-15', 'Usine Bréguet', 'planifiee')", sequence)
  await runSql(store, "insert into sequence_sessions (sequence_id, held_on, status) values (?, '2027-01-12', 'planifiee')", sequence)
  const group = await insertRow(store, "insert into working_groups (name, status) values ('Mobilité des jeunes', 'actif')")
  await runSql(store, "insert into group_meetings (group_id, held_on, place) values (?, '2026-12-03', 'Mairie')", group)
  await runSql(store, "insert into copil_sessions (reference, held_on, status) values ('COPIL 2026-4', '2026-12-17', 'annulee')")
  return { host, session }
}

describe('calendar through the API', () => {
  it('lists the sessions, meetings and COPIL sessions of a period, by date', async () => {
    const { host } = await seeded()
    const events = await call(host, 'calendar.events', { from: '2026-11-30', to: '2027-01-03' })
    expect(events.map((event) => [event.date, event.kind, event.title])).toEqual([
      ['2026-12-03', 'meeting', 'Réunion — Mobilité des jeunes'],
      ['2026-12-15', 'session', expect.stringMatching(/ — 2\. Visite d’entreprise, atelier ; bilan$/)],
      ['2026-12-17', 'copil', 'COPIL 2026-4'],
    ])
    expect(events[2]).toMatchObject({ cancelled: true, statusLabel: 'Annulée', link: expect.stringMatching(/^\/copil\/seances\/\d+$/) })
    expect(await call(host, 'calendar.events', { from: '2026-11-30', to: '2027-01-03', kinds: ['copil'] })).toHaveLength(1)
    await expect(call(host, 'calendar.events', { from: '2026-12-31', to: '2026-12-01' })).rejects.toThrow(/précède son début/)
  })

  it('saves a view, or one event, as an .ics file that ical.js reads', async () => {
    const { host, session } = await seeded()
    const view = await call(host, 'calendar.export', { from: '2026-11-30', to: '2027-01-03' })
    expect(view.name).toBe('calendrier-2026-11-30-au-2027-01-03.ics')
    expect(view.rows).toBe(3)
    const text = fs.readFileSync(host.files.resolve(view.fileId).path, 'utf8')
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((component) => new ICAL.Event(component))
    expect(events.map((event) => [event.startDate.toString(), event.summary])).toEqual([
      ['2026-12-03', 'Réunion — Mobilité des jeunes'],
      ['2026-12-15', expect.stringMatching(/ — 2\. Visite d’entreprise, atelier ; bilan$/)],
      ['2026-12-17', 'Annulé : COPIL 2026-4'],
    ])
    const one = await call(host, 'calendar.export', { uid: `session-${session}` })
    expect(one.name).toBe('seance-2026-12-15.ics')
    const single = new ICAL.Component(ICAL.parse(fs.readFileSync(host.files.resolve(one.fileId).path, 'utf8'))).getAllSubcomponents('vevent')
    expect(single).toHaveLength(1)
    // The same event has the same UID in both files: a calendar updates it rather than doubling it.
    expect(new ICAL.Event(single[0]!).uid).toBe(events[1]!.uid)
    await expect(call(host, 'calendar.export', { uid: 'session-999999' })).rejects.toThrow(/n'existe pas/)
  })
})
