import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../../db/backend'
import { LockBusyError } from '../../db/locks'
import { lockHolder } from '../../db/postgres/locks'
import { verifyBackup } from '../../db/sqlite/backups'
import { activityOf } from './long-operations'
import { databaseDigests } from '../../db/transfer/digest'
import { fakeSafeStorage } from '../../tests/helpers/fake-electron'
import { postgresDatabase, postgresUrl, SKIPPED_POSTGRES } from '../../tests/helpers/postgres'
import { tempDir } from '../../tests/helpers/temp'
import { safeStorageSecrets } from '../secrets'
import { createApiHost, type ApiHost } from './host'
import type { ApiArgs } from './index'

// Moving and keeping the data from the app in team mode: « Sauvegarder maintenant » writes a
// verified SQLite copy of the team database into this laptop's backup folder (listed, rotated,
// made once a day by the automatic backup); « Passer en mode équipe » copies this laptop's data
// into an empty team database, then works on it.

const hosts: ApiHost<Store>[] = []
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close()
})

const server = () => new URL(postgresUrl!)

function form(database: string, change: Partial<ApiArgs<'database.connectTeam'>> = {}): ApiArgs<'database.connectTeam'> {
  const url = server()
  return { host: url.hostname, port: Number(url.port), database, user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), sslmode: 'prefer', ...change }
}

async function start(options: { autoBackup?: boolean } = {}) {
  const folder = tempDir()
  const dataDir = path.join(folder, 'machine')
  const localFile = path.join(folder, 'vitawin.sqlite')
  const host = await createApiHost(localFile, { secrets: safeStorageSecrets(fakeSafeStorage(), 'linux'), dataDir, ...options })
  hosts.push(host)
  return { host, localFile, backups: path.join(folder, 'sauvegardes') }
}

