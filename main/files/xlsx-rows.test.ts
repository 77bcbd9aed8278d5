import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it, onTestFinished } from 'vitest'
import { NUMBER_FORMATS, writeTableWorkbook } from './xlsx-writer'
import { type ColumnSpec } from './table-output'
import { tempDir, unzip } from './test-helpers'

// writeTableWorkbook renders the data rows' XML itself (exceljs's Row and Cell objects were most of
// an export's time). The XML must stay the one exceljs writes for the same cells: this writes the
// same table through exceljs's own row API and compares the sheets and styles byte for byte.

const columns: ColumnSpec[] = [
  { header: 'Nom', key: 'name', type: 'text', width: 30 },
  { header: 'Note', key: 'note', type: 'text', width: 30 },
  { header: 'Date', key: 'day', type: 'date', width: 12 },
  { header: 'Quand', key: 'when', type: 'datetime', width: 16 },
  { header: 'Nombre', key: 'count', type: 'integer', width: 10 },
  { header: 'Valeur', key: 'value', type: 'decimal', width: 10 },
  { header: 'Part', key: 'share', type: 'percent', width: 10 },
  { header: 'Adhérent', key: 'member', type: 'boolean', width: 10 },
  { header: 'Précis', key: 'precise', type: 'decimal', width: 10, numFmt: '0.000' },
]

const TEXTS = ['Hélène & Fils <b>', 'l\'école "x"', '=SUM(A1)', '+33 6', '-3', '@x', '\tTab', '\rCR', 'a\r\nb\rc', 'ctl\u0001\u0008\u000b\u000c\u007f ok', ' espaces ', '😀 émoji', 'x'.repeat(300)]

const records = Array.from({ length: 700 }, (_, i) => ({
  name: i % 17 === 0 ? null : TEXTS[i % TEXTS.length],
  note: i % 5 === 0 ? '' : TEXTS[(i * 7) % TEXTS.length],
  day: i % 3 === 0 ? null : `2026-0${(i % 9) + 1}-1${i % 10}`,
  when: i % 4 === 0 ? null : i % 2 ? new Date(Date.UTC(2025, 2, 3, 10, 30)) : '2026-05-06 14:45',
  count: i % 6 === 0 ? null : i * 1000 - 7,
  value: i / 7,
  share: i % 2 ? 0.253 : null,
  member: i % 3 === 0 ? null : i % 2 === 0,
  precise: i % 11 === 0 ? null : 1 / (i + 1),
}))
// A row with no value at all, then one with a single value in the middle.
records.push({ name: null, note: null, day: null, when: null, count: null, value: null, share: null, member: null, precise: null } as never)
records.push({ name: null, note: null, day: null, when: null, count: 5, value: null, share: null, member: null, precise: null } as never)

const FORMULA_START = /^[=+\-@\t\r]/

/** The same sheet, every data cell through exceljs's Row and Cell API (what writeTableWorkbook did before). */
async function writeWithExcelJsRows(file: string): Promise<void> {
  const stream = fs.createWriteStream(file)
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false })
  const worksheet = workbook.addWorksheet('Feuille', {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
  })
  worksheet.columns = columns.map((column) => {
    const numFmt = column.numFmt ?? (column.type === 'text' || column.type === 'boolean' ? undefined : NUMBER_FORMATS[column.type])
    return { key: column.key, width: column.width, ...(numFmt ? { style: { numFmt } } : {}) }
  })
  const header = worksheet.getRow(1)
  columns.forEach((column, i) => {
    const cell = header.getCell(i + 1)
    cell.value = column.header
    cell.style = {
      font: { bold: true },
      fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE7F3' } },
      border: { bottom: { style: 'thin', color: { argb: 'FF7F96B2' } } },
      alignment: { vertical: 'middle' },
    }
  })
  header.commit()
  const day = (text: string) => new Date(`${text}T00:00:00Z`)
  records.forEach((record, index) => {
    const row = worksheet.getRow(index + 2)
    columns.forEach((column, i) => {
      const raw = (record as Record<string, unknown>)[column.key]
      if (raw === null || raw === undefined || raw === '') return
      const cell = row.getCell(i + 1)
      if (column.type === 'text') {
        const text = String(raw)
        cell.value = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
        if (FORMULA_START.test(text)) cell.numFmt = '@'
      } else if (column.type === 'date') cell.value = day(String(raw))
      else if (column.type === 'datetime') {
        // An instant shows at this machine's local time; a string without a zone as written.
        cell.value =
          raw instanceof Date
            ? new Date(Date.UTC(raw.getFullYear(), raw.getMonth(), raw.getDate(), raw.getHours(), raw.getMinutes(), raw.getSeconds()))
            : new Date(`${String(raw).replace(' ', 'T')}:00Z`)
      } else if (column.type === 'boolean') cell.value = raw ? 'Oui' : 'Non'
      else cell.value = raw as number
    })
    row.commit()
  })
  worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } }
  worksheet.commit()
  await workbook.commit()
}

const part = (file: string, name: string) => unzip(fs.readFileSync(file)).find((entry) => entry.name === name)!.data.toString('utf8')
const sheetData = (xml: string) => xml.slice(xml.indexOf('<sheetData>'), xml.indexOf('</sheetData>'))

describe('writeTableWorkbook data rows', () => {
  it('are the XML exceljs writes for the same cells, with the same styles', async () => {
    const folder = tempDir()
    onTestFinished(() => fs.rmSync(folder, { recursive: true, force: true }))
    const ours = path.join(folder, 'ours.xlsx')
    const reference = path.join(folder, 'exceljs.xlsx')
    await writeTableWorkbook(ours, [{ name: 'Feuille', columns, rows: records }])
    await writeWithExcelJsRows(reference)
    const ourSheet = part(ours, 'xl/worksheets/sheet1.xml')
    expect(sheetData(ourSheet).length).toBeGreaterThan(100_000)
    expect(sheetData(ourSheet)).toBe(sheetData(part(reference, 'xl/worksheets/sheet1.xml')))
    expect(part(ours, 'xl/styles.xml')).toBe(part(reference, 'xl/styles.xml'))
  })
})
