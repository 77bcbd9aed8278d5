import { describe, expect, it } from 'vitest'
import { call, startTestHost } from '../../tests/helpers/api'
import { SKIPPED_POSTGRES } from '../../tests/helpers/postgres'

// The API on a team database: what is written for PostgreSQL answers, what is not yet is refused
// in French (never a crash).

describe.skipIf(SKIPPED_POSTGRES)('the API on a team database', () => {
  it('answers from the server, and refuses in French what team mode does not do yet', async () => {
    const host = await startTestHost()
    expect(host.store!.kind).toBe('postgres')
    const info = await call(host, 'system.info')
    expect(info.file).toMatch(/^postgresql:\/\/[^:@]+@127\.0\.0\.1:\d+\/vitawin_t_/)
    expect(await call(host, 'database.get')).toMatchObject({ kind: 'real', isNew: true, demoExists: false })
    await call(host, 'actors.createOrganisation', { name: 'Club Gravelle Entreprendre', profileCode: 'association' })
    expect(await call(host, 'database.get')).toMatchObject({ isNew: false, filled: ['organisations'] })
    expect(await call(host, 'search.query', { query: 'gravelle' })).toMatchObject([{ kind: 'organisation', title: 'Club Gravelle Entreprendre' }])
    expect(await call(host, 'actors.directory', { fields: ['name', 'kind'] })).toMatchObject({ rows: [['Club Gravelle Entreprendre', 'organisation']], total: 1 })
    for (const [name, args, what] of [['database.open', { kind: 'demo' }, 'La démonstration']] as const) {
      const answer = await host.call(name, args)
      expect(answer, name).toMatchObject({ ok: false, error: { code: 'conflict', message: `${what} n'est pas encore disponible en mode équipe (base PostgreSQL).` } })
    }
  })
})
