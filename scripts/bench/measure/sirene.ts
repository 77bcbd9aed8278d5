import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { importSirene, type SireneReport } from '../../../main/actors/sirene-import'
import { openStore, type DatabaseTarget } from '../../../db/backend'
import { formatCount, formatMs, median, round, time } from '../stats'
import type { BenchServer } from '../server'
import type { BenchContext, BenchRow, Measurement } from '../types'

// The SIRENE import of the whole file into (a copy of) the territory database, against the
// engine's own bulk load of the same file into a bare table: Debian's sqlite3 `.import`, or
// PostgreSQL's `\copy` through psql.

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true })
}

/** The import into a copy of the territory database: a copy of the file, or of the team database on the server. */
async function ourImport(context: BenchContext): Promise<{ ms: number; report: SireneReport }> {
  let target: DatabaseTarget
  let remove: () => Promise<void>
  if (context.server) {
    const name = `${context.server.target.database}_sirene`
    target = { kind: 'postgres', config: await context.server.copy(name) }
    remove = () => context.server!.drop(name)
  } else {
    const file = path.join(context.work, 'sirene-import.sqlite')
    removeDatabase(file)
    fs.copyFileSync(context.databaseFile, file)
    target = { kind: 'sqlite', file }
    remove = async () => removeDatabase(file)
  }
  try {
    // The check on open is measured elsewhere; here only the import counts.
    const store = await openStore(target, { sqlite: { skipCheck: true } })
    let report: SireneReport | undefined
    try {
      const ms = await time(async () => {
        report = await importSirene(store, context.sireneFile, () => undefined)
      })
      return { ms, report: report! }
    } finally {
      await store.close()
    }
  } finally {
    await remove()
  }
}

/** sqlite3's own `.import` of the file into a new, bare table (every column TEXT, no index). */
function sqliteImport(sqlite3: string, csv: string, file: string): { ms: number; rows: number } {
  removeDatabase(file)
  const script = `.mode csv\n.import "${csv.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}" etablissements\n`
  const started = performance.now()
  const result = spawnSync(sqlite3, [file], { input: script, encoding: 'utf8' })
  const ms = performance.now() - started
  if (result.status !== 0 || result.stderr.trim() !== '') {
    throw new Error(`sqlite3 .import failed: ${(result.stderr || result.stdout).trim().slice(0, 300)}`)
  }
  const check = new BetterSqlite3(file, { readonly: true })
  try {
    const rows = check.prepare('select count(*) from etablissements').pluck().get() as number
    return { ms, rows }
  } finally {
    check.close()
    removeDatabase(file)
  }
}

/** The file's columns, from its header line. */
function header(csv: string): string[] {
  const fd = fs.openSync(csv, 'r')
  try {
    const buffer = Buffer.alloc(64 * 1024)
    const read = fs.readSync(fd, buffer, 0, buffer.length, 0)
    return buffer.toString('utf8', 0, read).split('\n')[0]!.trim().split(',').map((column) => column.replace(/^"|"$/g, ''))
  } finally {
    fs.closeSync(fd)
  }
}

/** psql's own `\copy` of the file into a new, bare table (every column text, no index) of an empty database. */
async function psqlCopy(server: BenchServer, csv: string): Promise<{ ms: number; rows: number }> {
  const database = `${server.target.database}_copy`
  await server.create(database)
  try {
    const columns = header(csv)
      .map((column) => `"${column.replaceAll('"', '""')}" text`)
      .join(', ')
    const script = `create table etablissements (${columns});\n\\copy etablissements from '${csv.replaceAll("'", "''")}' with (format csv, header true)\nselect count(*) from etablissements;\n`
    const started = performance.now()
    const result = spawnSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1'], { input: script, encoding: 'utf8', env: { ...process.env, ...server.clientEnv(database) } })
    const ms = performance.now() - started
    if (result.error || result.status !== 0) throw new Error(`psql \\copy failed: ${(result.error?.message || result.stderr || result.stdout).trim().slice(0, 300)}`)
    return { ms, rows: Number(result.stdout.trim().split('\n').pop()) }
  } finally {
    await server.drop(database)
  }
}

export const sireneImport: Measurement = {
  id: 'sirene-import',
  label: 'SIRENE import, whole file',
  target: 'ratio ≤ 1.0 (goal 0.5)',
  async measure(context) {
    const { runs } = context.scale
    const ours: number[] = []
    let report: SireneReport | undefined
    for (let run = 1; run <= runs.sirene; run++) {
      context.log(`SIRENE import: run ${run}/${runs.sirene}…`)
      const result = await ourImport(context)
      ours.push(result.ms)
      report = result.report
    }
    const ms = median(ours)
    const row: BenchRow = {
      id: 'sirene-import',
      label: `SIRENE import, whole file (${formatCount(report!.linesRead - 1)} lines → ${formatCount(report!.created)} prospects)`,
      status: 'measured',
      result: formatMs(ms),
      target: sireneImport.target,
      values: { ms: round(ms), runs: ours.map((value) => round(value)), linesRead: report!.linesRead, inTerritory: report!.inTerritory, created: report!.created },
    }
    if (context.server) {
      const theirs: number[] = []
      let loaded = 0
      for (let run = 1; run <= runs.sqliteImport; run++) {
        context.log(`psql \\copy of the same file: run ${run}/${runs.sqliteImport}…`)
        const result = await psqlCopy(context.server, context.sireneFile)
        theirs.push(result.ms)
        loaded = result.rows
      }
      return [compared(row, ms, theirs, `psql \\copy (PostgreSQL ${context.server.version})`, { baselineRows: loaded })]
    }
    if ('missing' in context.sqlite3) {
      row.met = null
      row.note = `comparison skipped: ${context.sqlite3.missing}`
      return [row]
    }
    const theirs: number[] = []
    let loaded = 0
    for (let run = 1; run <= runs.sqliteImport; run++) {
      context.log(`sqlite3 .import of the same file: run ${run}/${runs.sqliteImport}…`)
      const result = sqliteImport(context.sqlite3.path, context.sireneFile, path.join(context.work, 'sqlite3-import.sqlite'))
      theirs.push(result.ms)
      loaded = result.rows
    }
    return [compared(row, ms, theirs, `sqlite3 ${context.sqlite3.version} .import`, { baselineRows: loaded })]
  },
}

/** The row judged against the engine's own bulk load of the same file (`theirs`: its runs). */
function compared(row: BenchRow, ms: number, theirs: number[], tool: string, values: Record<string, number>): BenchRow {
  const baseline = median(theirs)
  const ratio = ms / baseline
  return {
    ...row,
    baseline: `${tool}: ${formatMs(baseline)}`,
    ratio,
    met: ratio <= 1.0,
    note: `ratio ${ratio.toFixed(3)}: goal 0.5 ${ratio <= 0.5 ? 'reached' : 'not reached'}`,
    values: { ...row.values, baselineMs: round(baseline), baselineRuns: theirs.map((value) => round(value)), ...values, ratio: round(ratio, 3) },
  }
}
