import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../scripts/bench/index'
import type { BenchReport } from '../../scripts/bench/run'
import { MEASUREMENTS } from '../../scripts/bench/run'
import { findSqlite3 } from '../../scripts/bench/setup'
import { postgresUrl, SKIPPED_POSTGRES } from '../helpers/postgres'
import { tempDir } from '../helpers/temp'

// The benchmark at tiny scale, so that it never rots: the same code as `npm run bench` on tiny
// inputs, in seconds. It runs with the browser tests because it drives Chromium (the renderer
// figure) and needs the built renderer (`npm test` builds it first). sqlite3 is optional: without
// it the comparison is skipped, never installed from here. With --backend postgresql, the same
// figures on the browser project's PostgreSQL server, side by side: every one must be measured.

/** `npm run bench -- --scale tiny` with these options: its exit code, its JSON report and what it printed. */
async function bench(options: string[]): Promise<{ code: number; report: BenchReport; printed: string[] }> {
  const json = path.join(tempDir('vitawin-bench-smoke-'), 'bench.json')
  const printed: string[] = []
  const log = console.log
  console.log = (...args: unknown[]) => printed.push(args.join(' '))
  try {
    const code = await main(['--scale', 'tiny', '--no-build', '--no-install', '--json', json, ...options])
    return { code, report: JSON.parse(fs.readFileSync(json, 'utf8')) as BenchReport, printed }
  } finally {
    console.log = log
  }
}

describe('npm run bench -- --scale tiny', () => {
  it('measures every figure and writes the table and the JSON report', async () => {
    const { code, report, printed } = await bench([])
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

  it.skipIf(SKIPPED_POSTGRES)('with --backend postgresql, measures every figure on the server too, side by side', async () => {
    // The test server (a superuser, as on the benchmark's own throw-away cluster): the benchmark makes its databases there and drops them.
    const { code, report, printed } = await bench(['--backend', 'postgresql', '--database-url', postgresUrl!])
    const server = report.postgresql!
    expect(server.server).toMatch(/^PostgreSQL 1\d/)
    // Every PostgreSQL figure is measured: one that fails or is refused fails this test.
    expect(server.rows.filter((row) => row.status !== 'measured').map((row) => `${row.label}: ${row.note}`)).toEqual([])
    expect(report.rows.filter((row) => row.status === 'failed').map((row) => `${row.label}: ${row.note}`)).toEqual([])
    expect(code).toBe(0)
    // The same figures on both engines, row for row, and the move into the server on PostgreSQL only.
    expect(server.rows.map((row) => row.id)).toEqual(report.rows.map((row) => row.id))
    expect(report.rows[0]).toMatchObject({ id: 'team-move', status: 'n/a' })
    expect(server.rows[0]).toMatchObject({ id: 'team-move', status: 'measured' })
    expect(new Set(server.rows.map((row) => row.id.replace(/-(time|memory|first-page|full|api|renderer|whole-directory|directory-end)$/, '')))).toEqual(new Set(['team-move', ...MEASUREMENTS.map((measurement) => measurement.id)]))
    const sqlite = Object.fromEntries(report.rows.map((row) => [row.id, row]))
    for (const row of server.rows.slice(1)) {
      expect(sqlite[row.id]!.status, row.id).toBe('measured')
      expect(row.values!.ms ?? row.values!.p95Ms ?? row.values!.peakRssMb, row.id).toBeGreaterThan(0)
    }
    const byId = Object.fromEntries(server.rows.map((row) => [row.id, row]))
    // The same data on the server: the same directory, the same SIRENE prospects, the same records searched.
    expect(byId['directory-full']!.values!.rows).toBe(sqlite['directory-full']!.values!.rows)
    expect(byId['renderer-directory-end']!.values!.rows).toBe(sqlite['directory-full']!.values!.rows)
    expect(byId['sirene-import']!.values!.created).toBe(sqlite['sirene-import']!.values!.created)
    expect(byId['sirene-import']!.baseline).toMatch(/psql \\copy/)
    expect(byId['search']!.values!.records).toBe(sqlite['search']!.values!.records)

    const table = printed.join('\n')
    expect(table).toMatch(/\| Figure +\| SQLite +\| PostgreSQL +\|/)
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
