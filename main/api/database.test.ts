import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { call } from '../../tests/helpers/api'
import { databaseWith, sha256 } from '../../tests/helpers/temp'
import { openStore } from '../../db/sqlite/connection'
import { readMachineConfig, writeMachineConfig } from '../machine-config'
import { demoDatabaseFile } from '../paths'
import { createApiHost, type ApiHost, type HostOptions } from './host'

// The real database and the demo beside it: one open at a time, the real file untouched while the
// demo is open, the way back, the demo's deletion, and what the machine remembers.

const hosts: ApiHost[] = []
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close()
})

async function start(file: string, options: HostOptions = {}): Promise<ApiHost> {
  const dataDir = options.dataDir ?? path.join(path.dirname(file), 'machine')
  if (!fs.existsSync(path.join(dataDir, 'configuration.json'))) {
    writeMachineConfig(dataDir, { animator: 'Camille Laurent', backupFolder: path.join(dataDir, 'sauvegardes') })
  }
  const host = await createApiHost(file, { ...options, dataDir })
  hosts.push(host)
  return host
}

const count = (host: ApiHost, table: string) => Number(host.store!.sqlite.prepare(`select count(*) from ${table}`).pluck().get())
const sideFiles = (file: string) => ['-wal', '-shm'].filter((suffix) => fs.existsSync(file + suffix))

