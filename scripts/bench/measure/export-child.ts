import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import ExcelJS from 'exceljs'
import { DIRECTORY_COLUMNS } from '../../../db/rules/actor-columns'
import { sql } from 'kysely'
import { openStore, parseDatabaseTarget, type DatabaseTarget, type Store } from '../../../db/backend'
import { readActorsTable } from '../../../main/api/actors-files'
import { createApiHost } from '../../../main/api/host'
import { EXPORT_DATABASE_VARIABLE as DATABASE_VARIABLE, type ExportChildResult } from '../types'

// A child process doing only one export, so that its peak memory is the export's:
//   node --import tsx export-child.ts app <folder>      the app's export (API 'actors.export')
//   node --import tsx export-child.ts exceljs <folder>  the same rows with exceljs's in-memory Workbook
// on the database of VITAWIN_BENCH_DATABASE (a file, or a team database's postgresql:// address:
// in the environment, so that its password shows in no process list). It prints one line of
// JSON: { ms, rows, bytes, rssBeforeMb, peakRssMb }.

const MB = 1024 * 1024

/** Every organisation, sorted by name as the grid shows them: the 60k-row export. */
async function organisationKeys(store: Store): Promise<string[]> {
  const { rows } = await sql<{ key: string }>`select 'o' || id as key from organisations order by name`.execute(store.db)
  return rows.map((row) => row.key)
}

const columns = DIRECTORY_COLUMNS.filter((column) => column.visible).map((column) => column.id)

function peakRssMb(): number {
  // maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS / 1024
}

type ExportResult = Omit<ExportChildResult, 'peakRssMb'>

async function appExport(database: DatabaseTarget): Promise<ExportResult> {
  // The check on open is measured apart (and, read through a memory map, would count in this
  // process's peak memory): here the export alone, on a database already open.
  const host = await createApiHost(database, { skipCheck: true })
  try {
    if (host.openError) throw new Error(host.openError.message)
    const keys = await organisationKeys(host.store!)
    const rssBeforeMb = process.memoryUsage().rss / MB
    const started = performance.now()
    const envelope = await host.call('actors.export', { keys, columns })
    const ms = performance.now() - started
    if (!envelope.ok) throw new Error(envelope.error.message)
    const value = envelope.value as { fileId: string; rows: number }
    const bytes = fs.statSync(host.files.resolve(value.fileId).path).size
    return { ms, rows: value.rows, bytes, rssBeforeMb }
  } finally {
    await host.close()
  }
}

/**
 * The same export with exceljs's in-memory Workbook: the same rows read the same way (the app's
 * own reader, readActorsTable, with the same keys and columns), then the whole workbook built in
 * memory and written. The two parts are timed apart, so that the report can show the writing
 * alone too.
 */
async function inMemoryExport(database: DatabaseTarget, folder: string): Promise<ExportResult> {
  const store = await openStore(database, { sqlite: { skipCheck: true } })
  const file = path.join(folder, `exceljs-in-memory-${process.pid}.xlsx`)
  try {
    const keys = await organisationKeys(store)
    const rssBeforeMb = process.memoryUsage().rss / MB
    const started = performance.now()
    const table = await readActorsTable(store, keys, columns)
    const readMs = performance.now() - started
    const workbook = new ExcelJS.Workbook()
    workbook.creator = 'Vitawin Back-office'
    const sheet = workbook.addWorksheet('Acteurs', { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] })
    sheet.columns = table.columns.map((column) => ({
      header: column.header,
      key: column.key,
      width: column.width,
      ...(column.type === 'date' ? { style: { numFmt: 'dd/mm/yyyy' } } : {}),
    }))
    const header = sheet.getRow(1)
    header.font = { bold: true }
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE7F3' } }
    // exceljs writes Date objects as dates; the app's writer takes the 'YYYY-MM-DD' strings.
    const dates = table.columns.filter((column) => column.type === 'date').map((column) => column.key)
    sheet.addRows(
      table.records.map((record) => {
        for (const key of dates) record[key] = record[key] ? new Date(`${String(record[key]).slice(0, 10)}T00:00:00Z`) : null
        return record
      }),
    )
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } }
    await workbook.xlsx.writeFile(file)
    const ms = performance.now() - started
    return { ms, readMs, writeMs: ms - readMs, rows: table.records.length, bytes: fs.statSync(file).size, rssBeforeMb }
  } finally {
    fs.rmSync(file, { force: true })
    await store.close()
  }
}

async function main(): Promise<void> {
  const [mode, folder] = process.argv.slice(2)
  const database = process.env[DATABASE_VARIABLE]
  if ((mode !== 'app' && mode !== 'exceljs') || !database || !folder) {
    console.error(`Usage: ${DATABASE_VARIABLE}=<file or postgresql://…> node --import tsx export-child.ts app|exceljs <folder>`)
    process.exit(2)
  }
  const target = parseDatabaseTarget(database)
  const result = mode === 'app' ? await appExport(target) : await inMemoryExport(target, folder)
  process.stdout.write(`${JSON.stringify({ ...result, peakRssMb: peakRssMb() })}\n`)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
  process.exit(1)
})
