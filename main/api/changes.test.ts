import { describe, expect, it } from 'vitest'
import type { Store } from '../../db/backend'
import { call, startHostBeside, startTestHost } from '../../tests/helpers/api'
import { readsToRefresh } from './changes'
import type { ApiHost } from './host'

// The change feed between two animators: each window asks what changed since the position it
// saw, leaving out its own writes, and is told which read calls to refresh (from the tables the
// changes touched). Two hosts on one database, as two laptops on a team database.

const ORGANISATION = { name: 'Garage des Vignes', profileCode: 'entreprise', townCode: '94080' } as const

async function twoHosts(): Promise<[ApiHost<Store>, ApiHost<Store>]> {
  const first = await startTestHost()
  return [first, await startHostBeside(first)]
}

describe('the change feed', () => {
  it('names the tables another window changed and the read calls to refresh, not the others', async () => {
    const [mine, theirs] = await twoHosts()
    const start = await call(mine, 'changes.since', {})
    await call(theirs, 'actors.createOrganisation', ORGANISATION)
    // On PostgreSQL the position comes by NOTIFY, a moment after the commit.
    await expect.poll(async () => (await call(mine, 'changes.since', { after: start.position })).operation).toBeGreaterThan(start.operation)
    const seen = await call(mine, 'changes.since', { after: start.position })
    expect(seen.operation).toBeGreaterThan(start.operation)
    expect(seen.tables).toEqual(['organisations'])
    expect(seen.refresh).toEqual(expect.arrayContaining(['actors.directory', 'dashboard.overview', 'search.query', 'actors.get']))
    expect(seen.refresh).not.toContain('copil.sessions')
    expect(seen.refresh).not.toContain('journal.animators')
    // Asked again from the new position: nothing more.
    expect(await call(mine, 'changes.since', { after: seen.position })).toEqual({ position: seen.position, operation: seen.operation, tables: [], refresh: [] })

    await call(theirs, 'copil.saveSession', { id: null, values: { heldOn: '2026-03-12', place: 'Mairie', minutes: '' } })
    await expect.poll(async () => (await call(mine, 'changes.since', { after: seen.position })).operation).toBeGreaterThan(seen.operation)
    const copil = await call(mine, 'changes.since', { after: seen.position })
    expect(copil.tables).toEqual(['copil_sessions'])
    expect(copil.refresh).toEqual(expect.arrayContaining(['copil.sessions', 'calendar.events', 'dashboard.figures']))
    expect(copil.refresh).not.toContain('actors.directory')
  })

  it("leaves out the window's own writes by their operation, and still sees another's made meanwhile", async () => {
    const [mine, theirs] = await twoHosts()
    const start = await call(mine, 'changes.since', {})
    const own = await mine.call('actors.createOrganisation', ORGANISATION)
    if (!own.ok) throw new Error(own.error.message)
    expect(own.operation).toBeGreaterThan(start.operation)
    // Another animator's change lands right after this window's own, before the window asks again.
    await call(theirs, 'copil.saveSession', { id: null, values: { heldOn: '2026-03-12', place: 'Mairie', minutes: '' } })
    await expect.poll(async () => (await call(mine, 'changes.since', { after: String(own.operation) })).operation).toBeGreaterThan(own.operation!)
    const seen = await call(mine, 'changes.since', { after: start.position, own: [own.operation!] })
    expect(seen.tables).toEqual(['copil_sessions'])
    expect(seen.refresh).not.toContain('actors.directory')
    // A read makes no operation.
    const read = await mine.call('copil.sessions', undefined)
    expect(read.ok && read.operation).toBe(undefined)
  })

  it('asks for everything after a restore (an audit row about the whole database)', async () => {
    const all = readsToRefresh(['database'])
    expect(all).toEqual(expect.arrayContaining(['actors.directory', 'copil.sessions', 'settings.get']))
    expect(readsToRefresh([])).toEqual([])
  })
})