describe('the real database and the demo', () => {
  it('opens the demo in its own file, leaves the real file byte for byte, and goes back', async () => {
    const file = await databaseWith(['Association des Bords de Marne'])
    const host = await start(file, { autoBackup: true })
    await host.startupBackup
    const dataDir = path.join(path.dirname(file), 'machine')
    const backupsBefore = fs.readdirSync(path.join(dataDir, 'sauvegardes')).sort()
    const realOperations = count(host, 'audit_operations')
    const phases: string[] = []
    const opened = await host.call('database.open', { kind: 'demo' }, (progress) => phases.push(progress.phase))
    expect(opened.ok).toBe(true)
    expect(phases[0]).toBe('Création des données de démonstration')

    // The real file is closed whole: no journal beside it, and it does not change while the demo is used.
    expect(sideFiles(file)).toEqual([])
    const hash = sha256(file)
    const state = await call(host, 'database.get')
    expect(state).toMatchObject({ kind: 'demo', file: demoDatabaseFile(file), isNew: false, demoExists: true })
    expect(state.file).toBe(path.join(path.dirname(file), 'vitawin-demo.sqlite'))
    expect(count(host, 'organisations')).toBeGreaterThan(300)
    await call(host, 'actors.createOrganisation', { name: 'Créée dans la démonstration', profileCode: 'entreprise' })
    await call(host, 'journal.add', { actor: 'o1', kind: 'appel', occurredOn: '2026-01-05', animator: 'Camille Laurent', summary: 'Appel fictif' })
    // Changes in the demo are audited in the demo's own trail.
    expect(count(host, 'audit_operations')).toBe(2)
    expect(sha256(file)).toBe(hash)
    expect(sideFiles(file)).toEqual([])

    // No backup of fictional data: none made, none restored, nothing added to the real backup folder.
    await expect(call(host, 'backups.create')).rejects.toThrow(/La démonstration est ouverte/)
    const list = await call(host, 'backups.list')
    expect(list.demo).toBe(true)
    expect(list.backups.map((entry) => entry.name)).toEqual(backupsBefore)
    await expect(call(host, 'backups.restore', { name: backupsBefore[0]! })).rejects.toThrow(/La démonstration est ouverte/)
    expect(readMachineConfig(dataDir).openDemoOf).toBe(file)

    await call(host, 'database.open', { kind: 'real' })
    expect(await call(host, 'database.get')).toMatchObject({ kind: 'real', file, isNew: false, demoExists: true })
    expect(host.store!.sqlite.prepare('select name from organisations').pluck().all()).toEqual(['Association des Bords de Marne'])
    expect(count(host, 'audit_operations')).toBe(realOperations)
    expect(fs.readdirSync(path.join(dataDir, 'sauvegardes')).sort()).toEqual(backupsBefore)
    expect(readMachineConfig(dataDir).openDemoOf).toBeUndefined()

    // The demo kept its changes: reopening it does not make it again.
    await call(host, 'database.open', { kind: 'demo' })
    expect(host.store!.sqlite.prepare("select count(*) from organisations where name = 'Créée dans la démonstration'").pluck().get()).toBe(1)
  })

  it('reopens the demo at the next start of the app only, and the CLI keeps the file it is given', async () => {
    const file = await databaseWith(['Lycée Louis Lumière'])
    const first = await start(file)
    await call(first, 'database.open', { kind: 'demo' })
    await first.close()
    hosts.splice(hosts.indexOf(first), 1)

    const app = await start(file, { reopenDemo: true })
    expect((await call(app, 'database.get')).kind).toBe('demo')
    await app.close()
    hosts.splice(hosts.indexOf(app), 1)

    const cli = await start(file)
    expect((await call(cli, 'database.get')).kind).toBe('real')
    expect(count(cli, 'organisations')).toBe(1)
    await cli.close()
    hosts.splice(hosts.indexOf(cli), 1)

    // A demo found damaged at the next start: the real database opens instead.
    fs.writeFileSync(demoDatabaseFile(file), 'pas une base de données '.repeat(500))
    const damaged = await start(file, { reopenDemo: true })
    expect(damaged.openError).toBeNull()
    expect((await call(damaged, 'database.get')).kind).toBe('real')
    expect(count(damaged, 'organisations')).toBe(1)
  })

  it('deletes the demo, going back to the real database first', async () => {
    const file = await databaseWith(['Mairie de Vincennes'])
    const host = await start(file)
    await call(host, 'database.open', { kind: 'demo' })
    const demo = demoDatabaseFile(file)
    expect(fs.existsSync(demo)).toBe(true)
    const state = await call(host, 'database.deleteDemo')
    expect(state).toMatchObject({ kind: 'real', demoExists: false })
    for (const suffix of ['', '-wal', '-shm']) expect(fs.existsSync(demo + suffix)).toBe(false)
    expect(count(host, 'organisations')).toBe(1)
    // Opened again, the demo is made anew.
    await call(host, 'database.open', { kind: 'demo' })
    expect(count(host, 'organisations')).toBeGreaterThan(300)
  })

  it('keeps the real database open when the demo cannot be made or opened', async () => {
    const file = await databaseWith(['Club Entreprises EDC'])
    const host = await start(file)
    // Something in the way of the demo's temporary file.
    const blocker = `${demoDatabaseFile(file)}.${process.pid}.creation`
    fs.mkdirSync(path.join(blocker, 'occupé'), { recursive: true })
    const refused = await host.call('database.open', { kind: 'demo' })
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.error.message).toMatch(/^Les données de démonstration n'ont pas pu être créées/)
    expect((await call(host, 'database.get')).kind).toBe('real')
    expect(count(host, 'organisations')).toBe(1)
    expect(fs.existsSync(demoDatabaseFile(file))).toBe(false)
    fs.rmSync(blocker, { recursive: true })

    // A damaged demo: refused with a French message, the real database open again.
    fs.writeFileSync(demoDatabaseFile(file), 'pas une base de données '.repeat(500))
    const damaged = await host.call('database.open', { kind: 'demo' })
    expect(damaged.ok).toBe(false)
    if (!damaged.ok) expect(damaged.error.message).toMatch(/^La démonstration ne peut pas être ouverte : .*Supprimez-la/)
    expect((await call(host, 'database.get')).kind).toBe('real')
    expect(count(host, 'organisations')).toBe(1)
    expect((await call(host, 'database.deleteDemo')).demoExists).toBe(false)
  })

  it('refuses to generate the demo into a database that holds records', async () => {
    const file = await databaseWith([])
    const store = await openStore(file)
    store.sqlite.prepare("insert into working_groups (name, theme) values ('Insertion des jeunes', 'insertion')").run()
    const { generateDemo } = await import('../../db/sqlite/demo')
    expect(() => generateDemo(store.sqlite)).toThrow(/Cette base contient déjà des données \(1 groupe de travail\)/)
    await store.close()
  })
})
