// Exporting tables for users: Excel workbooks (streamed, flat memory) and CSV files, in French.
//
// Values by column type (null / undefined / '' always give an empty cell):
// - text: strings (numbers and booleans are converted); at most 32,767 characters (Excel's limit);
// - integer, decimal, percent: numbers (also bigint and numeric strings); percent is a fraction,
//   0.253 shows as 25,3 %;
// - date: 'YYYY-MM-DD' (anything after the day is ignored) or a Date, taken at its UTC day (the
//   reader returns dates that way); written as a real Excel date, no timezone shift;
// - datetime: a Date or an ISO string; instants (Date, '…Z', '…+02:00') are shown at the local
//   time of this machine, strings without a zone as written;
// - boolean: true / false (or 1 / 0) → « Oui » / « Non ».
//
// Formula injection: a text starting with = + - @ tab or CR is never a formula.
// - xlsx: the cell is written as a string cell (never a formula), its text unchanged, with the
//   Text number format (@) so that Excel keeps it as text even when the user edits the cell.
//   (Line breaks are written as LF, as Excel does: XML would turn a CR into LF on reading anyway.)
// - csv: the text is prefixed with an apostrophe (`neutralizeFormula`), the usual defence, since
//   a CSV cell has no type.

import fs from 'node:fs'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import ExcelJS from 'exceljs'
import { AppError, toAppError } from '../../db/errors'

export type ColumnType = 'text' | 'integer' | 'decimal' | 'date' | 'datetime' | 'percent' | 'boolean'

export interface ColumnSpec {
  header: string
  key: string
  type: ColumnType
  /** In characters; computed from the header and the first rows when absent. */
  width?: number
  /** Overrides the type's number format (xlsx only). */
  numFmt?: string
}

export type TableRows = Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>

export interface SheetSpec {
  name: string
  columns: ColumnSpec[]
  rows: TableRows
  /** A title above the table: row 1 holds it, row 2 stays empty, the header is row 3. */
  title?: string
}

export interface WriteOptions {
  /** Rows written so far, and the total when every sheet's rows is an array. */
  onProgress?: (done: number, total?: number) => void
  /** The workbook's author (file properties). Default « Vitawin Back-office ». */
  creator?: string
}

export const NUMBER_FORMATS: Record<Exclude<ColumnType, 'text' | 'boolean'>, string> = {
  integer: '#,##0',
  decimal: '#,##0.0',
  percent: '0.0%',
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
}

const EXCEL_MAX_TEXT = 32_767
const SHEET_NAME_MAX = 31
const WIDTH_SAMPLE_ROWS = 200
const YIELD_EVERY_ROWS = 500
const HEADER_FILL = 'FFDDE7F3'
const HEADER_BORDER = 'FF7F96B2'

// ------------------------------------------------------------------------------------------
// Formula injection

const FORMULA_START = /^[=+\-@\t\r]/

/** Whether a text would be read as a formula by a spreadsheet (starts with = + - @ tab or CR). */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text)
}

/** Prefixes with an apostrophe a text that a spreadsheet would read as a formula. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

// ------------------------------------------------------------------------------------------
// Sheet names

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

/** Cuts to `max` UTF-16 units without splitting a surrogate pair. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  let end = max
  const code = text.charCodeAt(end - 1)
  if (code >= 0xd800 && code <= 0xdbff) end--
  return text.slice(0, end)
}

// ------------------------------------------------------------------------------------------
// Values

class BadValue extends Error {
  constructor(
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(expected)
  }
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === ''
}

function toNumber(value: unknown): number | null {
  if (isBlank(value)) return null
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value
    throw new BadValue(value, 'un nombre')
  }
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value)
  throw new BadValue(value, 'un nombre')
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})/

function validDay(year: number, month: number, day: number): Date | null {
  const date = new Date(Date.UTC(year, month - 1, day))
  // Also refuses years 0–99, which Date.UTC maps to 1900–1999.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null
  return date
}

/** A day, as UTC midnight. */
function toDay(value: unknown): Date | null {
  if (isBlank(value)) return null
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new BadValue(value, 'une date')
    return new Date(Date.UTC(value.getUTCFullYear(), value.getUTCMonth(), value.getUTCDate()))
  }
  if (typeof value === 'string') {
    const match = DAY.exec(value.trim())
    const date = match ? validDay(Number(match[1]), Number(match[2]), Number(match[3])) : null
    if (date) return date
  }
  throw new BadValue(value, 'une date (AAAA-MM-JJ)')
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i

