import crypto from 'node:crypto'
import path from 'node:path'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { createApiHost, ALREADY_DONE, type ApiHost } from '../../main/api/host'
import { parseDatabaseTarget, type Store } from '../backend'
import { postgresDatabase, SKIPPED_POSTGRES } from '../../tests/helpers/postgres'
import { tcpProxy, type TcpProxy } from '../../tests/helpers/tcp-proxy'
import { tempDir } from '../../tests/helpers/temp'

// The connection to the team database's server cut right after a save's COMMIT, before the app
// hears of it: the screen shows « Réessayer », and the retry (the same request key) does not write
// the record a second time.

const opened: { host: ApiHost<Store>; proxy: TcpProxy }[] = []
afterEach(async () => {
  for (const { host, proxy } of opened.splice(0)) {
    await host.close()
    await proxy.close()
  }
})

describe.skipIf(SKIPPED_POSTGRES)('a save whose answer was lost with the connection', () => {
  it('is answered on its retry without being written twice', async () => {
    const database = await postgresDatabase()
    const direct = new URL(database.url)
    const proxy = await tcpProxy({ host: direct.hostname, port: Number(direct.port) })
    const through = new URL(database.url)
    through.hostname = '127.0.0.1'
    through.port = String(proxy.port)
    const host = await createApiHost(parseDatabaseTarget(through.toString()), { dataDir: path.join(tempDir(), 'machine') })
    opened.push({ host, proxy })
    expect(host.store).not.toBe(null)

    const key = crypto.randomUUID()
    const exchange = { name: 'Garage des Vignes', profileCode: 'entreprise' }
    proxy.cutAfterNextCommit()
    const lost = await host.call('actors.createOrganisation', exchange, undefined, key)
    expect(proxy.commitsCut).toBe(1)
    expect(lost).toMatchObject({ ok: false, error: { code: 'server_unreachable' } })

    // The server had committed it.
    const count = async () => {
      const client = new pg.Client({ connectionString: database.url })
      await client.connect()
      try {
        return (await client.query<{ count: number }>('select count(*)::int as count from organisations')).rows[0]!.count
      } finally {
        await client.end()
      }
    }
    expect(await count()).toBe(1)

    // « Réessayer »: the same request, the same key.
    const retried = await host.call('actors.createOrganisation', exchange, undefined, key)
    expect(retried).toEqual({ ok: false, error: { code: 'already_done', message: ALREADY_DONE } })
    expect(await count()).toBe(1)

    // Without the key (as before request keys), the retry would have written it twice.
    expect((await host.call('actors.createOrganisation', exchange, undefined, crypto.randomUUID())).ok).toBe(true)
    expect(await count()).toBe(2)
  })
})
