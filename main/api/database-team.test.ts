import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { migrations } from '../../db/migrations'
import { fakeSafeStorage } from '../../tests/helpers/fake-electron'
import { postgresDatabase, postgresUrl, SKIPPED_POSTGRES } from '../../tests/helpers/postgres'
import { tcpProxy, type TcpProxy } from '../../tests/helpers/tcp-proxy'
import { tempDir } from '../../tests/helpers/temp'
import { readMachineConfig } from '../machine-config'
import { safeStorageSecrets, type SecretStore } from '../secrets'
import { createApiHost, type ApiHost, type HostOptions } from './host'
import type { ApiArgs } from './index'
import type { Store } from '../../db/backend'

// Paramètres → Base de données on a real server: test a team database (each refusal in French,
// never the password), switch to it with the password encrypted by the keychain, start on it, go
// back to the local file; and a server going away while the app runs, then coming back.

const hosts: ApiHost<Store>[] = []
const proxies: TcpProxy[] = []
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close()
  for (const proxy of proxies.splice(0)) await proxy.close()
})

const server = () => new URL(postgresUrl!)
const PASSWORD = () => decodeURIComponent(server().password)

function form(database: string, change: Partial<ApiArgs<'database.test'>> = {}): ApiArgs<'database.test'> {
  const url = server()
  return { host: url.hostname, port: Number(url.port), database, user: decodeURIComponent(url.username), password: PASSWORD(), sslmode: 'prefer', ...change }
}

async function start(options: HostOptions & { secrets?: SecretStore } = {}) {
  const folder = tempDir()
  const dataDir = path.join(folder, 'machine')
  const localFile = path.join(folder, 'vitawin.sqlite')
  const host = await createApiHost(localFile, { secrets: safeStorageSecrets(fakeSafeStorage(), 'linux'), dataDir, ...options })
  hosts.push(host)
  return { host, dataDir, localFile }
}

async function refusal(host: ApiHost<Store>, name: 'database.test' | 'database.connectTeam', args: ApiArgs<'database.test'>) {
  const envelope = await host.call(name, args)
  if (envelope.ok) throw new Error(`${name} was accepted`)
  expect(envelope.error.message).not.toContain(PASSWORD())
  return envelope.error
}

