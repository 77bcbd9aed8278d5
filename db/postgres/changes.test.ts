import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { changesSince, latestOperation } from '../audit/changes'
import { runAuditOperation } from '../audit/context'
import { recordAuditRows } from '../audit/rows'
import { parseDatabaseTarget, openStore, type PostgresStore } from '../backend'
import { postgresDatabase, SKIPPED_POSTGRES } from '../../tests/helpers/postgres'
import { PostgresChangeListener } from './changes'
import { parsePostgresUrl, poolConfig } from './target'

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

describe.skipIf(SKIPPED_POSTGRES)('the change feed right after a save of this laptop', () => {
  it('knows the operation at once, before its NOTIFY comes back', async () => {
    const { url, mine, theirs } = await twoStores()
    const listener = new PostgresChangeListener({ ...poolConfig(parsePostgresUrl(`${url}?sslmode=disable`)) }, mine.db)
    try {
      await listener.latest()
      await expect.poll(() => listener.listening).toBe(true)
      // Announcements held up on their way (a busy network, an event loop that has not read them yet).
      const socket = (listener as unknown as { client: { connection: { stream: { pause(): void; resume(): void } } } }).client.connection.stream
      socket.pause()
      const before = await listener.latest()
      await runAuditOperation({ kind: 'actors.createOrganisation', label: 'Création', animator: 'Camille' }, () =>
        theirs.db.insertInto('organisations').values({ name: 'Garage des Vignes', profileCode: 'entreprise' }).execute(),
      )
      const saved = await latestOperation(theirs.db)
      expect(saved).toBeGreaterThan(before)
      // Not announced yet: a question now would be answered « nothing new » from memory.
      expect(await listener.latest()).toBe(before)
      // The host tells it what it has just committed (main/api/host.ts).
      listener.committed(saved)
      expect(await listener.latest()).toBe(saved)
      expect((await changesSince(mine.db, String(before), [], await listener.latest())).tables).toEqual(['organisations'])
      // The announcement arriving later changes nothing.
      socket.resume()
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(await listener.latest()).toBe(saved)
    } finally {
      await listener.close()
      await mine.close()
      await theirs.close()
    }
  })
})

describe.skipIf(SKIPPED_POSTGRES)('the change feed and transactions committing out of order', () => {
  it('forgets the id of a transaction rolled back once every transaction running when it was seen has ended', { timeout: 60_000 }, async () => {
    const { mine, theirs } = await twoStores()
    try {
      const start = await changesSince(mine.db, undefined, [])
      const { release, done: failing } = await importHeldOpen(theirs, 'rollback')
      await mine.db.insertInto('copilSessions').values({ reference: 'COPIL-T2', heldOn: '2026-03-12', place: 'Mairie', minutes: '' }).execute()
      const save = await changesSince(mine.db, start.position, [])
      expect(save.position).toContain('~')
      // Still under way: the gap is kept.
      expect((await changesSince(mine.db, save.position, [])).position).toBe(save.position)
      release()
      await expect(failing).rejects.toThrow('import refused')
      // Once no transaction of that moment runs any more (other databases' on the server count too:
      // another test file's import in its one transaction, running beside this one).
      await expect.poll(() => changesSince(mine.db, save.position, []), { timeout: 50_000, interval: 250 }).toEqual({ position: String(save.operation), operation: save.operation, tables: [] })
    } finally {
      await mine.close()
      await theirs.close()
    }
  })

  it("reports an operation whose transaction took its id first but committed after a later one's", async () => {
    const { mine, theirs } = await twoStores()
    try {
      const start = await changesSince(mine.db, undefined, [])
      // A long import takes its operation (its id) at its first write, and holds its transaction open…
      const { release, done: importing } = await importHeldOpen(theirs, 'commit')
      // …while a short save takes the next id and commits at once.
      await runAuditOperation({ kind: 'copil.saveSession', label: 'Création', animator: 'Dominique' }, () =>
        mine.db.insertInto('copilSessions').values({ reference: 'COPIL-T1', heldOn: '2026-03-12', place: 'Mairie', minutes: '' }).execute(),
      )
      const save = await changesSince(mine.db, start.position, [])
      expect(save.tables).toEqual(['copil_sessions'])
      // The position carries the import's id, not committed yet, below it.
      expect(save.position).toMatch(/^\d+~\d+~\d+$/)
      expect((await changesSince(mine.db, save.position, [])).tables).toEqual([])
      // The import commits: the screen that saw the save's position still learns it, once.
      release()
      await importing
      const imported = await changesSince(mine.db, save.position, [])
      expect(imported.tables).toEqual(['organisations'])
      expect(imported.position).toBe(String(imported.operation))
      expect((await changesSince(mine.db, imported.position, [])).tables).toEqual([])
    } finally {
      await mine.close()
      await theirs.close()
    }
  })
})

/** An import's transaction that has written (taken its operation's id) and waits to end as told. */
async function importHeldOpen(store: PostgresStore, end: 'commit' | 'rollback'): Promise<{ release: () => void; done: Promise<void> }> {
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  let wrote!: () => void
  const written = new Promise<void>((resolve) => (wrote = resolve))
  const done = runAuditOperation({ kind: 'actors.import.commit', label: 'Import', animator: 'Camille' }, () =>
    store.db.transaction().execute(async (trx) => {
      await trx.insertInto('organisations').values({ name: 'Garage des Vignes', profileCode: 'entreprise' }).execute()
      wrote()
      await held
      if (end === 'rollback') throw new Error('import refused')
    }),
  )
  await written
  return { release, done }
}

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
