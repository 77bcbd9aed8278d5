import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import ExcelJS from 'exceljs'
import { loadDirectory } from '../../../db/actors/directory'
import { DIRECTORY_COLUMNS, DIRECTORY_FIELDS } from '../../../db/rules/actor-columns'
import { openStore } from '../../../db/sqlite/connection'
import { createApiHost } from '../../../main/api/host'

// A child process doing only one export, so that its peak memory is the export's:
//   node --import tsx export-child.ts app <database> <folder>      the app's export (API 'actors.export')
//   node --import tsx export-child.ts exceljs <database> <folder>  exceljs's in-memory Workbook, same rows
// It prints one line of JSON: { ms, rows, bytes, rssBeforeMb, peakRssMb }.

const MB = 1024 * 1024

/** Every organisation, sorted by name as the grid shows them: the 60k-row export. */
const KEYS_SQL = "select 'o' || id from organisations order by name"

const columns = DIRECTORY_COLUMNS.filter((column) => column.visible)

function peakRssMb(): number {
  // maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS / 1024
}

async function appExport(database: string): Promise<{ ms: number; rows: number; bytes: number; rssBeforeMb: number }> {
  const host = await createApiHost(database)
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

async function inMemoryExport(database: string, folder: string): Promise<{ ms: number; rows: number; bytes: number; rssBeforeMb: number }> {
  // The same rows and columns, read beforehand (not timed): only the writing is compared.
  const store = await openStore(database, { skipCheck: true })
  let records: Record<string, unknown>[]
  try {
    const keys = store.sqlite.prepare(KEYS_SQL).pluck().all() as string[]
    const { rows } = loadDirectory(store.sqlite, { keys })
    const positions = columns.map((column) => DIRECTORY_FIELDS.indexOf(column.id))
    records = rows.map((row) => {
      const record: Record<string, unknown> = {}
      columns.forEach((column, i) => {
        const value = row[positions[i]!]
        record[column.id] = column.type === 'date' && value ? new Date(`${String(value).slice(0, 10)}T00:00:00Z`) : value
      })
      return record
    })
  } finally {
    await store.close()
  }
  const file = path.join(folder, `exceljs-in-memory-${process.pid}.xlsx`)
  const rssBeforeMb = process.memoryUsage().rss / MB
  const started = performance.now()
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
  const bytes = fs.statSync(file).size
  fs.rmSync(file, { force: true })
  return { ms, rows: records.length, bytes, rssBeforeMb }
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