async function value<T = any>(host: ApiHost<Store>, name: string, args?: unknown): Promise<T> {
  const envelope = await host.call(name, args)
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.message}`)
  return envelope.value as T
}

const create = async (host: ApiHost<Store>, name: string) => (await value<{ key: string }>(host, 'actors.createOrganisation', { name, profileCode: 'entreprise' })).key
const nameOf = async (host: ApiHost<Store>, key: string) => (await value<{ organisation: { name: string } }>(host, 'actors.get', { key })).organisation.name

/** Every file of the machine's folder, as text: where a password in clear would show. */
const everything = (folder: string) =>
  fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), 'latin1'))
    .join('\n')

describe.skipIf(SKIPPED_POSTGRES)('Paramètres → Base de données', () => {
  it('tests a team database for real, and says in French why one cannot be used', async () => {
    const { host } = await start()
    const ready = await postgresDatabase()
    expect(await value(host, 'database.test', form(ready.name))).toEqual({
      location: `postgresql://${server().username}@${server().hostname}:${server().port}/${ready.name}`,
      encrypted: false,
      schemaVersion: migrations.length,
      records: '',
      localRecords: '',
    })

    expect(await refusal(host, 'database.test', form(ready.name, { password: 'pas-le-bon' }))).toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/^Identifiant ou mot de passe refusé par le serveur de la base d'équipe/),
    })
    expect(await refusal(host, 'database.test', form(ready.name, { port: 1 }))).toMatchObject({ code: 'server_unreachable', message: expect.stringMatching(/^Le serveur de la base d'équipe \(.*:1\) ne répond pas/) })
    expect(await refusal(host, 'database.test', form('vitawin_nulle_part'))).toMatchObject({ code: 'not_found' })

    const empty = await postgresDatabase('empty')
    expect(await refusal(host, 'database.test', form(empty.name))).toMatchObject({
      code: 'database_forbidden',
      message: `La base d'équipe « ${empty.name} » est vide : son schéma n'a pas encore été créé. Il doit l'être avec le compte propriétaire de la base (voir « Mode équipe » dans le guide).`,
    })
    const other = await postgresDatabase('empty')
    await other.pool({ max: 1 }).query('create table factures (id integer primary key)')
    expect(await refusal(host, 'database.test', form(other.name))).toMatchObject({
      code: 'database_history_mismatch',
      message: expect.stringMatching(/contient déjà des tables qui ne sont pas celles de Vitawin Back-office : ce n'est pas une base d'équipe Vitawin/),
    })
    const newer = await postgresDatabase()
    await newer.pool({ max: 1 }).query(`insert into schema_migrations (name, applied_at) values ('9999-future', '2030-01-01T00:00:00.000Z')`)
    expect(await refusal(host, 'database.test', form(newer.name))).toMatchObject({ code: 'database_too_new', message: expect.stringMatching(/version plus récente/) })

    // A form left half-filled is refused on its fields, in French.
    const invalid = await refusal(host, 'database.test', form(ready.name, { host: ' ', sslmode: 'verify-full' }))
    expect(invalid.code).toBe('invalid_input')
    expect(invalid.details).toMatchObject({ issues: expect.arrayContaining([expect.objectContaining({ path: ['host'], message: 'Indiquez le serveur' }), expect.objectContaining({ path: ['caFile'] })]) })
    // The local file is still the one open.
    expect(await value(host, 'database.get')).toMatchObject({ team: null, kind: 'real' })
  })

  it('switches to the team database with the password encrypted on this machine, starts on it, and goes back to the file', async () => {
    const storage = fakeSafeStorage()
    const secrets = safeStorageSecrets(storage, 'linux')
    const { host, dataDir, localFile } = await start({ secrets })
    const localKey = await create(host, 'Organisation du fichier local')
    const team = await postgresDatabase()

    const state = await value(host, 'database.connectTeam', form(team.name))
    expect(state).toMatchObject({
      kind: 'real',
      localFile,
      passwordNotKept: null,
      team: { host: server().hostname, port: Number(server().port), database: team.name, user: decodeURIComponent(server().username), sslmode: 'prefer', caFile: null, encrypted: false },
    })
    expect(state.file).not.toContain(PASSWORD())
    // The configuration keeps where, and the password only as the keychain encrypted it.
    const saved = readMachineConfig(dataDir).teamDatabase!
    expect(saved).toMatchObject({ database: team.name, sslmode: 'prefer' })
    expect(storage.decryptString(Buffer.from(saved.passwordEncrypted!, 'base64'))).toBe(PASSWORD())
    expect(everything(dataDir)).not.toContain(PASSWORD())

    // The app now works on the team database: a write and a read, on the server.
    const teamKey = await create(host, 'Maison des Associations')
    expect((await team.pool().query('select name from organisations')).rows.map((row) => row.name)).toEqual(['Maison des Associations'])

    // An empty password is the one this machine keeps.
    expect(await value(host, 'database.test', form(team.name, { password: '' }))).toMatchObject({ schemaVersion: migrations.length })

    // The next start opens the team database, its password decrypted by the keychain.
    await host.close()
    const again = await createApiHost(localFile, { dataDir, secrets, teamFromMachine: true })
    hosts.push(again)
    expect(again.openError).toBeNull()
    expect((await value(again, 'database.get')).team).toMatchObject({ database: team.name })
    expect(await nameOf(again, teamKey)).toBe('Maison des Associations')

    // Back to the file: its data, and the team's password gone from the machine.
    const local = await value(again, 'database.useLocal')
    expect(local).toMatchObject({ team: null, file: localFile })
    expect(await nameOf(again, localKey)).toBe('Organisation du fichier local')
    expect(readMachineConfig(dataDir).teamDatabase).toBeUndefined()
  })

  it('keeps the open database when the switch is refused, and says why the password cannot be kept', async () => {
    const team = await postgresDatabase()
    // Browser mode: no keychain, the password comes from VITAWIN_DATABASE_URL only.
    const browser = await start({ secrets: undefined })
    expect((await value(browser.host, 'database.get')).passwordNotKept).toMatch(/^En mode navigateur, le mot de passe de la base d'équipe n'est pas conservé/)
    expect(await refusal(browser.host, 'database.connectTeam', form(team.name))).toMatchObject({ code: 'conflict', message: expect.stringMatching(/VITAWIN_DATABASE_URL/) })
    // A Linux session without a keychain: refused the same way, nothing written.
    const plain = await start({ secrets: safeStorageSecrets(fakeSafeStorage({ backend: 'basic_text' }), 'linux') })
    expect(await refusal(plain.host, 'database.connectTeam', form(team.name))).toMatchObject({ message: expect.stringMatching(/pas de trousseau/) })
    expect(readMachineConfig(plain.dataDir).teamDatabase).toBeUndefined()

    // A server that does not answer: the local file stays open.
    const { host, dataDir } = await start()
    const key = await create(host, 'Toujours là')
    expect(await refusal(host, 'database.connectTeam', form(team.name, { port: 1 }))).toMatchObject({ code: 'server_unreachable' })
    expect(await nameOf(host, key)).toBe('Toujours là')
    expect(readMachineConfig(dataDir).teamDatabase).toBeUndefined()
  })

  it('starts with a French page when the saved password cannot be read back, and the panel still works', async () => {
    const team = await postgresDatabase()
    const { host, dataDir, localFile } = await start()
    await value(host, 'database.connectTeam', form(team.name))
    await host.close()
    // Another keychain (a new user profile): the encrypted password cannot be read.
    const again = await createApiHost(localFile, { dataDir, secrets: safeStorageSecrets(fakeSafeStorage(), 'linux'), teamFromMachine: true })
    hosts.push(again)
    expect(again.openError).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/ne peut plus être relu .* Paramètres → Base de données/) })
    expect((await value(again, 'database.get')).team).toMatchObject({ database: team.name, encrypted: null })
    await value(again, 'database.connectTeam', form(team.name))
    expect(again.store?.kind).toBe('postgres')
  })
})