/** A wall-clock date and time, carried in the UTC fields of a Date (what Excel shows). */
function toWallClock(value: unknown): Date | null {
  if (isBlank(value)) return null
  let instant: Date | null = null
  if (value instanceof Date) instant = value
  else if (typeof value === 'string') {
    const match = DATE_TIME.exec(value.trim())
    if (match) {
      const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = match
      if (zone) instant = new Date(value.trim().replace(' ', 'T'))
      else {
        const day = validDay(Number(y), Number(mo), Number(d))
        if (day && Number(h) < 24 && Number(mi) < 60 && Number(s) < 60) {
          return new Date(day.getTime() + ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * 1000)
        }
      }
    }
  }
  if (!instant || Number.isNaN(instant.getTime())) throw new BadValue(value, 'une date et heure')
  return new Date(
    Date.UTC(instant.getFullYear(), instant.getMonth(), instant.getDate(), instant.getHours(), instant.getMinutes(), instant.getSeconds()),
  )
}

function toBoolean(value: unknown): boolean | null {
  if (isBlank(value)) return null
  if (typeof value === 'boolean') return value
  if (value === 1 || value === 0 || value === 1n || value === 0n) return value === 1 || value === 1n
  throw new BadValue(value, 'oui ou non')
}

function toText(value: unknown): string | null {
  if (isBlank(value)) return null
  if (typeof value === 'string') return truncate(value, EXCEL_MAX_TEXT)
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non'
  throw new BadValue(value, 'un texte')
}

type Converted = string | number | Date | null

function convert(type: ColumnType, value: unknown): Converted {
  switch (type) {
    case 'text':
      return toText(value)
    case 'integer':
    case 'decimal':
    case 'percent':
      return toNumber(value)
    case 'date':
      return toDay(value)
    case 'datetime':
      return toWallClock(value)
    case 'boolean': {
      const flag = toBoolean(value)
      return flag === null ? null : flag ? 'Oui' : 'Non'
    }
  }
}

function badValue(error: BadValue, column: ColumnSpec, sheet: string, rowIndex: number): AppError {
  const shown = typeof error.value === 'string' ? error.value.slice(0, 40) : String(error.value).slice(0, 40)
  return new AppError(
    'invalid_input',
    `Export impossible : la valeur « ${shown} » de la colonne « ${column.header} » (feuille « ${sheet} », ligne ${rowIndex}) n'est pas ${error.expected}.`,
    { sheet, column: column.key, rowIndex },
  )
}

function convertRow(columns: ColumnSpec[], record: Record<string, unknown>, sheet: string, rowIndex: number): Converted[] {
  const out = new Array<Converted>(columns.length)
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!
    try {
      out[i] = convert(column.type, record[column.key])
    } catch (error) {
      if (error instanceof BadValue) throw badValue(error, column, sheet, rowIndex)
      throw error
    }
  }
  return out
}

// ------------------------------------------------------------------------------------------
// Formatting for widths and CSV

const pad2 = (n: number) => String(n).padStart(2, '0')
const frenchNumber = new Intl.NumberFormat('fr-FR', { useGrouping: false, maximumFractionDigits: 10 })

function formatDay(date: Date): string {
  return `${pad2(date.getUTCDate())}/${pad2(date.getUTCMonth() + 1)}/${String(date.getUTCFullYear()).padStart(4, '0')}`
}

function formatForCsv(type: ColumnType, value: Converted): string {
  if (value === null) return ''
  switch (type) {
    case 'date':
      return formatDay(value as Date)
    case 'datetime': {
      const date = value as Date
      return `${formatDay(date)} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}`
    }
    case 'integer':
    case 'decimal':
      return frenchNumber.format(value as number)
    case 'percent':
      return `${frenchNumber.format((value as number) * 100)}%`
    default:
      return neutralizeFormula(value as string)
  }
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

// ------------------------------------------------------------------------------------------
// Files: written next to the target, renamed at the end (never a half-written file)

function temporaryPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`)
}

function writeError(file: string, error: unknown): AppError {
  if (error instanceof AppError) return error
  const code = (error as NodeJS.ErrnoException)?.code
  const name = path.basename(file)
  if (code === 'ENOENT') return new AppError('io_error', `Le dossier de destination de « ${name} » n'existe pas.`)
  if (code === 'EACCES' || code === 'EROFS') {
    return new AppError('io_error', `Impossible d'écrire « ${name} » : le dossier est protégé en écriture. Choisissez un autre dossier.`)
  }
  if (code === 'EPERM' || code === 'EBUSY') {
    return new AppError('io_error', `Impossible d'écrire « ${name} » : le fichier est peut-être ouvert dans Excel. Fermez-le, puis réessayez.`)
  }
  if (code === 'EISDIR') return new AppError('io_error', `« ${name} » est un dossier.`)
  return toAppError(error)
}

async function openOutput(file: string): Promise<{ stream: fs.WriteStream; temporary: string; failed: () => unknown; failure: Promise<never> }> {
  const temporary = temporaryPath(file)
  const stream = fs.createWriteStream(temporary, { flags: 'wx' })
  let error: unknown = null
  const failure = new Promise<never>((_, reject) =>
    stream.on('error', (e) => {
      error ??= e
      reject(e)
    }),
  )
  failure.catch(() => {})
  await Promise.race([new Promise((resolve) => stream.once('open', resolve)), failure])
  return { stream, temporary, failed: () => error, failure }
}

