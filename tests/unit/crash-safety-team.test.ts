import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeMachineConfig } from '../../main/machine-config'
import { killableImporter, ROWS_PER_BATCH, seeded } from '../helpers/import-kills'
import { postgresDatabase, SKIPPED_POSTGRES } from '../helpers/postgres'
import { tempDir } from '../helpers/temp'

// Crash safety in team mode: the app importing spreadsheets into a team database (one transaction
// per import), killed (SIGKILL) at random moments again and again; the server keeps each import
// whole or not at all, its audit operation with it (crash-safety.test.ts does the same on a file).

const KILLS = 8
const importer = killableImporter()

describe.skipIf(SKIPPED_POSTGRES)('an importer killed at random moments in team mode', () => {
  it(`leaves, after each of ${KILLS} kills, a team database holding every batch it reported and no partial batch`, async () => {
    const database = await postgresDatabase()
    const pool = database.pool()
    const folder = tempDir('vitawin-crash-team-')
    const dataDir = path.join(folder, 'poste')
    const work = path.join(folder, 'lots')
    fs.mkdirSync(work)
    writeMachineConfig(dataDir, { animator: 'Camille Laurent' })
    const random = seeded(20261204)
    const reported = new Set<number>()
    let next = 1
    for (let kill = 0; kill < KILLS; kill++) {
      // The server has closed the killed laptop's session (its transaction rolled back, its lock freed).
      await expect
        .poll(async () => (await pool.query("select count(*)::int as n from pg_stat_activity where datname = $1 and application_name like 'vitawin%'", [database.name])).rows[0].n, { timeout: 15_000 })
        .toBe(0)
      const run = await importer.runAndKill(database.url, dataDir, work, next, random)
      for (const batch of run.committed) reported.add(batch)
      const counts = new Map<number, number>()
      for (const { name } of (await pool.query<{ name: string }>("select name from organisations where name like 'Lot % organisation %'")).rows) {
        const batch = Number(name.split(' ')[1])
        counts.set(batch, (counts.get(batch) ?? 0) + 1)
      }
      for (const batch of reported) expect(counts.get(batch), `batch ${batch} reported committed`).toBe(ROWS_PER_BATCH)
      for (const [batch, rows] of counts) expect(rows, `batch ${batch} is whole`).toBe(ROWS_PER_BATCH)
      // Each import is one operation of the audit trail, whole or absent like its rows.
      const audited = (
        await pool.query<{ n: number }>(
          `select count(l.id)::int as n from audit_operations o join audit_log l on l.operation_id = o.id and l.table_name = 'organisations'
           where o.kind = 'actors.import.commit' group by o.id`,
        )
      ).rows
      expect(audited.length).toBe(counts.size)
      for (const operation of audited) expect(operation.n).toBe(ROWS_PER_BATCH)
      next = Math.max(next, ...counts.keys(), ...reported) + 1
    }
    expect(reported.size).toBeGreaterThanOrEqual(KILLS)
  }, 120_000)
})
