import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatCount, formatMb, formatMs, median, round } from '../stats'
import { EXPORT_DATABASE_VARIABLE, type BenchContext, type BenchRow, type ExportChildResult, type Measurement } from '../types'

// The actors' xlsx export (every organisation, the grid's visible columns: the API call
// 'actors.export', reading the rows included), each run in a child process doing only that, so
// that its peak RSS is the export's; against the same export done with exceljs's in-memory
// Workbook (the same rows read the same way, then written), in a child process too.

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'export-child.ts')
export const EXPORT_MEMORY_LIMIT_MB = 300
export const EXPORT_RATIO_TARGET = 0.3

function runChild(context: BenchContext, mode: 'app' | 'exceljs'): Promise<ExportChildResult> {
  return new Promise((resolve, reject) => {
    // tsx from the repository's node_modules, as `npm run bench` runs the benchmark.
    const database = context.server ? context.server.url : context.databaseFile
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, context.work], {
      cwd: context.root,
      env: { ...process.env, [EXPORT_DATABASE_VARIABLE]: database },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').pop() ?? ''
      if (code !== 0 || !line.startsWith('{')) {
        reject(new Error(`export child (${mode}) exited with ${code}: ${stderr.trim().slice(-500)}`))
        return
      }
      resolve(JSON.parse(line) as ExportChildResult)
    })
  })
}

export const actorsExport: Measurement = {
  id: 'actors-export',
  label: 'Actors xlsx export',
  target: `time ≤ ${EXPORT_RATIO_TARGET} × exceljs in-memory; peak < ${EXPORT_MEMORY_LIMIT_MB} MB`,
  async measure(context) {
    const { runs } = context.scale
    const ours: ExportChildResult[] = []
    for (let run = 1; run <= runs.export; run++) {
      context.log(`Actors export: run ${run}/${runs.export}…`)
      ours.push(await runChild(context, 'app'))
    }
    const theirs: ExportChildResult[] = []
    for (let run = 1; run <= runs.exceljs; run++) {
      context.log(`exceljs in-memory Workbook, same rows: run ${run}/${runs.exceljs}…`)
      theirs.push(await runChild(context, 'exceljs'))
    }
    const ms = median(ours.map((result) => result.ms))
    const peak = Math.max(...ours.map((result) => result.peakRssMb))
    const before = median(ours.map((result) => result.rssBeforeMb))
    const baselineMs = median(theirs.map((result) => result.ms))
    const baselineWriteMs = median(theirs.map((result) => result.writeMs ?? Number.NaN))
    const baselinePeak = Math.max(...theirs.map((result) => result.peakRssMb))
    const rows = ours[0]!.rows
    const ratio = ms / baselineMs
    const timeRow: BenchRow = {
      id: 'actors-export-time',
      label: `Actors xlsx export, ${formatCount(rows)} rows: time`,
      status: 'measured',
      result: formatMs(ms),
      baseline: `same rows, exceljs in-memory Workbook: ${formatMs(baselineMs)} (${formatMs(baselineWriteMs)} of it writing)`,
      ratio,
      target: `ratio ≤ ${EXPORT_RATIO_TARGET}`,
      met: ratio <= EXPORT_RATIO_TARGET,
      note: `both sides read the rows then write the workbook; against the in-memory writing alone the ratio is ${(ms / baselineWriteMs).toFixed(2)}`,
      values: {
        ms: round(ms),
        runs: ours.map((result) => round(result.ms)),
        rows,
        fileBytes: ours[0]!.bytes,
        excelJsMs: round(baselineMs),
        excelJsWriteMs: round(baselineWriteMs),
        excelJsRuns: theirs.map((result) => round(result.ms)),
        ratio: round(ratio, 3),
      },
    }
    const memoryRow: BenchRow = {
      id: 'actors-export-memory',
      label: `Actors xlsx export, ${formatCount(rows)} rows: peak memory (RSS of a process doing only the export)`,
      status: 'measured',
      result: `${formatMb(peak)} (${formatMb(before)} before it starts)`,
      baseline: `same rows, exceljs in-memory Workbook: ${formatMb(baselinePeak)}`,
      ratio: peak / baselinePeak,
      target: `< ${EXPORT_MEMORY_LIMIT_MB} MB`,
      met: peak < EXPORT_MEMORY_LIMIT_MB,
      ...(context.engine === 'postgresql' && { note: "the app's process only: the server's own memory is the server's" }),
      values: {
        peakRssMb: round(peak),
        rssBeforeMb: round(before),
        peakRuns: ours.map((result) => round(result.peakRssMb)),
        excelJsPeakRssMb: round(baselinePeak),
      },
    }
    return [timeRow, memoryRow]
  },
}
