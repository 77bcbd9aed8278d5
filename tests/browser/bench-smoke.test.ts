import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../scripts/bench/index'
import type { BenchReport } from '../../scripts/bench/run'
import { MEASUREMENTS } from '../../scripts/bench/run'
import { findSqlite3 } from '../../scripts/bench/setup'
import { tempDir } from '../helpers/temp'

// The benchmark at tiny scale, so that it never rots: the same code as `npm run bench` on tiny
// inputs, in seconds. It runs with the browser tests because it drives Chromium (the renderer
// figure) and needs the built renderer (`npm test` builds it first). sqlite3 is optional: without
// it the comparison is skipped, never installed from here.

describe('npm run bench -- --scale tiny', () => {
  it('measures every figure and writes the table and the JSON report', async () => {
    const json = path.join(tempDir('vitawin-bench-smoke-'), 'bench.json')
    const printed: string[] = []
    const log = console.log
    console.log = (...args: unknown[]) => printed.push(args.join(' '))
    let code: number
    try {
      code = await main(['--scale', 'tiny', '--no-build', '--no-install', '--json', json])
    } finally {
      console.log = log
    }
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as BenchReport
    const failed = report.rows.filter((row) => row.status === 'failed')
    expect(failed.map((row) => `${row.label}: ${row.note}`)).toEqual([])
    expect(code).toBe(0)
    expect(report.scale).toBe('tiny')

    // Every figure has its row(s), in the table's order, and every one is measured: none skipped.
    expect([...new Set(report.rows.map((row) => row.id.replace(/-(time|memory|first-page|full|api|renderer|whole-directory|directory-end)$/, '')))]).toEqual(MEASUREMENTS.map((measurement) => measurement.id))
    for (const row of report.rows) {
      expect(row.status, row.id).toBe('measured')
      expect(row.result, row.id).toBeTruthy()
    }
    const byId = Object.fromEntries(report.rows.map((row) => [row.id, row]))
    expect(byId['actors-export-time']!.ratio).toBeGreaterThan(0)
    expect(byId['actors-export-memory']!.values!.peakRssMb).toBeGreaterThan(0)
    expect(byId['search']!.values!.queries).toBe(200)
    expect(byId['directory-full']!.values!.rows).toBeGreaterThan(0)
    expect(byId['renderer']!.status).toBe('measured')
    // The whole directory in the grid, and « À relancer » through the API and until its rows show.
    expect(byId['renderer-whole-directory']).toMatchObject({ status: 'measured', values: { rows: byId['directory-full']!.values!.rows } })
    // The grid holds every row from its first block on (the count line and the rows come together);
    // a jump to its end shows the last row.
    expect(byId['renderer-whole-directory']!.values!.ms).toBeGreaterThan(0)
    expect(byId['renderer-directory-end']).toMatchObject({ status: 'measured', values: { rows: byId['directory-full']!.values!.rows } })
    expect(byId['renderer-directory-end']!.values!.ms).toBeGreaterThan(0)
    expect(byId['followups-api']).toMatchObject({ status: 'measured', values: { mine: expect.any(Number), open: expect.any(Number) } })
    expect(byId['followups-api']!.values!.mine).toBeGreaterThan(0)
    expect(byId['followups-api']!.values!.open).toBeGreaterThan(byId['followups-api']!.values!.mine as number)
    expect(byId['followups-renderer']!.status).toBe('measured')
    expect(byId['followups-renderer']!.values!.ms).toBeGreaterThan(0)

    // The SIRENE comparison runs when Debian's sqlite3 is there, and is skipped with a clear line otherwise.
    const sirene = byId['sirene-import']!
    if ('missing' in findSqlite3(false, () => undefined)) {
      expect(sirene.ratio).toBeUndefined()
      expect(sirene.note).toMatch(/comparison skipped: .*apt-get install -y sqlite3/)
    } else {
      expect(sirene.ratio).toBeGreaterThan(0)
    }

    const table = printed.join('\n')
    expect(table).toContain('| Figure ')
    for (const row of report.rows) expect(table).toContain(row.label)
  })

  it('skips the sqlite3 comparison with the exact command when sqlite3 is missing', () => {
    const saved = process.env.PATH
    process.env.PATH = tempDir('vitawin-no-sqlite3-')
    try {
      const found = findSqlite3(false, () => undefined)
      expect(found).toEqual({ missing: expect.stringContaining('sudo apt-get install -y sqlite3') })
    } finally {
      process.env.PATH = saved
    }
  })
})
