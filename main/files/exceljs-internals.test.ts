import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from './test-helpers'

// xlsx-writer.ts reaches into exceljs's streaming writer: its style manager (styles.addStyleModel),
// its zip (an archiver), each worksheet's XML stream (stream.write) and the stream behind it
// (_stream.pipes[0], whose 'drain' keeps memory flat). exceljs is therefore pinned to the exact
// version these were read from; this test fails when the version moves or the internals change.

const root = path.resolve(__dirname, '../..')
const dir = tempDir()
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

interface Internals {
  styles?: { addStyleModel?: (style: Partial<ExcelJS.Style>, cellType?: ExcelJS.ValueType) => number }
  zip?: { on?: unknown }
}

interface WorksheetInternals {
  stream?: { write?: (xml: string) => unknown }
  _stream?: { pipes?: unknown[] }
}

describe('exceljs', () => {
  it('is pinned to the exact version installed, in package.json and in the lock', () => {
    const installed = (createRequire(__filename)('exceljs/package.json') as { version: string }).version
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
    const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; dependencies?: Record<string, string> }> }
    expect(manifest.dependencies.exceljs).toBe('4.4.0')
    expect(installed).toBe('4.4.0')
    expect(lock.packages['']!.dependencies!.exceljs).toBe('4.4.0')
    expect(lock.packages['node_modules/exceljs']!.version).toBe('4.4.0')
  })

  it('still has the internals the writer uses, and they behave as the writer expects', async () => {
    const file = path.join(dir, 'internals.xlsx')
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: fs.createWriteStream(file), useStyles: true, useSharedStrings: false })
    const internals = workbook as unknown as Internals

    // The style manager numbers cell formats: none for a plain string, one per format, the same on asking again.
    const addStyleModel = internals.styles?.addStyleModel?.bind(internals.styles)
    expect(typeof addStyleModel).toBe('function')
    expect(addStyleModel!({}, ExcelJS.ValueType.String)).toBe(0)
    const dateStyle = addStyleModel!({ numFmt: 'dd/mm/yyyy' }, ExcelJS.ValueType.Date)
    expect(dateStyle).toBeGreaterThan(0)
    expect(addStyleModel!({ numFmt: 'dd/mm/yyyy' }, ExcelJS.ValueType.Date)).toBe(dateStyle)

    // The zip reports its failures as events.
    expect(typeof internals.zip?.on).toBe('function')

    const worksheet = workbook.addWorksheet('Feuille') as unknown as ExcelJS.Worksheet & WorksheetInternals & { commit(): void }
    worksheet.columns = [{ key: 'a', width: 12 }]
    const header = worksheet.getRow(1)
    header.getCell(1).value = 'En-tête'
    header.commit()

    // The sheet's XML stream takes rows as strings; the stream behind it is a Writable with a drain flag.
    expect(typeof worksheet.stream?.write).toBe('function')
    const pipes = worksheet._stream?.pipes
    expect(Array.isArray(pipes)).toBe(true)
    const sink = pipes![0] as { once?: unknown; removeListener?: unknown; writableNeedDrain?: boolean; _writableState?: { needDrain?: boolean } }
    expect(typeof sink.once).toBe('function')
    expect(typeof sink.removeListener).toBe('function')
    expect(typeof (sink.writableNeedDrain ?? sink._writableState?.needDrain)).toBe('boolean')

    worksheet.stream!.write!('<row r="2" spans="1:1" x14ac:dyDescent="0.25"><c r="A2" t="str"><v>écrite à la main</v></c></row>')
    worksheet.commit()
    await workbook.commit()

    const read = new ExcelJS.Workbook()
    await read.xlsx.readFile(file)
    expect(read.getWorksheet('Feuille')!.getCell('A1').value).toBe('En-tête')
    expect(read.getWorksheet('Feuille')!.getCell('A2').value).toBe('écrite à la main')
  })
})
