import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { call, startHostBeside, startTestHost } from '../../tests/helpers/api'
import { SKIPPED_POSTGRES } from '../../tests/helpers/postgres'
import type { Store } from '../backend'
import { formatParisTime } from '../rules/format'
import { LockBusyError, type LockHolder } from '../locks'
import { holderOf, lockHolder, lockStatement } from './locks'

// Long operations on a team database, two laptops (two hosts, two pools) on one database: the
// second's attempt is refused at once naming who runs what since when, ordinary saves go on,
// and a lock whose laptop died is released by the server.

const ORGANISATION = { name: 'Garage des Vignes', profileCode: 'entreprise', townCode: '94080' } as const

/** Runs a long operation on `store` until `finish()`; resolves once it holds the lock. */
async function holdLock(store: Store, holder: LockHolder): Promise<{ finish: () => void; done: Promise<string> }> {
  let finish!: () => void
  const finished = new Promise<void>((resolve) => (finish = resolve))
  let held!: () => void
  const locked = new Promise<void>((resolve) => (held = resolve))
  const done = store.backend.exclusive(holder, async () => {
    held()
    await finished
    return 'fini'
  })
  await Promise.race([locked, done])
  return { finish, done }
}

describe.skipIf(SKIPPED_POSTGRES)('long operations on a team database', () => {
  it('refuse the other laptop’s long operation with who does what since when, let ordinary saves through, then let it run', async () => {
    const camille = await startTestHost()
    const dominique = await startHostBeside(camille)
    await call(dominique, 'settings.setAnimator', { animator: 'Dominique' })
    const holder: LockHolder = { kind: 'actors.import.commit', animator: 'Camille', startedAt: new Date().toISOString() }
    const importing = await holdLock(camille.store!, holder)

    const refused = await dominique.call('privacy.purge.run', { fingerprint: '0'.repeat(32) })
    expect(refused).toEqual({
      ok: false,
      error: { code: 'database_busy', message: `Camille importe des acteurs depuis ${formatParisTime(holder.startedAt)} : réessayez quand ce sera fini.` },
    })
    // Another long operation of the same laptop too: the lock is the database's, not the laptop's.
    await expect(camille.store!.backend.exclusive({ ...holder, kind: 'privacy.purge.run' }, async () => 'deux')).rejects.toBeInstanceOf(LockBusyError)
    // An ordinary save is a transaction of its own: it is not held up by the import.
    expect(await call(dominique, 'actors.createOrganisation', ORGANISATION)).toMatchObject({ key: expect.stringMatching(/^o\d+$/) })

    importing.finish()
    expect(await importing.done).toBe('fini')
    const after = await dominique.call('privacy.purge.run', { fingerprint: '0'.repeat(32) })
    // Past the lock: refused for its own reason now (the preview it confirms is not this one), not as busy.
    expect(after.ok || after.error.code).not.toBe('database_busy')
  })

  it('is released by the server when the laptop holding it dies', async () => {
    const camille = await startTestHost()
    const dominique = await startHostBeside(camille)
    const pool = (camille.store as { pool: pg.Pool }).pool
    const holder: LockHolder = { kind: 'actors.import.sirene', animator: 'Hélène Lefèvre-Dubois', startedAt: new Date().toISOString() }
    const importing = await holdLock(camille.store!, holder)
    const client = await pool.connect()
    try {
      expect(await lockHolder(client)).toEqual(holder)
      // The laptop dies (kill -9, a cut network): the server ends its session, and its locks with it.
      await client.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'vitawin|lock' and datname = current_database()")
      await expect.poll(() => lockHolder(client)).toBe(null)
    } finally {
      client.release()
    }
    importing.finish()
    await importing.done
    expect(await dominique.store!.backend.exclusive({ ...holder, animator: 'Dominique' }, async () => 'pris')).toBe('pris')
  })

  it('names the holder in the lock’s statement, any alphabet, on one line of plain text', () => {
    const holder: LockHolder = { kind: 'actors.import.commit', animator: 'Marie-Hélène d’Auvergne */ -- \n 李', startedAt: '2026-12-03T09:42:00.000Z' }
    const statement = lockStatement(holder)
    expect(statement).toMatch(/^[\x20-\x7e]+$/)
    expect(holderOf(statement)).toEqual(holder)
    expect(holderOf(lockStatement({ ...holder, animator: null }))).toEqual({ ...holder, animator: null })
    expect(holderOf('select 1')).toBe(null)
  })
})
