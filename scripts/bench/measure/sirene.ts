import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { importSirene, type SireneReport } from '../../../main/actors/sirene-import'
import { openStore } from '../../../db/sqlite/connection'
import { formatCount, formatMs, median, round, time } from '../stats'
import type { BenchContext, BenchRow, Measurement } from '../types'

// The SIRENE import of the whole file into (a copy of) the territory database, against Debian's
// sqlite3 loading the same file into a bare table with `.import`.

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true })
}

async function ourImport(context: BenchContext, file: string): Promise<{ ms: number; report: SireneReport }> {
  removeDatabase(file)
  fs.copyFileSync(context.databaseFile, file)
  // The check on open is measured elsewhere; here only the import counts.
  const store = await openStore(file, { skipCheck: true })
  let report: SireneReport | undefined
  try {
    const ms = await time(async () => {
      report = await importSirene(store, context.sireneFile, () => undefined)
    })
    return { ms, report: report! }
  } finally {
    await store.close()
    removeDatabase(file)
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
      const result = await ourImport(context, path.join(context.work, 'sirene-import.sqlite'))
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
    const baseline = median(theirs)
    row.baseline = `sqlite3 ${context.sqlite3.version} .import: ${formatMs(baseline)}`
    row.ratio = ms / baseline
    row.met = row.ratio <= 1.0
    row.note = `ratio ${row.ratio.toFixed(3)}: goal 0.5 ${row.ratio <= 0.5 ? 'reached' : 'not reached'}`
    Object.assign(row.values!, { sqlite3Ms: round(baseline), sqlite3Runs: theirs.map((value) => round(value)), sqlite3Rows: loaded, ratio: round(row.ratio, 3) })
    return [row]
  },
}