describe.skipIf(SKIPPED_POSTGRES)('a team server that goes away while the app runs', () => {
  it('refuses each call in French, keeps what was written, and works again once the server is back', async () => {
    const team = await postgresDatabase()
    const proxy = await tcpProxy({ host: server().hostname, port: Number(server().port) })
    proxies.push(proxy)
    const { host } = await start()
    await value(host, 'database.connectTeam', form(team.name, { host: '127.0.0.1', port: proxy.port }))
    const before = await create(host, 'Avant la coupure')

    await proxy.stop()
    for (const [name, args] of [
      ['actors.get', { key: before }],
      ['actors.createOrganisation', { name: 'Pendant la coupure', profileCode: 'entreprise' }],
      ['database.get', undefined],
    ] as const) {
      const envelope = await host.call(name, args)
      expect(envelope, name).toMatchObject({
        ok: false,
        error: { code: 'server_unreachable', message: "La base d'équipe ne peut pas être jointe : son serveur ne répond pas. Ce que vous avez saisi est conservé : réessayez dans un instant." },
      })
    }

    // « Réessayer »: the same call, once the server answers again.
    await proxy.start()
    await value(host, 'actors.createOrganisation', { name: 'Pendant la coupure', profileCode: 'entreprise' })
    expect(await nameOf(host, before)).toBe('Avant la coupure')
    // Written once: the refused call wrote nothing.
    expect((await team.pool().query('select name from organisations order by id')).rows.map((row) => row.name)).toEqual(['Avant la coupure', 'Pendant la coupure'])
  })

  it('survives the server ending its sessions (pg_terminate_backend): the next call reconnects', async () => {
    const team = await postgresDatabase()
    const { host } = await start()
    await value(host, 'database.connectTeam', form(team.name))
    const key = await create(host, 'Avant')
    await team.pool({ max: 1 }).query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [team.name])
    // A read on a cut connection is tried once more on a fresh one: the user sees nothing.
    expect(await nameOf(host, key)).toBe('Avant')
    expect(await nameOf(host, key)).toBe('Avant')
    await create(host, 'Après')
  })

  it('starts with a French page when the server does not answer, and « Réessayer » opens it once it does', async () => {
    const team = await postgresDatabase()
    const proxy = await tcpProxy({ host: server().hostname, port: Number(server().port) })
    proxies.push(proxy)
    const { host, dataDir, localFile } = await start()
    await value(host, 'database.connectTeam', form(team.name, { host: '127.0.0.1', port: proxy.port }))
    await host.close()
    await proxy.stop()
    const again = await createApiHost(localFile, { dataDir, secrets: host.services.secrets, teamFromMachine: true })
    hosts.push(again)
    expect(again.openError).toMatchObject({ code: 'server_unreachable' })
    expect(await again.call('database.reconnect', undefined)).toMatchObject({ ok: false, error: { code: 'server_unreachable' } })
    await proxy.start()
    expect(await value(again, 'database.reconnect')).toMatchObject({ team: { database: team.name, encrypted: false } })
    expect(await value(again, 'database.get')).toMatchObject({ isNew: true })
  })
})
