import { describe, expect, it } from 'vitest'
import { call, startTestHost } from '../../tests/helpers/api'
import { queryValue } from '../../tests/helpers/temp'

// A grid's layout is the machine's, like its animator: kept in the machine's configuration, out of
// the database and its audit trail.

describe('layouts', () => {
  it('keeps each grid’s layout on the machine, apart from the data', async () => {
    const host = await startTestHost()
    expect(await call(host, 'layouts.get', { scope: 'actors.directory' })).toBeNull()
    const layout = { columns: [{ colId: 'name', width: 320 }, { colId: 'siret', hide: false }], nameSized: true }
    await call(host, 'layouts.save', { scope: 'actors.directory', state: layout })
    await call(host, 'layouts.save', { scope: 'copil.register', state: { columns: [] } })
    expect(await call(host, 'layouts.get', { scope: 'actors.directory' })).toEqual(layout)
    expect(host.services.machine().gridLayouts).toEqual({ 'actors.directory': layout, 'copil.register': { columns: [] } })
    expect(await queryValue(host.store!, 'select count(*) from audit_operations')).toBe(0)
    expect(await queryValue(host.store!, "select count(*) from settings where key like '%layout%'")).toBe(0)
  })

  it('refuses an unknown scope and an oversized layout', async () => {
    const host = await startTestHost()
    expect((await host.call('layouts.save', { scope: '../x', state: {} })).ok).toBe(false)
    const huge = await host.call('layouts.save', { scope: 'actors.directory', state: { columns: 'x'.repeat(300_000) } })
    expect(huge).toMatchObject({ ok: false, error: { message: expect.stringMatching(/trop volumineuse/) } })
    expect(await call(host, 'layouts.get', { scope: 'actors.directory' })).toBeNull()
  })
})
