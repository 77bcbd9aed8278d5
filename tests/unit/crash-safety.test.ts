import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect } from '../../db/sqlite/connection'
import { checkDatabase } from '../../db/sqlite/maintenance'
import { listBackups, verifyBackup } from '../../db/sqlite/backups'
import { createApiHost } from '../../main/api/host'
import { writeMachineConfig } from '../../main/machine-config'
import { tempDir } from '../helpers/temp'
import { killableImporter, ROWS_PER_BATCH, seeded } from '../helpers/import-kills'

// Crash safety on real files: an importing process killed (SIGKILL) at random moments, again and
// again; and a disk that fills up during an import.

const KILLS = 25

const importer = killableImporter()

/** Rows per batch, as the file holds them after the crash (opened as the app opens it). */
function batchesInFile(database: string) {
  const sqlite = connect(database, {})
  try {
    const report = checkDatabase(sqlite)
    const counts = new Map<number, number>()
    for (const row of sqlite.prepare("select name from organisations where name like 'Lot % organisation %'").pluck().all() as string[]) {
      const batch = Number(row.split(' ')[1])
      counts.set(batch, (counts.get(batch) ?? 0) + 1)
    }
    // Each import is one operation of the audit trail, whole or absent like its rows.
    const audited = sqlite
      .prepare(
        `select o.label, count(l.id) as n from audit_operations o join audit_log l on l.operation_id = o.id and l.table_name = 'organisations'
         where o.kind = 'actors.import.commit' group by o.id`,
      )
      .all() as { label: string; n: number }[]
    return { report, counts, audited }
  } finally {
    sqlite.close()
  }
}

describe('an importer killed at random moments', () => {
  it(`leaves, after each of ${KILLS} kills, a sound file holding every batch it reported and no partial batch`, async () => {
    const folder = tempDir('vitawin-crash-')
    const database = path.join(folder, 'vitawin.sqlite')
    const dataDir = path.join(folder, 'poste')
    const work = path.join(folder, 'lots')
    fs.mkdirSync(work)
    writeMachineConfig(dataDir, { animator: 'Camille Laurent' })
    const random = seeded(20261123)
    const reported = new Set<number>()
    let next = 1
    for (let kill = 0; kill < KILLS; kill++) {
      const run = await importer.runAndKill(database, dataDir, work, next, random)
      for (const batch of run.committed) reported.add(batch)
      const { report, counts, audited } = batchesInFile(database)
      expect(report, `integrity after kill ${kill + 1}`).toEqual({ ok: true, integrity: ['ok'], foreignKeys: [] })
      for (const batch of reported) expect(counts.get(batch), `batch ${batch} reported committed`).toBe(ROWS_PER_BATCH)
      for (const [batch, rows] of counts) expect(rows, `batch ${batch} is whole`).toBe(ROWS_PER_BATCH)
      expect(audited.length).toBe(counts.size)
      for (const operation of audited) expect(operation.n).toBe(ROWS_PER_BATCH)
      // The batch under way when killed is either whole or absent; the next run goes on after the last one in the file.
      next = Math.max(next, ...counts.keys(), ...reported) + 1
    }
    expect(reported.size).toBeGreaterThanOrEqual(KILLS)
    // Backups cut short by a kill are never listed as backups; those listed are sound.
    const backups = listBackups(path.join(folder, 'sauvegardes'), database)
    expect(backups.length).toBeGreaterThan(0)
    for (const entry of backups) expect(verifyBackup(entry.file), entry.name).toMatchObject({ ok: true })
  }, 120_000)
})

describe('a disk that fills up during an import', () => {
  let parent = ''
  let mountPoint = ''
  let mounted = false
  let reason = ''

  beforeAll(() => {
    // Not a tempDir(): it is removed after each test, before the disk is unmounted.
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'vitawin-full-'))
    mountPoint = path.join(parent, 'disque')
    fs.mkdirSync(mountPoint)
    const result = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mountPoint], { encoding: 'utf8' })
    mounted = result.status === 0
    reason = result.error?.message ?? result.stderr.trim()
  })

  afterAll(() => {
    if (mounted) spawnSync('umount', [mountPoint])
    if (parent) fs.rmSync(parent, { recursive: true, force: true })
  })

  it('is reported in French, and loses no committed data', async (context) => {
    if (!mounted) {
      console.warn(`Test du disque plein ignoré : impossible de monter un tmpfs (${reason || 'droits insuffisants'}). Il demande les droits root.`)
      context.skip()
      return
    }
    const database = path.join(mountPoint, 'vitawin.sqlite')
    const outside = tempDir()
    writeMachineConfig(outside, { animator: 'Camille Laurent', backupFolder: path.join(outside, 'sauvegardes') })
    const host = await createApiHost(database, { dataDir: outside })
    expect(host.openError).toBeNull()
    // Leave a little room only.
    const free = () => {
      const stats = fs.statfsSync(mountPoint)
      return stats.bavail * stats.bsize
    }
    const filler = path.join(mountPoint, 'remplissage')
    fs.writeFileSync(filler, Buffer.alloc(Math.max(0, free() - 400 * 1024)))
    const committed: number[] = []
    let failure: { code: string; message: string } | null = null
    for (let batch = 1; batch <= 200 && !failure; batch++) {
      const file = path.join(outside, `lot-${batch}.csv`)
      const lines = ['Raison sociale,Commentaires']
      for (let row = 0; row < 100; row++) lines.push(`Lot ${batch} organisation ${row},${'Une longue note pour remplir le disque. '.repeat(8)}`)
      fs.writeFileSync(file, `${lines.join('\n')}\n`)
      const handle = host.files.register(file)
      const envelope = await host.call('actors.import.commit', { fileId: handle.id, target: 'organisations', mapping: { 0: 'name', 1: 'notes' }, defaultProfile: 'entreprise' })
      if (envelope.ok) committed.push(batch)
      else failure = envelope.error
    }
    expect(committed.length).toBeGreaterThan(0)
    expect(failure?.code).toBe('disk_full')
    expect(failure?.message).toBe(
      "Le disque est plein : l'opération n'a pas été enregistrée. Les données déjà enregistrées sont intactes. Libérez de la place puis réessayez.",
    )
    // The app goes on: reads work, and once room is made, writes too.
    expect((await host.call('actors.directory', {})).ok).toBe(true)
    fs.rmSync(filler)
    const retry = await host.call('actors.createOrganisation', { name: 'Après le disque plein', profileCode: 'entreprise' })
    expect(retry.ok).toBe(true)
    await host.close()
    const { report, counts } = batchesInFile(database)
    expect(report.ok).toBe(true)
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(committed)
    for (const batch of committed) expect(counts.get(batch)).toBe(100)
  }, 60_000)
})
