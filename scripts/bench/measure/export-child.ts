import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import ExcelJS from 'exceljs'
import { loadDirectory } from '../../../db/actors/directory'
import { getReferenceData } from '../../../db/reference'
import { DIRECTORY_COLUMNS, DIRECTORY_FIELDS, KIND_LABELS, STATUS_LABELS } from '../../../db/rules/actor-columns'
import { openStore } from '../../../db/sqlite/connection'
import { createApiHost } from '../../../main/api/host'

// A child process doing only one export, so that its peak memory is the export's:
//   node --import tsx export-child.ts app <database> <folder>      the app's export (API 'actors.export')
//   node --import tsx export-child.ts exceljs <database> <folder>  the same rows with exceljs's in-memory Workbook
// It prints one line of JSON: { ms, rows, bytes, rssBeforeMb, peakRssMb }.

const MB = 1024 * 1024

/** Every organisation, sorted by name as the grid shows them: the 60k-row export. */
const KEYS_SQL = "select 'o' || id from organisations order by name"

const columns = DIRECTORY_COLUMNS.filter((column) => column.visible)

function peakRssMb(): number {
  // maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS / 1024
}

interface ExportResult {
  ms: number
  /** exceljs only: reading the rows, and writing the workbook. */
  readMs?: number
  writeMs?: number
  rows: number
  bytes: number
  rssBeforeMb: number
}

async function appExport(database: string): Promise<ExportResult> {
  // The check on open is measured apart (and, read through a memory map, would count in this
  // process's peak memory): here the export alone, on a database already open.
  const host = await createApiHost(database, { skipCheck: true })
  try {
    if (host.openError) throw new Error(host.openError.message)
    const keys = host.store!.sqlite.prepare(KEYS_SQL).pluck().all() as string[]
    const rssBeforeMb = process.memoryUsage().rss / MB
    const started = performance.now()
    const envelope = await host.call('actors.export', { keys, columns: columns.map((column) => column.id) })
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
 * The same export with exceljs's in-memory Workbook: the same rows read the same way (loadDirectory
 * with the same keys, the same labels), then the whole workbook built in memory and written. The
 * two parts are timed apart, so that the report can show the writing alone too.
 */
async function inMemoryExport(database: string, folder: string): Promise<ExportResult> {
  const store = await openStore(database, { skipCheck: true })
  const file = path.join(folder, `exceljs-in-memory-${process.pid}.xlsx`)
  try {
    const keys = store.sqlite.prepare(KEYS_SQL).pluck().all() as string[]
    const rssBeforeMb = process.memoryUsage().rss / MB
    const started = performance.now()
    const reference = await getReferenceData(store.db)
    const profiles = new Map(reference.profiles.map((item) => [item.code, item.label]))
    const towns = new Map(reference.towns.map((item) => [item.code, item.label]))
    const { rows } = loadDirectory(store.sqlite, { keys })
    const positions = columns.map((column) => DIRECTORY_FIELDS.indexOf(column.id))
    const outsideTown = DIRECTORY_FIELDS.indexOf('outsideTown')
    const records = rows.map((row) => {
      const record: Record<string, unknown> = {}
      columns.forEach((column, i) => {
        const value = row[positions[i]!]
        if (column.type === 'date') record[column.id] = value ? new Date(`${String(value).slice(0, 10)}T00:00:00Z`) : null
        else if (column.id === 'kind') record[column.id] = KIND_LABELS[String(value)]
        else if (column.id === 'profileCode') record[column.id] = profiles.get(String(value)) ?? value
        else if (column.id === 'townCode') record[column.id] = value ? (towns.get(String(value)) ?? value) : row[outsideTown] ? `${row[outsideTown]} (hors territoire)` : null
        else if (column.id === 'status') record[column.id] = STATUS_LABELS[String(value)] ?? value
        else record[column.id] = value
      })
      return record
    })
    const readMs = performance.now() - started
    const workbook = new ExcelJS.Workbook()
    workbook.creator = 'Vitawin Back-office'
    const sheet = workbook.addWorksheet('Acteurs', { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] })
    sheet.columns = columns.map((column) => ({
      header: column.header,
      key: column.id,
      width: Math.round((column.width ?? 140) / 7),
      ...(column.type === 'date' ? { style: { numFmt: 'dd/mm/yyyy' } } : {}),
    }))
    const header = sheet.getRow(1)
    header.font = { bold: true }
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE7F3' } }
    sheet.addRows(records)
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } }
    await workbook.xlsx.writeFile(file)
    const ms = performance.now() - started
    return { ms, readMs, writeMs: ms - readMs, rows: records.length, bytes: fs.statSync(file).size, rssBeforeMb }
  } finally {
    fs.rmSync(file, { force: true })
    await store.close()
  }
}

async function main(): Promise<void> {
  const [mode, database, folder] = process.argv.slice(2)
  if ((mode !== 'app' && mode !== 'exceljs') || !database || !folder) {
    console.error('Usage: node --import tsx export-child.ts app|exceljs <database> <folder>')
    process.exit(2)
  }
  const result = mode === 'app' ? await appExport(database) : await inMemoryExport(database, folder)
  process.stdout.write(`${JSON.stringify({ ...result, peakRssMb: peakRssMb() })}\n`)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
  process.exit(1)
})
