import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { convertWithLibreOffice } from '../../../tests/helpers/libreoffice'
import { type SheetRow, openSpreadsheet } from './index'
import { sniffSheet } from './xlsx'
import { buildZip, tempDir, writeWorkbook } from '../test-helpers'

// Rows a spreadsheet hides (by hand, or left out by a filter) are read with the others, flagged,
// so that the import can say so: files written by exceljs, by LibreOffice, and by hand.

const dir = tempDir()
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

async function hiddenRows(target: string): Promise<{ rows: number; hidden: number[] }> {
  const source = await openSpreadsheet(target)
  const read: SheetRow[] = []
  for await (const row of source.rows) read.push(row)
  return { rows: read.length, hidden: read.filter((row) => row.hidden).map((row) => row.rowNumber) }
}

async function workbookWithHiddenRows(): Promise<string> {
  return writeWorkbook(path.join(dir, 'masquees.xlsx'), (workbook) => {
    const sheet = workbook.addWorksheet('Annuaire')
    sheet.addRow(['Nom', 'Ville'])
    for (let i = 1; i <= 3000; i++) sheet.addRow([`Structure ${i} ${'x'.repeat(40)}`, 'Vincennes'])
    // Far apart, so that the tags fall in different chunks of the inflated sheet.
    for (const rowNumber of [3, 4, 1500, 2999]) sheet.getRow(rowNumber).hidden = true
  })
}

describe('hidden rows', () => {
  it('flags the rows an .xlsx hides, wherever they fall in the sheet', async () => {
    const target = await workbookWithHiddenRows()
    await expect(hiddenRows(target)).resolves.toEqual({ rows: 3001, hidden: [3, 4, 1500, 2999] })
  })

  it('reads the row tags of an .xlsx sheet however its bytes are cut into chunks', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `<row r="${i + 1}"${[3, 17, 40].includes(i + 1) ? ' spans="1:2" hidden="1"' : ' spans="1:2"'}><c r="A${i + 1}" t="s"><v>${i}</v></c></row>`)
    const xml = Buffer.from(`<worksheet><dimension ref="A1:B40"/><cols><col min="2" max="2" hidden="1"/></cols><sheetData>${rows.join('')}</sheetData></worksheet>`, 'latin1')
    for (const size of [1, 7, 64, 4096]) {
      const chunks = Array.from({ length: Math.ceil(xml.length / size) }, (_, i) => xml.subarray(i * size, (i + 1) * size))
      const hidden: number[] = []
      let head: unknown = null
      const passed: Buffer[] = []
      for await (const chunk of sniffSheet(
        (async function* () {
          yield* chunks
        })(),
        (found) => (head = found),
        (rowNumber) => hidden.push(rowNumber),
      ))
        passed.push(chunk)
      expect(Buffer.concat(passed).equals(xml), `chunks of ${size}`).toBe(true)
      expect(head, `chunks of ${size}`).toEqual({ lastRow: 40, hiddenColumns: [1] })
      expect(hidden, `chunks of ${size}`).toEqual([3, 17, 40])
    }
  })

  it('flags them in the .xlsx and .ods files LibreOffice writes', async () => {
    const original = await workbookWithHiddenRows()
    for (const format of ['xlsx', 'ods'] as const) {
      const converted = convertWithLibreOffice(original, format)
      await expect(hiddenRows(converted), format).resolves.toEqual({ rows: 3001, hidden: [3, 4, 1500, 2999] })
    }
  }, 120_000)

  it('flags the rows an .ods hides by hand or by a filter, repeated ones included', async () => {
    const ns = [
      'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
    ].join(' ')
    const cell = (value: string) => `<table:table-cell office:value-type="string"><text:p>${value}</text:p></table:table-cell>`
    const xml = `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ns} office:version="1.3"><office:body><office:spreadsheet>
<table:table table:name="Feuille1">
<table:table-row>${cell('Nom')}</table:table-row>
<table:table-row table:visibility="collapse">${cell('Masquée')}</table:table-row>
<table:table-row>${cell('Visible')}</table:table-row>
<table:table-row table:visibility="filter" table:number-rows-repeated="2">${cell('Filtrée')}</table:table-row>
<table:table-row table:visibility="visible">${cell('Visible aussi')}</table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>`
    const target = path.join(dir, 'filtre.ods')
    fs.writeFileSync(
      target,
      buildZip([
        { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet'), store: true },
        { name: 'content.xml', data: Buffer.from(xml, 'utf8') },
      ]),
    )
    await expect(hiddenRows(target)).resolves.toEqual({ rows: 6, hidden: [2, 4, 5] })
  })
})