async function finish(file: string, temporary: string): Promise<void> {
  try {
    await fs.promises.rename(temporary, file)
  } catch (error) {
    throw writeError(file, error)
  }
}

async function discard(stream: fs.WriteStream | null, temporary: string | null): Promise<void> {
  if (stream && !stream.destroyed) {
    await new Promise<void>((resolve) => {
      stream.once('close', () => resolve())
      stream.destroy()
    })
  }
  if (temporary) await fs.promises.rm(temporary, { force: true }).catch(() => {})
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

async function* iterate(rows: TableRows): AsyncGenerator<Record<string, unknown>> {
  yield* rows as AsyncIterable<Record<string, unknown>>
}

function knownTotal(sheets: { rows: TableRows }[]): number | undefined {
  let total = 0
  for (const sheet of sheets) {
    if (!Array.isArray(sheet.rows)) return undefined
    total += sheet.rows.length
  }
  return total
}

// ------------------------------------------------------------------------------------------
// xlsx

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
 * keeps memory flat. It is reached through exceljs 4.4 internals (worksheet._stream.pipes[0]),
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

/** A1-style column letters: 1 → A, 27 → AA. */
function columnLetters(column: number): string {
  let letters = ''
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters
  return letters
}

// exceljs's style manager (StylesXform.addStyleModel), which numbers the cell formats.
interface StyleRegistry {
  addStyleModel(style: Partial<ExcelJS.Style>, cellType?: ExcelJS.ValueType): number
}

// exceljs's date serial (utils.dateToExcel, 1900 date system).
const excelSerial = (date: Date) => 25569 + date.getTime() / (24 * 3600 * 1000)

function createRowRenderer(workbook: ExcelJS.stream.xlsx.WorkbookWriter, worksheet: ExcelJS.Worksheet, columns: ColumnSpec[]) {
  const styles = (workbook as unknown as { styles: StyleRegistry }).styles
  const letters = columns.map((_, i) => columnLetters(i + 1))
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
        const style = styleAttribute(i, isText && FORMULA_START.test(value) ? kinds.formulaText : kinds.text)
        cells += `<c r="${letters[i]}${rowNumber}"${style} t="str"><v>${xmlText(text)}</v></c>`
      } else if (value instanceof Date) {
        cells += `<c r="${letters[i]}${rowNumber}"${styleAttribute(i, kinds.date)}><v>${excelSerial(value)}</v></c>`
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
  let output: Awaited<ReturnType<typeof openOutput>> | null = null
  let written = 0
  try {
    output = await openOutput(file)
    const { stream, failure, failed } = output
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
          ...(FORMULA_START.test(column.header) ? { numFmt: '@' } : {}),
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
    await finish(file, output.temporary)
    output = null
    return { rows: written }
  } catch (error) {
    throw writeError(file, error)
  } finally {
    if (output) await discard(output.stream, output.temporary)
  }
}

// ------------------------------------------------------------------------------------------
// csv

function csvField(text: string): string {
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * Writes a CSV file as French Excel opens it directly: UTF-8 with BOM, « ; » separator, CRLF,
 * dates dd/mm/yyyy, decimal comma, formula-like texts prefixed with an apostrophe.
 */
export async function writeCsv(
  file: string,
  columns: ColumnSpec[],
  rows: TableRows,
  options: Pick<WriteOptions, 'onProgress'> = {},
): Promise<{ rows: number }> {
  if (columns.length === 0) throw new AppError('invalid_input', "Export impossible : le tableau n'a aucune colonne.")
  const total = Array.isArray(rows) ? rows.length : undefined
  let output: Awaited<ReturnType<typeof openOutput>> | null = null
  let written = 0
  try {
    output = await openOutput(file)
    const { stream, failure } = output
    const write = async (text: string) => {
      if (!stream.write(text)) await Promise.race([new Promise<void>((resolve) => stream.once('drain', () => resolve())), failure])
    }
    let buffer = '\uFEFF' + columns.map((c) => csvField(neutralizeFormula(c.header))).join(';') + '\r\n'
    let rowIndex = 0
    for await (const record of iterate(rows)) {
      const values = convertRow(columns, record, path.basename(file), ++rowIndex)
      buffer += values.map((value, i) => csvField(formatForCsv(columns[i]!.type, value))).join(';') + '\r\n'
      written++
      if (buffer.length >= 64 * 1024) {
        await write(buffer)
        buffer = ''
      }
      if (written % 5_000 === 0) options.onProgress?.(written, total)
    }
    await write(buffer)
    await Promise.race([new Promise<void>((resolve) => stream.end(() => resolve())), failure])
    options.onProgress?.(written, total)
    await finish(file, output.temporary)
    output = null
    return { rows: written }
  } catch (error) {
    throw writeError(file, error)
  } finally {
    if (output) await discard(output.stream, output.temporary)
  }
}
