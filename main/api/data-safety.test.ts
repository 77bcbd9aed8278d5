import fs from 'node:fs'
import path from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { call, csvFile, importOrganisations } from '../../tests/helpers/api'
import { tempDir } from '../../tests/helpers/temp'
import { backupsToKeep, listBackups, type BackupEntry } from '../../db/sqlite/backups'
import { openStore } from '../../db/sqlite/connection'
import { writeMachineConfig } from '../machine-config'
import { createApiHost, type ApiHost, type HostOptions } from './host'

// The API host's data safety on a local file: backups before imports and merges, restore with its
// safety copy, a damaged file offered its latest good backup. (The audit trail of every operation
// and the animator, the same on both engines: host-engines.test.ts.)

const hosts: ApiHost[] = []
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close()
})

async function start(file: string, options: HostOptions = {}): Promise<ApiHost> {
  const dataDir = options.dataDir ?? path.join(path.dirname(file), 'machine')
  if (!fs.existsSync(path.join(dataDir, 'configuration.json'))) writeMachineConfig(dataDir, { animator: 'Camille Laurent' })
  const host = await createApiHost(file, { ...options, dataDir })
  hosts.push(host)
  return host
}

/** Every row of every table (the full-text index aside), in a stable order. */
function dump(sqlite: BetterSqlite3.Database, skip: (table: string) => boolean = () => false): Record<string, unknown[]> {
  const tables = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'search_index%' order by name")
    .pluck()
    .all() as string[]
  const result: Record<string, unknown[]> = {}
  for (const table of tables) if (!skip(table)) result[table] = sqlite.prepare(`select * from "${table}" order by 1, 2`).raw().all()
  return result
}

describe('backups', () => {
  it('are made before an import and a merge, verified, and refused imports when they cannot be written', async () => {
    const folder = tempDir()
    const host = await start(path.join(folder, 'app.sqlite'))
    await call(host, 'actors.createOrganisation', { name: 'Première', profileCode: 'entreprise' })
    await importOrganisations(host, csvFile(folder, 'a.csv', ['Raison sociale', 'Deuxième']))
    const second = Number(host.store!.sqlite.prepare("select id from organisations where name = 'Deuxième'").pluck().get())
    await call(host, 'duplicates.merge', { kind: 'organisation', keepId: 1, removeId: second, takeFromRemoved: [] })
    const { backups, folder: backupFolder } = await call(host, 'backups.list')
    expect(backupFolder).toBe(path.join(folder, 'sauvegardes'))
    expect(backups.map((entry) => entry.reason)).toEqual(['avant-fusion', 'avant-import'])
    expect(backups[1]!.reasonLabel).toBe('avant un import')

    // A backup folder that cannot be written: the import does not start.
    const blocked = path.join(folder, 'pas-un-dossier')
    fs.writeFileSync(blocked, 'fichier')
    host.services.updateMachine({ backupFolder: path.join(blocked, 'sauvegardes') })
    const handle = host.files.register(csvFile(folder, 'b.csv', ['Raison sociale', 'Troisième']))
    const refused = await host.call('actors.import.commit', { fileId: handle.id, target: 'organisations', mapping: { 0: 'name' }, defaultProfile: 'entreprise' })
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.error.message).toMatch(/^La sauvegarde préalable n'a pas pu être écrite.*L'opération n'a pas été lancée\.$/)
    expect(host.store!.sqlite.prepare("select count(*) from organisations where name = 'Troisième'").pluck().get()).toBe(0)
  })

  it('are made before a migration, and at start when the newest is over a day old', async () => {
    const folder = tempDir()
    const file = path.join(folder, 'app.sqlite')
    const backups = path.join(folder, 'sauvegardes')
    const old = await openStore(file, { targetVersion: 6 })
    old.sqlite.prepare("insert into organisations (name, profile_code) values ('Avant la mise à jour', 'entreprise')").run()
    await old.close()
    const host = await start(file, { autoBackup: true })
    // The copy made before the migration is less than a day old: no other one at start.
    expect(await host.startupBackup).toBeNull()
    const [beforeMigration] = listBackups(backups, file)
    expect(beforeMigration?.reason).toBe('avant-migration')
    const copy = await openStore(beforeMigration!.file, { readonly: true })
    expect(copy.schemaVersion).toBe(6)
    expect(copy.sqlite.prepare('select name from organisations').pluck().all()).toEqual(['Avant la mise à jour'])
    await copy.close()
    await host.close()
    // Two days later (the copy dated back), the start makes one.
    fs.renameSync(beforeMigration!.file, beforeMigration!.file.replace(/_\d{4}-\d{2}-\d{2}_/, '_2020-01-01_'))
    const again = await start(file, { autoBackup: true })
    expect((await again.startupBackup)?.reason).toBe('auto')
    expect(listBackups(backups, file).map((entry) => entry.reason)).toEqual(['auto', 'avant-migration'])
    await again.close()
    const third = await start(file, { autoBackup: true })
    expect(await third.startupBackup).toBeNull()
  })

  it('rotate: the last ten, then one per day for 7 days, per week for 4 weeks, per month for 12 months', () => {
    const entries: BackupEntry[] = []
    const start = new Date(2026, 10, 23, 12, 0, 0)
    for (let day = 0; day < 400; day++) {
      for (const hour of [9, 17]) {
        const date = new Date(start.getFullYear(), start.getMonth(), start.getDate() - day, hour)
        entries.push({ name: `b-${day}-${hour}`, file: '', createdAt: date.toISOString(), reason: 'auto', reasonLabel: '', sizeBytes: 1 })
      }
    }
    const keep = backupsToKeep(entries, { last: 10, daily: 7, weekly: 4, monthly: 12 })
    // 10 most recent (5 days × 2), + days 5 and 6, + a few weeks, + months: about 7 + 4 + 12.
    expect(keep.has('b-0-17')).toBe(true)
    expect(keep.has('b-4-9')).toBe(true)
    expect(keep.has('b-6-17')).toBe(true)
    expect(keep.has('b-6-9')).toBe(false)
    expect(keep.size).toBeGreaterThanOrEqual(20)
    expect(keep.size).toBeLessThanOrEqual(10 + 2 + 4 + 12)
    const oldest = [...keep].map((name) => Number(name.split('-')[1])).sort((a, b) => b - a)[0]!
    expect(oldest).toBeGreaterThan(300)
    expect(oldest).toBeLessThan(370)
  })
})

