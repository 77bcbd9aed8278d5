import { sql } from 'kysely'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { caught } from '../../tests/helpers/errors'
import { postgresDatabase, postgresUrl, SKIPPED_POSTGRES } from '../../tests/helpers/postgres'
import { redact } from '../errors'
import { migrations } from '../migrations'
import { openPostgresStore } from './connection'
import { describeTarget, parsePostgresUrl, poolConfig } from './target'

describe('a team database address', () => {
  it('gives the server, the database, the account and the TLS mode, prefer by default as libpq', () => {
    expect(parsePostgresUrl('postgresql://camille:s3cr%40t@db.mairie.fr/vitawin')).toEqual({
      host: 'db.mairie.fr', port: 5432, database: 'vitawin', user: 'camille', password: 's3cr@t', sslmode: 'prefer',
    })
    expect(parsePostgresUrl('postgres://app@[::1]:6543/vw?sslmode=verify-full&sslrootcert=/etc/vitawin/ca.pem')).toEqual({
      host: '::1', port: 6543, database: 'vw', user: 'app', sslmode: 'verify-full', caFile: '/etc/vitawin/ca.pem',
    })
  })

  it('is refused in French, and the refusal never repeats the password', async () => {
    const cases = [
      'mysql://camille:Secret-42@db/vitawin',
      'postgresql://camille:Secret-42@db/',
      'postgresql://:Secret-42@db/vitawin',
      'postgresql://camille:Secret-42@db/vitawin?sslmode=allow',
      'postgresql://camille:Secret-42@db/vitawin?sslmode=verify-ca',
      'postgresql://camille:Secret-42@db/vitawin?password=x',
    ]
    for (const url of cases) {
      const error = await caught((async () => parsePostgresUrl(url))())
      expect(error, url).toMatchObject({ code: 'invalid_input' })
      expect(error.message).toMatch(/^Adresse de la base d'équipe invalide/)
      expect(error.message).not.toContain('Secret-42')
    }
  })

  it('is shown and logged without its password', () => {
    const target = parsePostgresUrl('postgresql://camille:Secret-42@db.mairie.fr:5433/vitawin')
    expect(describeTarget(target)).toBe('postgresql://camille@db.mairie.fr:5433/vitawin')
    expect(redact('connexion à postgresql://camille:Secret-42@db.mairie.fr/vitawin refusée')).toBe('connexion à postgresql://camille:***@db.mairie.fr/vitawin refusée')
  })

  it('asks for TLS the way libpq does: none, without checks, the chain, or the chain and the name', () => {
    const ssl = (query: string) => poolConfig(parsePostgresUrl(`postgresql://u@h/d?${query}`)).ssl
    expect(ssl('sslmode=disable')).toBe(false)
    expect(ssl('sslmode=prefer')).toEqual({ rejectUnauthorized: false })
    expect(ssl('sslmode=require')).toEqual({ rejectUnauthorized: false })
    expect(() => ssl('sslmode=verify-full&sslrootcert=/nonexistent/ca.pem')).toThrow(/certificat de l'autorité « \/nonexistent\/ca.pem » ne peut pas être lu/)
  })
})

describe.skipIf(SKIPPED_POSTGRES)('opening a team database', () => {
  const targetOf = (url: string, query = '') => parsePostgresUrl(`${url}${query}`)

  it('reaches a migrated database without TLS when the server offers none (prefer), and reads counts as numbers', async () => {
    const database = await postgresDatabase()
    const store = await openPostgresStore(targetOf(database.url))
    try {
      expect(store.schemaVersion).toBe(migrations.length)
      expect(store.encrypted).toBe(false)
      expect(store.location).not.toMatch(/:[^/@]*@/)
      const counted = await store.db.selectFrom('towns').select((eb) => [eb.fn.countAll().as('n'), eb.fn.avg('population').as('mean')]).executeTakeFirstOrThrow()
      expect(counted.n).toBe(13)
      expect(typeof counted.mean).toBe('number')
      // Interactive queries are never compiled (target.ts).
      expect((await sql<{ jit: string }>`show jit`.execute(store.db)).rows[0]!.jit).toBe('off')
    } finally {
      await store.close()
    }
  })

  it("lets the server end at once the statement of a laptop that died, and release what it held", async () => {
    const database = await postgresDatabase()
    const watcher = new pg.Client({ connectionString: database.url })
    await watcher.connect()
    const client = new pg.Client(poolConfig(targetOf(database.url, '?sslmode=disable')))
    client.on('error', () => undefined)
    await client.connect()
    try {
      const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid')
      const pid = rows[0]!.pid
      // A long statement holding a lock others wait for, then the laptop gone (its socket closed, as the system does when a process is killed).
      const running = client.query("select pg_advisory_lock(42), pg_sleep(60)").catch((error: Error) => error)
      await expect.poll(async () => (await watcher.query(`select state from pg_stat_activity where pid = $1`, [pid])).rows[0]?.state).toBe('active')
      ;(client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy()
      expect(await running).toBeInstanceOf(Error)
      const started = Date.now()
      await expect.poll(async () => (await watcher.query(`select count(*)::int as n from pg_stat_activity where pid = $1`, [pid])).rows[0].n, { timeout: 15_000, interval: 200 }).toBe(0)
      // Without the check the server would finish the 60 s sleep for nobody, holding the lock.
      expect(Date.now() - started).toBeLessThan(10_000)
      expect((await watcher.query('select pg_try_advisory_lock(42) as locked')).rows[0].locked).toBe(true)
    } finally {
      await watcher.end()
      await client.end().catch(() => undefined)
    }
  })

  it('says in French that the server refuses TLS when it is required', async () => {
    const database = await postgresDatabase()
    const error = await caught(openPostgresStore(targetOf(database.url, '?sslmode=require')))
    expect(error).toMatchObject({ code: 'tls_refused' })
    expect(error.message).toMatch(/^La connexion chiffrée au serveur/)
  })

  it('names what is wrong, never the password: a wrong password, a missing database, a server that does not answer', async () => {
    const good = new URL(postgresUrl!)
    const password = decodeURIComponent(good.password)
    const wrong = new URL(good)
    wrong.password = 'pas-le-bon-mot-de-passe'
    const refused = await caught(openPostgresStore(parsePostgresUrl(wrong.toString())))
    expect(refused).toMatchObject({ code: 'unauthorized' })
    expect(refused.message).toMatch(/^Identifiant ou mot de passe refusé/)
    expect(refused.message).not.toContain('pas-le-bon')

    const missing = new URL(good)
    missing.pathname = '/vitawin_nulle_part'
    const notFound = await caught(openPostgresStore(parsePostgresUrl(missing.toString())))
    expect(notFound).toMatchObject({ code: 'not_found', message: `La base « vitawin_nulle_part » n'existe pas sur le serveur ${good.hostname}:${good.port}.` })

    const closed = new URL(good)
    closed.port = '1'
    const unreachable = await caught(openPostgresStore(parsePostgresUrl(closed.toString())))
    expect(unreachable).toMatchObject({ code: 'server_unreachable' })
    expect(unreachable.message).toMatch(/ne répond pas\. Vérifiez la connexion au réseau, puis réessayez/)
    for (const error of [refused, notFound, unreachable]) expect(error.message).not.toContain(password)
  })

  it('refuses a schema written by a newer version, and one with pending migrations unless asked to migrate', async () => {
    const newer = await postgresDatabase()
    const pool = newer.pool({ max: 1 })
    await pool.query(`insert into schema_migrations (name, applied_at) values ('9999-future', '2030-01-01T00:00:00.000Z')`)
    const tooNew = await caught(openPostgresStore(parsePostgresUrl(newer.url)))
    expect(tooNew).toMatchObject({ code: 'database_too_new' })
    expect(tooNew.message).toMatch(/^Cette base d'équipe a été créée par une version plus récente .* Elle n'a pas été modifiée\./)
    expect((await pool.query('select count(*)::int as n from schema_migrations')).rows[0].n).toBe(migrations.length + 1)

    const empty = await postgresDatabase('empty')
    const pending = await caught(openPostgresStore(parsePostgresUrl(empty.url)))
    expect(pending).toMatchObject({ code: 'database_forbidden' })
    expect(pending.message).toBe(`La base d'équipe « ${empty.name} » est vide : son schéma n'a pas encore été créé. Il doit l'être avec le compte propriétaire de la base (voir « Mode équipe » dans le guide).`)
    const store = await openPostgresStore(parsePostgresUrl(empty.url), { migrate: true })
    try {
      expect(store.schemaVersion).toBe(migrations.length)
      const { rows } = await sql<{ n: number }>`select count(*) as n from schema_migrations`.execute(store.db)
      expect(rows[0]!.n).toBe(migrations.length)
    } finally {
      await store.close()
    }
  })
})
