// Excel workbooks of tables, streamed (flat memory whatever the row count), in French. The values
// each column type takes are described in table-output.ts. A text that a spreadsheet would read as
// a formula is written as a string cell (never a formula), its text unchanged, with the Text number
// format (@) so that Excel keeps it as text even when the user edits the cell. Line breaks are
// written as LF, as Excel does (XML would turn a CR into LF on reading anyway).

import ExcelJS from 'exceljs'
import { AppError } from '../../db/errors'
import { columnLetter, dateToExcelSerial, looksLikeFormula } from '../../db/rules/excel-cells'
import {
  convertRow,
  frenchNumber,
  iterate,
  knownTotal,
  truncate,
  yieldToEventLoop,
  type ColumnSpec,
  type ColumnType,
  type Converted,
  type SheetSpec,
  type WriteOptions,
  writeThroughTemporary,
} from './table-output'

export const NUMBER_FORMATS: Record<Exclude<ColumnType, 'text' | 'boolean'>, string> = {
  integer: '#,##0',
  decimal: '#,##0.0',
  percent: '0.0%',
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
}

const SHEET_NAME_MAX = 31
const WIDTH_SAMPLE_ROWS = 200
const YIELD_EVERY_ROWS = 500
const HEADER_FILL = 'FFDDE7F3'
const HEADER_BORDER = 'FF7F96B2'

/**
 * Sheet names as Excel accepts them: no [ ] : * ? / \, no leading or trailing apostrophe, not
 * empty, not « History » (reserved), at most 31 characters, unique regardless of case.
 */
export function sanitizeSheetNames(names: string[]): string[] {
  const used = new Set<string>(['history'])
  return names.map((name) => {
    let base = name
      .replace(/[[\]:*?/\\]/g, ' ')
      // eslint-disable-next-line no-control-regex -- control characters are what is removed
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^'+|'+$/g, '')
      .trim()
    if (base === '') base = 'Feuille'
    base = truncate(base, SHEET_NAME_MAX).trim()
    let candidate = base
    for (let n = 2; used.has(candidate.toLocaleLowerCase('fr')); n++) {
      const suffix = ` (${n})`
      candidate = truncate(base, SHEET_NAME_MAX - suffix.length).trim() + suffix
    }
    used.add(candidate.toLocaleLowerCase('fr'))
    return candidate
  })
}

/** Display width of a value, in characters, as the column will show it. */
function displayLength(type: ColumnType, value: Converted): number {
  if (value === null) return 0
  switch (type) {
    case 'date':
      return 10
    case 'datetime':
      return 16
    case 'integer':
      return new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(value as number).length
    case 'decimal':
      return new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value as number).length
    case 'percent':
      return frenchNumber.format(Math.round((value as number) * 1000) / 10).length + 2
    default: {
      const text = value as string
      const newline = text.indexOf('\n')
      return newline === -1 ? text.length : newline
    }
  }
}

function columnWidth(column: ColumnSpec, sample: Converted[][], index: number): number {
  let width = column.width
  if (width === undefined) {
    let widest = column.header.length + 4 // bold header and the filter button
    for (const row of sample) widest = Math.max(widest, displayLength(column.type, row[index]!) + 2)
    width = Math.min(Math.max(widest, 8), 60)
  }
  // exceljs takes a width of exactly 9 for "default" and leaves it out (Excel then shows 8.43).
  return width === 9 ? 9.01 : width
}

// The streaming writer's worksheet is typed as a plain Worksheet; the streaming-only members.
interface StreamingWorksheet extends ExcelJS.Worksheet {
  commit(): void
  /** The sheet's XML stream (exceljs writes its rows there as strings too). */
  stream: { write(xml: string): unknown }
}

/**
 * exceljs writes a sheet's XML into the zip without ever waiting (its StreamBuf ignores
 * backpressure), so a fast producer piles uncompressed XML up in memory, in the stream that feeds
 * the compressor. That stream is a regular (readable-stream) Writable: waiting for its 'drain'
 * keeps memory flat. It is reached through exceljs internals (worksheet._stream.pipes[0]; exceljs
 * is pinned, and exceljs-internals.test.ts checks what the writer uses),
 * with a plain pause as fallback should they change.
 */
interface WritableLike {
  writableNeedDrain?: boolean
  _writableState?: { needDrain?: boolean; ending?: boolean }
  once(event: 'drain' | 'finish' | 'close' | 'error', listener: () => void): unknown
  removeListener(event: 'drain' | 'finish' | 'close' | 'error', listener: () => void): unknown
}