async function value<T = any>(host: ApiHost<Store>, name: string, args?: unknown): Promise<T> {
  const envelope = await host.call(name, args)
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.message}`)
  return envelope.value as T
}

async function refusal(host: ApiHost<Store>, name: string, args?: unknown) {
  const envelope = await host.call(name, args)
  if (envelope.ok) throw new Error(`${name} was accepted`)
  return envelope.error
}

const create = async (host: ApiHost<Store>, name: string) => (await value<{ key: string }>(host, 'actors.createOrganisation', { name, profileCode: 'entreprise' })).key

async function digestsOf(where: Parameters<typeof openStore>[0]) {
  const store = await openStore(where)
  try {
    return await databaseDigests(store.db)
  } finally {
    await store.close()
  }
}

describe.skipIf(SKIPPED_POSTGRES)('team mode: the backups on this laptop, and the move of its data', () => {
  it('backs up the team database into a verified SQLite file of the same rows, listed beside the local backups and rotated', async () => {
    const { host, localFile, backups } = await start()
    await create(host, 'Organisation du fichier local')
    const localBackup = await value(host, 'backups.create')
    const team = await postgresDatabase()
    await value(host, 'database.connectTeam', form(team.name))
    await create(host, 'Maison des Associations')
    await value(host, 'actors.createPerson', { firstName: 'Camille', lastName: 'Durand', profileCode: 'entreprise' })

    const phases: string[] = []
    const envelope = await host.call('backups.create', undefined, (progress) => phases.push(progress.phase))
    if (!envelope.ok) throw new Error(envelope.error.message)
    const copy = envelope.value as { name: string; reason: string; team: { host: string; port: number; database: string } }
    expect(copy).toMatchObject({ reason: 'manuel', team: { host: server().hostname, port: Number(server().port), database: team.name } })
    expect(copy.name).toMatch(new RegExp(`^equipe\\+${server().hostname.replace(/\./g, '\\.')}\\+${server().port}\\+${team.name}_\\d{4}-\\d{2}-\\d{2}_.*_manuel\\.sqlite$`))
    expect(phases.some((phase) => phase.startsWith("Copie de la base d'équipe"))).toBe(true)

    // In this laptop's backup folder (the local file's), a SQLite database with the team's rows, table by table.
    const file = path.join(backups, copy.name)
    expect(verifyBackup(file)).toMatchObject({ ok: true })
    const teamTarget = { kind: 'postgres' as const, config: { ...form(team.name), caFile: undefined } }
    const expected = await digestsOf(teamTarget)
    expect(await digestsOf({ kind: 'sqlite', file })).toEqual(expected)
    expect(expected.find((table) => table.table === 'organisations')).toMatchObject({ rows: 1 })
    expect(expected.find((table) => table.table === 'audit_operations')!.rows).toBeGreaterThan(0)

    // Listed with the local file's backups, saying which is which.
    const list = await value(host, 'backups.list')
    expect(list).toMatchObject({ folder: backups, team: { database: team.name } })
    expect(list.backups.map((backup: { name: string }) => backup.name)).toEqual([copy.name, localBackup.name])
    expect(list.backups[1]).toMatchObject({ team: null })
    // One file each: nothing partial, no journal left beside a copy.
    expect(fs.readdirSync(backups).filter((name) => !name.endsWith('.sqlite'))).toEqual([])

    // Restoring in team mode is refused, saying how; back on the local file, the copy restores there (a safety copy first).
    const refused = await refusal(host, 'backups.restore', { name: copy.name })
    expect(refused).toMatchObject({ code: 'conflict' })
    expect(refused.message).toContain(`npm run cli -- restore --from "${file}" --database-url postgresql://`)
    await value(host, 'database.useLocal')
    const restored = await value(host, 'backups.restore', { name: copy.name })
    expect(restored.safetyBackup).toMatchObject({ reason: 'avant-restauration', team: null })
    expect((await value(host, 'actors.directory', { fields: ['name'] })).rows.flat().sort()).toEqual(['Camille Durand', 'Maison des Associations'])
    expect(fs.existsSync(localFile)).toBe(true)

    // Rotation: the team copies form their own series, thinned like the file backups.
    await value(host, 'database.connectTeam', form(team.name))
    for (let n = 0; n < 11; n++) await value(host, 'backups.create')
    const teamCopies = (await value(host, 'backups.list')).backups.filter((backup: { team: unknown }) => backup.team)
    expect(teamCopies).toHaveLength(10)
    expect(teamCopies.map((backup: { name: string }) => backup.name)).not.toContain(copy.name)
  })

  it('makes the daily automatic backup of the team database, once a day on this laptop', async () => {
    const team = await postgresDatabase()
    const { host, backups } = await start({ autoBackup: true })
    await value(host, 'database.connectTeam', form(team.name))
    await create(host, 'Maison des Associations')
    const autos = async () => {
      for (let waited = 0; waited < 100; waited++) {
        const found = fs.readdirSync(backups).filter((name) => name.startsWith('equipe+') && name.endsWith('_auto.sqlite'))
        if (found.length > 0) return found
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      return []
    }
    const first = await autos()
    expect(first).toHaveLength(1)
    // Switching again the same day: no second one.
    await value(host, 'database.useLocal')
    await value(host, 'database.connectTeam', form(team.name))
    await value(host, 'backups.list')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await autos()).toEqual(first)
  })

  it('copies this laptop’s data into an empty team database, then works on it; refused into a team database that holds data', async () => {
    const { host, localFile } = await start()
    await value(host, 'settings.setAnimator', { animator: 'Camille' })
    await create(host, 'Organisation du fichier local')
    await value(host, 'actors.createPerson', { firstName: 'Lou', lastName: 'Martin', profileCode: 'entreprise' })
    const team = await postgresDatabase()

    expect(await value(host, 'database.test', form(team.name))).toMatchObject({ records: '', localRecords: '1 organisation, 1 personne' })
    const local = await digestsOf({ kind: 'sqlite', file: localFile })

    const phases: string[] = []
    const envelope = await host.call('database.connectTeam', { ...form(team.name), copyLocalData: true }, (progress) => phases.push(progress.phase))
    if (!envelope.ok) throw new Error(envelope.error.message)
    expect(envelope.value).toMatchObject({ team: { database: team.name }, copied: { rows: expect.any(Number), tables: expect.any(Number) } })
    expect(phases).toContain('Vérification')
    // Every table, the audit trail included, row for row; and the app works on it.
    const teamTarget = { kind: 'postgres' as const, config: { ...form(team.name), caFile: undefined } }
    expect(await digestsOf(teamTarget)).toEqual(local)
    await create(host, 'Maison des Associations')
    expect((await team.pool().query('select name from organisations order by name')).rows.map((row) => row.name)).toEqual(['Maison des Associations', 'Organisation du fichier local'])
    // The local file is left as it was.
    expect(await digestsOf({ kind: 'sqlite', file: localFile })).toEqual(local)

    // Another laptop with data of its own: the team database is no longer empty, nothing is offered, and a forced copy is refused in French.
    const other = await start()
    await create(other.host, 'Organisation de l’autre poste')
    expect(await value(other.host, 'database.test', form(team.name))).toMatchObject({ records: '2 organisations, 1 personne', localRecords: '1 organisation' })
    const refused = await refusal(other.host, 'database.connectTeam', { ...form(team.name), copyLocalData: true })
    expect(refused).toMatchObject({ code: 'conflict', message: expect.stringMatching(/^La base cible n'est pas vide : .*Rien n'a été copié\.$/) })
    expect(await value(other.host, 'database.get')).toMatchObject({ team: null })
    expect(Number((await team.pool().query('select count(*) as n from organisations')).rows[0].n)).toBe(2)
  })

  it('tells the other laptops who copies into the team database while the move runs', async () => {
    const team = await postgresDatabase()
    const { host } = await start()
    await value(host, 'settings.setAnimator', { animator: 'Camille' })
    await create(host, 'Organisation du fichier local')
    // A transaction of the test's holds one table: the copy waits there, inside its lock.
    const blocker = await team.pool().connect()
    await blocker.query('begin')
    await blocker.query('lock table mentoring_pairs in access exclusive mode')
    const moving = host.call('database.connectTeam', { ...form(team.name), copyLocalData: true })
    const other = await openStore({ kind: 'postgres', config: { ...form(team.name), caFile: undefined } })
    // Watched from outside the blocker's transaction: within one, PostgreSQL keeps the first look at
    // pg_stat_activity until it ends, and a holder not there yet would never show.
    const watcher = await team.pool().connect()
    try {
      // Opening the team database and taking the lock take seconds on a loaded machine: a deadline, not a count.
      let holder = null
      for (const deadline = Date.now() + 30_000; !holder && Date.now() < deadline; ) {
        holder = await lockHolder(watcher)
        if (!holder) await new Promise((resolve) => setTimeout(resolve, 25))
      }
      expect(holder).toMatchObject({ kind: 'team.move', animator: 'Camille' })
      const refused = await other.backend.exclusive({ kind: 'actors.import', animator: 'Lou', startedAt: new Date().toISOString() }, async () => 'ran').catch((error: unknown) => error)
      expect(refused).toBeInstanceOf(LockBusyError)
      expect((refused as LockBusyError).explained(activityOf).message).toMatch(/^Camille copie une base locale dans la base d’équipe depuis \d\d h \d\d : réessayez quand ce sera fini\.$/)
    } finally {
      await blocker.query('rollback')
      blocker.release()
      watcher.release()
      await other.close()
    }
    expect(await moving).toMatchObject({ ok: true, value: { copied: { rows: expect.any(Number) } } })
  }, 60_000)
})
