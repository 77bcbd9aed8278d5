import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { latestOperation } from '../audit/changes'
import { runAuditOperation } from '../audit/context'
import { recordAuditRows } from '../audit/rows'
import { parseDatabaseTarget, openStore, type PostgresStore } from '../backend'
import { postgresDatabase, SKIPPED_POSTGRES } from '../../tests/helpers/postgres'

// The change feed's position on a team database comes by LISTEN: every new operation of the audit
// trail is announced at its commit, whoever writes (the app, an explicit audit row, psql). When the
// listening connection is lost, the position is asked for instead while it reconnects.

async function twoStores(): Promise<{ url: string; mine: PostgresStore; theirs: PostgresStore }> {
  const database = await postgresDatabase()
  const mine = (await openStore(parseDatabaseTarget(database.url))) as PostgresStore
  const theirs = (await openStore(parseDatabaseTarget(database.url))) as PostgresStore
  return { url: database.url, mine, theirs }
}

describe.skipIf(SKIPPED_POSTGRES)('the change feed on PostgreSQL', () => {
  it('learns each new operation by LISTEN, including explicit audit rows and outside clients, and falls back to asking when the connection is lost', async () => {
    const { url, mine, theirs } = await twoStores()
    try {
      expect(await mine.backend.latestChange()).toBe(0)
      await expect.poll(async () => (await listenerBackends(url)).length).toBe(1)

      await runAuditOperation({ kind: 'actors.createOrganisation', label: 'Création', animator: 'Camille' }, () =>
        theirs.db.insertInto('organisations').values({ name: 'Garage des Vignes', profileCode: 'entreprise' }).execute(),
      )
      const afterInsert = await latestOperation(theirs.db)
      await expect.poll(() => mine.backend.latestChange()).toBe(afterInsert)

      await runAuditOperation({ kind: 'backups.restore', label: 'Restauration', animator: 'Camille' }, () =>
        recordAuditRows(theirs.db, [{ action: 'event', table: 'database', rowId: null, changes: { sauvegarde: 'x' } }]),
      )
      const afterEvent = await latestOperation(theirs.db)
      expect(afterEvent).toBeGreaterThan(afterInsert)
      await expect.poll(() => mine.backend.latestChange()).toBe(afterEvent)

      // psql or a reporting tool: recorded as a direct change, announced all the same.
      const outside = new pg.Client({ connectionString: url })
      await outside.connect()
      await outside.query("update organisations set name = 'Garage des Vignes et Fils'")
      await outside.end()
      const afterOutside = await latestOperation(theirs.db)
      await expect.poll(() => mine.backend.latestChange()).toBe(afterOutside)

      // The listening connection killed (a server restart, a network cut): asked for meanwhile, then listened again.
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'vitawin|changes' and datname = current_database()")
      await admin.end()
      await theirs.db.updateTable('organisations').set({ name: 'Garage des Vignes' }).execute()
      const afterCut = await latestOperation(theirs.db)
      expect(await mine.backend.latestChange()).toBe(afterCut)
      await expect.poll(async () => (await listenerBackends(url)).length, { timeout: 10_000 }).toBe(1)
    } finally {
      await mine.close()
      await theirs.close()
    }
    // Closed: its listening connection is gone with it.
    expect(await listenerBackends(url)).toEqual([])
  })
})

/** The listening connections on the test database. */
async function listenerBackends(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ pid: number }>("select pid from pg_stat_activity where application_name = 'vitawin|changes' and datname = current_database()")
    return rows.map((row) => row.pid)
  } finally {
    await client.end()
  }
}