function pendingSink(worksheet: StreamingWorksheet): WritableLike | null {
  const pipes = (worksheet as unknown as { _stream?: { pipes?: unknown[] } })._stream?.pipes
  const sink = Array.isArray(pipes) ? (pipes[0] as WritableLike | undefined) : undefined
  if (!sink || typeof sink.once !== 'function' || typeof sink.removeListener !== 'function') return null
  // An ending stream never emits 'drain'.
  if (sink._writableState?.ending) return null
  return (sink.writableNeedDrain ?? sink._writableState?.needDrain) === true ? sink : null
}

async function letCompressorCatchUp(worksheet: StreamingWorksheet): Promise<void> {
  const sink = pendingSink(worksheet)
  if (!sink) return yieldToEventLoop()
  await new Promise<void>((resolve) => {
    const events = ['drain', 'finish', 'close', 'error'] as const
    const done = () => {
      for (const event of events) sink.removeListener(event, done)
      resolve()
    }
    for (const event of events) sink.once(event, done)
  })
}

// The data rows' XML, written straight into the sheet's stream: exceljs's Row and Cell objects,
// their style models and its XML builder took most of an export's time (about 2 µs a cell), for
// markup this renders in a tenth of that. The XML is the one exceljs writes for the same cells
// (same attributes, styles registered through its style manager in the same order, same escaping),
// which the tests check against exceljs itself. exceljs still writes everything else: columns,
// header, views, filter, styles, the zip.