describe('restore', () => {
  it('gives back the backup row for row, after a safety copy that undoes it', async () => {
    const folder = tempDir()
    const file = path.join(folder, 'app.sqlite')
    const host = await start(file)
    for (let i = 0; i < 50; i++) await call(host, 'actors.createOrganisation', { name: `Organisation ${i}`, profileCode: 'entreprise' })
    const backup = await call(host, 'backups.create')
    const original = dump(host.store!.sqlite)
    await call(host, 'actors.createOrganisation', { name: 'Après la sauvegarde', profileCode: 'entreprise' })
    await call(host, 'actors.delete', { key: 'o3' })
    const modified = dump(host.store!.sqlite)

    // Calls made while the restore runs wait for it, then see the restored data.
    const restoring = call(host, 'backups.restore', { name: backup.name })
    const reading = call(host, 'actors.directory', {})
    const result = await restoring
    expect((await reading).rows).toHaveLength(50)
    const restored = dump(host.store!.sqlite, (table) => table.startsWith('audit_'))
    const { audit_log: _log, audit_operations: _operations, audit_subjects: _subjects, ...expected } = original
    expect(restored).toEqual(expected)
    // The restore itself is in the audit trail.
    const { operations } = await call(host, 'audit.operations', {})
    expect(operations[0]!.kind).toBe('backups.restore')
    expect(operations[0]!.label).toContain(backup.name)

    // Undo: the safety copy holds the state before the restore.
    expect(result.safetyBackup?.reason).toBe('avant-restauration')
    await call(host, 'backups.restore', { name: result.safetyBackup!.name })
    const undone = dump(host.store!.sqlite, (table) => table.startsWith('audit_'))
    const { audit_log: _l, audit_operations: _o, audit_subjects: _s, ...before } = modified
    expect(undone).toEqual(before)
    expect(fs.existsSync(`${file}.source-${process.pid}.tmp`)).toBe(false)
  })

  it('refuses a file that is not a good backup, and leaves the database as it was', async () => {
    const folder = tempDir()
    const host = await start(path.join(folder, 'app.sqlite'))
    await call(host, 'actors.createOrganisation', { name: 'Reste là', profileCode: 'entreprise' })
    const bad = path.join(folder, 'faux.sqlite')
    fs.writeFileSync(bad, 'pas une base '.repeat(1000))
    const handle = host.files.register(bad)
    const refused = await host.call('backups.restoreFile', { fileId: handle.id })
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.error.message).toMatch(/^Cette sauvegarde ne peut pas être restaurée/)
    expect(host.store!.sqlite.prepare('select name from organisations').pluck().all()).toEqual(['Reste là'])
  })
})

describe('a damaged database at start', () => {
  it('is refused untouched, offered its latest good backup with its date, and replaced only when asked', async () => {
    const folder = tempDir()
    const file = path.join(folder, 'app.sqlite')
    const first = await start(file)
    await call(first, 'actors.createOrganisation', { name: 'Sauvée', profileCode: 'entreprise' })
    const good = await call(first, 'backups.create')
    await first.close()
    // A later backup that is itself damaged is skipped.
    const later = path.join(folder, 'sauvegardes', good.name.replace(/_\d{4}-\d{2}-\d{2}_/, '_2099-01-01_'))
    fs.writeFileSync(later, 'abîmée '.repeat(2000))
    const damagedBytes = Buffer.from('pas une base de données '.repeat(600))
    fs.writeFileSync(file, damagedBytes)

    const host = await start(file)
    expect(host.openError?.code).toBe('database_damaged')
    expect((await host.call('actors.directory', {})).ok).toBe(false)
    const recovery = await call(host, 'backups.recovery')
    expect(recovery.error?.code).toBe('database_damaged')
    expect(recovery.latestGood?.name).toBe(good.name)
    expect(recovery.latestGood?.createdAt).toBe(good.createdAt)
    // Nothing was written over the damaged file.
    expect(fs.readFileSync(file)).toEqual(damagedBytes)

    const result = await call(host, 'backups.restore', { name: good.name })
    expect(result.safetyBackup).toBeNull()
    expect(fs.readFileSync(result.setAside!)).toEqual(damagedBytes)
    expect(host.openError).toBeNull()
    expect((await call(host, 'actors.directory', {})).rows.map((row) => row[2])).toEqual(['Sauvée'])
  })
})