// What exceljs's xmlEncode escapes, and the control characters XML 1.0 forbids (dropped).
// eslint-disable-next-line no-control-regex -- control characters are what is removed
const XML_SPECIAL = /[<>&'"\x7F\x00-\x08\x0B\x0C\x0E-\x1F]/
// eslint-disable-next-line no-control-regex -- control characters are what is removed
const XML_SPECIALS = /[<>&'"\x7F\x00-\x08\x0B\x0C\x0E-\x1F]/g
const XML_ENTITIES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' }

function xmlText(text: string): string {
  return XML_SPECIAL.test(text) ? text.replace(XML_SPECIALS, (c) => XML_ENTITIES[c] ?? '') : text
}

// exceljs's style manager (StylesXform.addStyleModel), which numbers the cell formats.
interface StyleRegistry {
  addStyleModel(style: Partial<ExcelJS.Style>, cellType?: ExcelJS.ValueType): number
}

function createRowRenderer(workbook: ExcelJS.stream.xlsx.WorkbookWriter, worksheet: ExcelJS.Worksheet, columns: ColumnSpec[]) {
  const styles = (workbook as unknown as { styles: StyleRegistry }).styles
  const letters = columns.map((_, i) => columnLetter(i))
  // A cell takes its column's style (its number format); a formula-like text adds the Text format.
  const columnStyles = columns.map((_, i) => worksheet.getColumn(i + 1).style as Partial<ExcelJS.Style> | undefined)
  // The s="…" attribute of each column's cells, by kind of value; registered on first use, as
  // exceljs registers them when it commits the cells.
  const kinds = { text: 0, formulaText: 1, date: 2, number: 3 } as const
  const cellTypes = [ExcelJS.ValueType.String, ExcelJS.ValueType.String, ExcelJS.ValueType.Date, ExcelJS.ValueType.Number]
  const attributes: (string | undefined)[] = new Array(columns.length * 4)
  const styleAttribute = (column: number, kind: number): string => {
    let attribute = attributes[column * 4 + kind]
    if (attribute === undefined) {
      const base = { ...(columnStyles[column] ?? {}) }
      const id = styles.addStyleModel(kind === kinds.formulaText ? { ...base, numFmt: '@' } : base, cellTypes[kind])
      attribute = id ? ` s="${id}"` : ''
      attributes[column * 4 + kind] = attribute
    }
    return attribute
  }
  return (rowNumber: number, values: Converted[]): string => {
    let cells = ''
    let min = 0
    let max = 0
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!
      if (value === null) continue
      if (min === 0) min = i + 1
      max = i + 1
      if (typeof value === 'string') {
        const isText = columns[i]!.type === 'text'
        // XML turns a CR into LF on reading anyway: written as read, line breaks as Excel's (LF).
        const text = isText && value.includes('\r') ? value.replace(/\r\n?/g, '\n') : value
        const style = styleAttribute(i, isText && looksLikeFormula(value) ? kinds.formulaText : kinds.text)
        cells += `<c r="${letters[i]}${rowNumber}"${style} t="str"><v>${xmlText(text)}</v></c>`
      } else if (value instanceof Date) {
        cells += `<c r="${letters[i]}${rowNumber}"${styleAttribute(i, kinds.date)}><v>${dateToExcelSerial(value)}</v></c>`
      } else {
        cells += `<c r="${letters[i]}${rowNumber}"${styleAttribute(i, kinds.number)}><v>${value}</v></c>`
      }
    }
    return min === 0 ? '' : `<row r="${rowNumber}" spans="${min}:${max}" x14ac:dyDescent="0.25">${cells}</row>`
  }
}

/**
 * Writes a workbook of tables (one per sheet) with exceljs's streaming writer: rows are committed
 * as they come, so memory stays flat whatever the row count. The header row is bold on a
 * coloured background with a bottom border, filterable, and frozen.
 */
export async function writeTableWorkbook(file: string, sheets: SheetSpec[], options: WriteOptions = {}): Promise<{ rows: number }> {
  if (sheets.length === 0) throw new AppError('invalid_input', 'Export impossible : le classeur ne contient aucune feuille.')
  for (const sheet of sheets) {
    if (sheet.columns.length === 0) throw new AppError('invalid_input', `Export impossible : la feuille « ${sheet.name} » n'a aucune colonne.`)
  }
  const names = sanitizeSheetNames(sheets.map((s) => s.name))
  const total = knownTotal(sheets)
  let written = 0
  return writeThroughTemporary(file, async ({ stream, failure, failed }) => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false })
    workbook.creator = options.creator ?? 'Vitawin Back-office'
    workbook.created = new Date()
    // archiver reports its own failures on the zip stream, which exceljs does not listen to.
    const zip = (workbook as unknown as { zip?: NodeJS.EventEmitter }).zip
    const zipFailure = new Promise<never>((_, reject) => zip?.on('error', reject))
    zipFailure.catch(() => {})
    const check = () => {
      if (failed()) throw failed()
    }

    for (let s = 0; s < sheets.length; s++) {
      const spec = sheets[s]!
      const name = names[s]!
      const columns = spec.columns
      const headerRow = spec.title ? 3 : 1
      const rows = iterate(spec.rows)

      // The first rows decide the column widths, which precede the data in the sheet's XML.
      const sample: Converted[][] = []
      let rowIndex = 0
      for (;;) {
        if (sample.length >= WIDTH_SAMPLE_ROWS) break
        const step = await rows.next()
        if (step.done) break
        sample.push(convertRow(columns, step.value, name, ++rowIndex))
      }

      const worksheet = workbook.addWorksheet(name, {
        views: [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}`, activeCell: `A${headerRow + 1}` }],
      }) as StreamingWorksheet
      worksheet.columns = columns.map((column, i) => {
        const numFmt = column.numFmt ?? (column.type === 'text' || column.type === 'boolean' ? undefined : NUMBER_FORMATS[column.type])
        return { key: column.key, width: columnWidth(column, sample, i), ...(numFmt ? { style: { numFmt } } : {}) }
      })

      if (spec.title) {
        const titleRow = worksheet.getRow(1)
        const cell = titleRow.getCell(1)
        cell.value = spec.title
        cell.font = { bold: true, size: 14 }
        titleRow.commit()
      }
      const header = worksheet.getRow(headerRow)
      columns.forEach((column, i) => {
        const cell = header.getCell(i + 1)
        cell.value = column.header
        cell.style = {
          font: { bold: true },
          fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } },
          border: { bottom: { style: 'thin', color: { argb: HEADER_BORDER } } },
          alignment: { vertical: 'middle' },
          ...(looksLikeFormula(column.header) ? { numFmt: '@' } : {}),
        }
      })
      header.commit()

      let rowNumber = headerRow
      const renderRow = createRowRenderer(workbook, worksheet, columns)
      let pending: string[] = []
      const writeRow = (values: Converted[]) => {
        pending.push(renderRow(++rowNumber, values))
        written++
      }
      const flush = () => {
        if (pending.length === 0) return
        worksheet.stream.write(pending.join(''))
        pending = []
      }
      const progress = async () => {
        flush()
        options.onProgress?.(written, total)
        await Promise.race([letCompressorCatchUp(worksheet), failure, zipFailure])
        check()
      }

      for (const values of sample) {
        writeRow(values)
        if (written % YIELD_EVERY_ROWS === 0) await progress()
      }
      for (;;) {
        const step = await rows.next()
        if (step.done) break
        writeRow(convertRow(columns, step.value, name, ++rowIndex))
        // exceljs's write streams never push back: without these pauses the whole sheet would
        // pile up in memory before the zip compresses it.
        if (written % YIELD_EVERY_ROWS === 0) await progress()
      }
      flush()

      worksheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: columns.length } }
      worksheet.commit()
      options.onProgress?.(written, total)
    }

    await Promise.race([workbook.commit(), failure, zipFailure])
    check()
    options.onProgress?.(written, total)
    return { rows: written }
  })
}

