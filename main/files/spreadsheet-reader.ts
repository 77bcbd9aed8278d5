// Safe reading of the spreadsheets users import (.xlsx, .csv), which may be malformed, truncated
// or hostile. Everything streams: neither a workbook nor a CSV file is ever held in memory, and
// every failure becomes an AppError('file_invalid') with a French message.
//
// Rows:
// - `rowNumber` is the row number the user sees in Excel (the header is usually row 1);
// - `cells[i]` is column i + 1 (A = 0), padded with null up to the header's width;
// - empty rows are skipped, the first non-empty row is the header (see `onHeader`);
// - strings are returned as written, except that empty or blank strings become null;
// - xlsx dates come back as Date objects whose UTC fields carry the day (and time) shown in Excel
//   (2024-03-15 → 2024-03-15T00:00:00.000Z): read them with getUTC*();
// - a formula cell holds its last computed value in `cells` (null if none) and is listed in
//   `formulas`; exceljs's streaming reader drops a formula's error result (the cell is then null,
//   listed in `formulas` only) and gives boolean results as 1 / 0;
// - an error cell (#N/A, #DIV/0!… typed as such, not computed) is null in `cells` and listed in `errors`;
// - CSV cells are always strings (or null): no guessing of numbers or dates.

import fs from 'node:fs'
import path from 'node:path'
import { Readable, Transform, pipeline } from 'node:stream'
import ExcelJS from 'exceljs'
import { parse as parseCsv } from 'csv-parse'
import { AppError } from '../../db/errors'
import { columnLetter, excelSerialToDate } from '../../db/rules/excel-cells'
import { type CsvEncoding, createDecoder, detectBom, isValidUtf8 } from './text-encoding'
import { type StoredPart, type ZipDirectory, type ZipEntry, entryChunks, memoryPart, readZipDirectory, storedZip } from './zip'

export type CellValue = string | number | boolean | Date | null

export interface FormulaCell {
  /** Index in `cells` (0 = column A). */
  column: number
  /** "C4". */
  address: string
  /** The formula without "=" (empty for the secondary cells of a shared formula). */
  formula: string
}

export interface ErrorCell {
  column: number
  address: string
  /** "#N/A", "#DIV/0!"… */
  error: string
}

export interface SheetRow {
  rowNumber: number
  cells: CellValue[]
  formulas: readonly FormulaCell[]
  errors: readonly ErrorCell[]
}

export interface ReadOptions {
  /** Worksheet name, or index in `inspectSpreadsheet().sheets`; default: the first visible one. */
  sheet?: string | number
  /** Highest accepted row number (default 1,100,000). */
  maxRows?: number
  /** Highest accepted column holding a value (default 200). */
  maxColumns?: number
  /** Bytes of the file read so far, and the total to read. */
  onProgress?: (done: number, total?: number) => void
  /** Called once, with the header row, before the first data row. */
  onHeader?: (headers: string[], rowNumber: number) => void
}

export interface SpreadsheetInfo {
  format: 'xlsx' | 'csv'
  /** Worksheets in tab order (xlsx); the file name without extension (csv). */
  sheets: string[]
  /** The sheet read. */
  sheet: string
  /** Header cells, trimmed; empty when the sheet is empty. */
  headers: string[]
  headerRowNumber: number | null
  /**
   * Data rows after the header: from the sheet's declared dimension (xlsx) or from the line
   * count (csv, extrapolated beyond 8 MB). null when unknown. An estimate: empty rows count.
   */
  rowCountEstimate: number | null
  /** The first data rows. */
  preview: SheetRow[]
  /** csv only. */
  encoding?: CsvEncoding
  delimiter?: string
}

export const DEFAULT_MAX_ROWS = 1_100_000
export const DEFAULT_MAX_COLUMNS = 200
/** Largest file accepted (csv; xlsx files are limited by their uncompressed size, see zip.ts). */
export const MAX_FILE_BYTES = 400 * 1024 * 1024
/** Parts of a workbook held in memory by exceljs, limited beyond the overall zip limits. */
const MAX_METADATA_PART_BYTES = 16 * 1024 * 1024
const MAX_STYLES_PART_BYTES = 64 * 1024 * 1024
const MAX_SHARED_STRINGS_PART_BYTES = 256 * 1024 * 1024
/** Excel's own column limit: a CSV record beyond it is refused without looking further. */
const EXCEL_MAX_COLUMNS = 16_384
/** Rows allowed to carry empty (formatted) cells beyond maxColumns: each costs exceljs one cell object per column. */
const WIDE_EMPTY_ROWS_TOLERATED = 1_000
/** Longest CSV record, in characters (Excel allows 32,767 per cell). */
const CSV_MAX_RECORD_CHARS = 5_000_000

const numberFormat = new Intl.NumberFormat('fr-FR')
const EMPTY: readonly never[] = Object.freeze([])

// ------------------------------------------------------------------------------------------
// Helpers for callers

/** "C4" for row 4, column index 2. */
export function cellAddress(rowNumber: number, column: number): string {
  return `${columnLetter(column)}${rowNumber}`
}

// ------------------------------------------------------------------------------------------
// Errors

function tooManyColumns(columns: number, max: number, rowNumber?: number): AppError {
  return new AppError(
    'file_invalid',
    `Le fichier compte trop de colonnes (${numberFormat.format(columns)}) : ${numberFormat.format(max)} au maximum.`,
    { columns, max, rowNumber },
  )
}

function tooManyRows(max: number, rowNumber: number): AppError {
  return new AppError(
    'file_invalid',
    `Le fichier compte trop de lignes (plus de ${numberFormat.format(max)}) : ${numberFormat.format(max)} au maximum.`,
    { max, rowNumber },
  )
}

function notAWorkbook(detail: string): AppError {
  return new AppError(
    'file_invalid',
    "Ce fichier n'est pas un classeur Excel (.xlsx) valide. Ouvrez-le dans Excel et enregistrez-le au format « Classeur Excel (.xlsx) », ou au format CSV.",
    { detail },
  )
}

function unreadableSheet(sheet: string, lastRow: number, cause: unknown): AppError {
  const where = lastRow > 0 ? ` après la ligne ${numberFormat.format(lastRow)}` : ''
  return new AppError(
    'file_invalid',
    `Le fichier Excel est endommagé : la feuille « ${sheet} » est illisible${where}. Ouvrez-le dans Excel et enregistrez-le de nouveau au format .xlsx.`,
    { sheet, lastRow, cause: cause instanceof Error ? cause.message : String(cause) },
  )
}

function ioError(file: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException)?.code
  const name = path.basename(file)
  if (code === 'ENOENT') return new AppError('not_found', `Le fichier « ${name} » est introuvable.`)
  if (code === 'EISDIR') return new AppError('file_invalid', `« ${name} » est un dossier, pas un fichier.`)
  if (code === 'EACCES' || code === 'EPERM' || code === 'EBUSY') {
    return new AppError('io_error', `Le fichier « ${name} » ne peut pas être lu : il est protégé ou ouvert par une autre application.`)
  }
  return new AppError('io_error', `Le fichier « ${name} » ne peut pas être lu.`, { cause: String(error) })
}

// ------------------------------------------------------------------------------------------
// Format detection (by content; the extension only chooses the message)

type Format = 'xlsx' | 'csv'

async function detectFormat(file: string): Promise<{ format: Format; size: number }> {
  let head: Buffer
  let size: number
  try {
    const handle = await fs.promises.open(file, 'r')
    try {
      const stat = await handle.stat()
      if (stat.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' })
      size = stat.size
      head = Buffer.alloc(8)
      const { bytesRead } = await handle.read(head, 0, 8, 0)
      head = head.subarray(0, bytesRead)
    } finally {
      await handle.close()
    }
  } catch (error) {
    throw ioError(file, error)
  }
  const extension = path.extname(file).toLowerCase()
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) {
    if (extension === '.ods') {
      throw new AppError('file_invalid', 'Les classeurs OpenDocument (.ods) ne sont pas pris en charge : enregistrez le fichier au format Excel (.xlsx) ou CSV.')
    }
    return { format: 'xlsx', size }
  }
  if (head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0 && head.readUInt32BE(4) === 0xa1b11ae1) {
    throw new AppError(
      'file_invalid',
      "Ce fichier est au format Excel 97-2003 (.xls) ou protégé par un mot de passe. Ouvrez-le dans Excel et enregistrez-le sans mot de passe au format « Classeur Excel (.xlsx) ».",
    )
  }
  if (['.xlsx', '.xlsm', '.xltx', '.xltm', '.xls', '.ods'].includes(extension)) {
    throw notAWorkbook('no zip signature')
  }
  if (size > MAX_FILE_BYTES) {
    throw new AppError(
      'file_invalid',
      `Le fichier est trop volumineux (${numberFormat.format(Math.ceil(size / 1024 / 1024))} Mo) : ${numberFormat.format(MAX_FILE_BYTES / 1024 / 1024)} Mo au maximum.`,
    )
  }
  return { format: 'csv', size }
}

// ------------------------------------------------------------------------------------------
// Common row layer: raw rows of either format → header + data rows

interface RawSource {
  format: Format
  sheets: string[]
  sheet: string
  encoding?: CsvEncoding
  delimiter?: string
  /** xlsx: from the sheet's <dimension> (known once the sheet's start is read); csv: from the line count. */
  lastRowEstimate: () => Promise<number | null>
  rows: AsyncGenerator<SheetRow>
}

interface Limits {
  maxRows: number
  maxColumns: number
}

function limitsOf(options: ReadOptions): Limits {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS
  const maxColumns = options.maxColumns ?? DEFAULT_MAX_COLUMNS
  if (!(maxRows >= 1) || !(maxColumns >= 1)) throw new AppError('internal', 'Limites de lecture invalides.')
  return { maxRows, maxColumns }
}

async function openSource(file: string, options: ReadOptions): Promise<RawSource> {
  const limits = limitsOf(options)
  const { format, size } = await detectFormat(file)
  return format === 'xlsx' ? openXlsx(file, options, limits) : openCsv(file, size, options, limits)
}

function isEmptyRow(row: SheetRow): boolean {
  return row.cells.every((cell) => cell === null) && row.formulas.length === 0 && row.errors.length === 0
}

function headerText(value: CellValue): string {
  if (value === null) return ''
  if (value instanceof Date) {
    const d = value
    const pad = (n: number) => String(n).padStart(2, '0')
    return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`
  }
  if (typeof value === 'boolean') return value ? 'VRAI' : 'FAUX'
  return String(value).trim()
}

async function* dataRows(source: RawSource, options: ReadOptions, onHeader: (headers: string[], rowNumber: number) => void): AsyncGenerator<SheetRow> {
  let width = -1
  for await (const row of source.rows) {
    if (isEmptyRow(row)) continue
    if (width < 0) {
      const headers = row.cells.map(headerText)
      while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop()
      width = headers.length
      onHeader(headers, row.rowNumber)
      options.onHeader?.(headers, row.rowNumber)
      continue
    }
    while (row.cells.length < width) row.cells.push(null)
    yield row
  }
}

/**
 * Reads the data rows of a spreadsheet (.xlsx or .csv, recognised by content), after its header
 * row. Throws AppError('file_invalid') for a bad file, 'not_found' / 'io_error' for an unreadable one.
 */
export async function* readSpreadsheet(file: string, options: ReadOptions = {}): AsyncGenerator<SheetRow> {
  const source = await openSource(file, options)
  yield* dataRows(source, options, () => {})
}

/**
 * What an import screen needs before reading: format, sheets, headers, an estimate of the row
 * count and the first rows. Reads only the beginning of the sheet.
 */
export async function inspectSpreadsheet(
  file: string,
  options: { sheet?: string | number; previewRows?: number } = {},
): Promise<SpreadsheetInfo> {
  const source = await openSource(file, { sheet: options.sheet })
  const previewRows = options.previewRows ?? 5
  let headers: string[] = []
  let headerRowNumber: number | null = null
  const preview: SheetRow[] = []
  const rows = dataRows(source, {}, (h, n) => {
    headers = h
    headerRowNumber = n
  })
  try {
    // Reads up to the header and `previewRows` data rows (one more when previewRows is 0).
    for await (const row of rows) {
      if (preview.length >= previewRows) break
      preview.push(row)
      if (preview.length >= previewRows) break
    }
  } finally {
    await rows.return(undefined)
  }
  const lastRow = await source.lastRowEstimate()
  const headerRow = headerRowNumber as number | null
  return {
    format: source.format,
    sheets: source.sheets,
    sheet: source.sheet,
    headers,
    headerRowNumber: headerRow,
    rowCountEstimate: lastRow === null ? null : headerRow === null ? 0 : Math.max(0, lastRow - headerRow),
    preview,
    ...(source.encoding ? { encoding: source.encoding, delimiter: source.delimiter } : {}),
  }
}

// ------------------------------------------------------------------------------------------
// xlsx

// exceljs's streaming reader has partial typings: the shapes used here.
interface ExcelSheetModel {
  name: string
  rId: string
  state?: string
}
interface ExcelRelationship {
  Id: string
  Type: string
  Target: string
}
interface ExcelReaderInternals {
  model?: { sheets?: ExcelSheetModel[] }
  workbookRels?: ExcelRelationship[]
  properties?: { model?: { date1904?: boolean } }
  parse(): AsyncGenerator<{ eventType: string; value: any }>
}
interface ExcelWorksheetReader {
  parse(): AsyncGenerator<Array<{ eventType: string; value: any }>>
}

interface WorkbookSheet {
  name: string
  hidden: boolean
  entry: ZipEntry
}

function entry(directory: ZipDirectory, name: string): ZipEntry | undefined {
  return directory.entries.get(name.toLowerCase())
}

function guardedPart(
  directory: ZipDirectory,
  zipEntry: ZipEntry,
  as: string,
  maxBytes: number,
  onCompressedBytes?: (bytes: number) => void,
  transform?: (chunks: AsyncIterable<Buffer>) => AsyncIterable<Buffer>,
): StoredPart {
  if (zipEntry.uncompressedSize > maxBytes) {
    throw new AppError(
      'file_invalid',
      `Le fichier Excel a une structure anormale (partie ${zipEntry.name} de ${numberFormat.format(Math.ceil(zipEntry.uncompressedSize / 1024 / 1024))} Mo) : il a été refusé par sécurité.`,
    )
  }
  return {
    name: as,
    size: zipEntry.uncompressedSize,
    crc32: zipEntry.crc32,
    chunks: () => utf8Aligned(transform ? transform(entryChunks(directory, zipEntry, onCompressedBytes)) : entryChunks(directory, zipEntry, onCompressedBytes)),
  }
}

/**
 * exceljs decodes each chunk of XML separately as UTF-8, which breaks a character split between
 * two chunks (it becomes "\uFFFD"). Re-cutting the chunks on character boundaries avoids it: the
 * stored zip built here hands them to exceljs unchanged.
 */
export async function* utf8Aligned(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let carry: Buffer | null = null
  for await (const incoming of chunks) {
    let chunk: Buffer = carry ? Buffer.concat([carry, incoming]) : incoming
    carry = null
    const cut = completeUtf8Length(chunk)
    if (cut < chunk.length) {
      carry = Buffer.from(chunk.subarray(cut))
      chunk = chunk.subarray(0, cut)
    }
    if (chunk.length > 0) yield chunk
  }
  if (carry) yield carry
}

function completeUtf8Length(buffer: Buffer): number {
  for (let i = buffer.length - 1, back = 0; i >= 0 && back < 4; i--, back++) {
    const byte = buffer[i]!
    if ((byte & 0xc0) === 0x80) continue
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
    return i + length <= buffer.length ? buffer.length : i
  }
  return buffer.length
}

/** Iterates `iterator`, failing as soon as `failure` rejects (exceljs waits forever on a broken stream). */
async function* raced<T>(iterator: AsyncIterator<T>, failure: Promise<never>): AsyncGenerator<T> {
  for (;;) {
    const step = await Promise.race([iterator.next(), failure])
    if (step.done) return
    yield step.value
  }
}

function failureOf(stream: Readable): Promise<never> {
  const failure = new Promise<never>((_, reject) => stream.once('error', reject))
  failure.catch(() => {})
  return failure
}

function resolveTarget(target: string): string {
  const normalized = target.startsWith('/') ? target.slice(1) : path.posix.join('xl', target)
  return path.posix.normalize(normalized)
}

/** Phase 1: the workbook's structure (sheet names → parts), from workbook.xml and its relationships only. */
async function readWorkbookStructure(directory: ZipDirectory): Promise<{ sheets: WorkbookSheet[] }> {
  const workbookEntry = entry(directory, 'xl/workbook.xml')
  const relsEntry = entry(directory, 'xl/_rels/workbook.xml.rels')
  if (!workbookEntry || !relsEntry) throw notAWorkbook('xl/workbook.xml or its relationships missing')
  const source = storedZip([
    guardedPart(directory, relsEntry, 'xl/_rels/workbook.xml.rels', MAX_METADATA_PART_BYTES),
    guardedPart(directory, workbookEntry, 'xl/workbook.xml', MAX_METADATA_PART_BYTES),
  ])
  const failure = failureOf(source)
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    worksheets: 'ignore',
    sharedStrings: 'ignore',
    styles: 'ignore',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as ExcelReaderInternals
  try {
    for await (const _event of raced(reader.parse(), failure)) {
      // Nothing is emitted: the reader only records the model and relationships.
    }
  } catch (error) {
    if (error instanceof AppError) throw error
    throw notAWorkbook(`workbook structure: ${error instanceof Error ? error.message : String(error)}`)
  } finally {
    source.destroy()
  }
  const relationships = reader.workbookRels ?? []
  const sheets: WorkbookSheet[] = []
  for (const sheet of reader.model?.sheets ?? []) {
    const relationship = relationships.find((r) => r.Id === sheet.rId)
    if (!relationship || !/\/worksheet$/.test(relationship.Type ?? '')) continue // chart sheets, macro sheets
    const part = entry(directory, resolveTarget(relationship.Target ?? ''))
    if (!part) throw notAWorkbook(`missing part for sheet ${sheet.name}`)
    sheets.push({ name: String(sheet.name ?? ''), hidden: sheet.state === 'hidden' || sheet.state === 'veryHidden', entry: part })
  }
  if (sheets.length === 0) throw notAWorkbook('no worksheet')
  return { sheets }
}

function chooseSheet<T extends { name: string; hidden?: boolean }>(sheets: T[], wanted: string | number | undefined): T {
  if (wanted === undefined) return sheets.find((s) => !s.hidden) ?? sheets[0]!
  if (typeof wanted === 'number') {
    const sheet = Number.isInteger(wanted) ? sheets[wanted] : undefined
    if (sheet) return sheet
  } else {
    const exact = sheets.find((s) => s.name === wanted)
    if (exact) return exact
    const loose = sheets.find((s) => s.name.trim().toLocaleLowerCase('fr') === wanted.trim().toLocaleLowerCase('fr'))
    if (loose) return loose
  }
  throw new AppError(
    'invalid_input',
    `La feuille « ${String(wanted)} » n'existe pas dans ce fichier. Feuilles disponibles : ${sheets.map((s) => `« ${s.name} »`).join(', ')}.`,
  )
}

const DIMENSION = /<(?:\w+:)?dimension\s[^>]*?ref="[A-Z]{1,3}\d+(?::[A-Z]{1,3}(\d+))?"/

async function* sniffDimension(chunks: AsyncIterable<Buffer>, found: (lastRow: number) => void): AsyncGenerator<Buffer> {
  let head = ''
  let looking = true
  for await (const chunk of chunks) {
    if (looking) {
      head += chunk.toString('latin1', 0, Math.min(chunk.length, 65_536))
      const match = DIMENSION.exec(head)
      if (match) {
        found(match[1] ? Number(match[1]) : 1)
        looking = false
      } else if (head.includes('sheetData') || head.length >= 65_536) {
        looking = false
      }
      if (!looking) head = ''
    }
    yield chunk
  }
}

function isDateFormat(format: string | undefined): boolean {
  if (!format) return false
  const bare = format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '')
  return /[ymdhMsb]/.test(bare)
}

function plainValue(value: unknown): CellValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'string') return value.trim() === '' ? null : value
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'boolean') return value
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value
  if (typeof value === 'object') {
    const object = value as { richText?: Array<{ text?: unknown }>; text?: unknown }
    if (Array.isArray(object.richText)) return plainValue(object.richText.map((run) => (typeof run?.text === 'string' ? run.text : '')).join(''))
    if ('text' in object) return plainValue(object.text) // hyperlink
  }
  return null
}

async function openXlsx(file: string, options: ReadOptions, limits: Limits): Promise<RawSource> {
  let directory: ZipDirectory
  try {
    directory = await readZipDirectory(file)
  } catch (error) {
    if (error instanceof AppError) throw error
    throw ioError(file, error)
  }
  const { sheets } = await readWorkbookStructure(directory)
  const chosen = chooseSheet(sheets, options.sheet)
  let lastRowEstimate: number | null = null

  async function* rows(): AsyncGenerator<SheetRow> {
    const relsEntry = entry(directory, 'xl/_rels/workbook.xml.rels')!
    const workbookEntry = entry(directory, 'xl/workbook.xml')!
    const sharedStringsEntry = entry(directory, 'xl/sharedStrings.xml')
    const stylesEntry = entry(directory, 'xl/styles.xml')
    const reading = [relsEntry, workbookEntry, sharedStringsEntry, stylesEntry, chosen.entry].filter((e) => e !== undefined)
    const total = reading.reduce((sum, e) => sum + e.compressedSize, 0)
    let done = 0
    let lastReport = 0
    const progress = options.onProgress
      ? (bytes: number) => {
          done += bytes
          if (done - lastReport >= 256 * 1024 || done === total) {
            lastReport = done
            options.onProgress!(done, total)
          }
        }
      : undefined

    // Order matters: exceljs parses a worksheet on the fly only once it has the relationships and
    // the shared strings (else it copies the sheet to a temporary file); a workbook without
    // shared strings gets an empty table for that reason.
    const parts: StoredPart[] = [
      guardedPart(directory, relsEntry, 'xl/_rels/workbook.xml.rels', MAX_METADATA_PART_BYTES, progress),
      guardedPart(directory, workbookEntry, 'xl/workbook.xml', MAX_METADATA_PART_BYTES, progress),
      sharedStringsEntry
        ? guardedPart(directory, sharedStringsEntry, 'xl/sharedStrings.xml', MAX_SHARED_STRINGS_PART_BYTES, progress)
        : memoryPart('xl/sharedStrings.xml', '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'),
      ...(stylesEntry ? [guardedPart(directory, stylesEntry, 'xl/styles.xml', MAX_STYLES_PART_BYTES, progress)] : []),
      guardedPart(directory, chosen.entry, 'xl/worksheets/sheet1.xml', Number.MAX_SAFE_INTEGER, progress, (chunks) =>
        sniffDimension(chunks, (lastRow) => {
          lastRowEstimate = lastRow
        }),
      ),
    ]
    const source = storedZip(parts)
    const failure = failureOf(source)
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache', // needed to tell dates from numbers
      hyperlinks: 'ignore',
      entries: 'ignore',
    }) as unknown as ExcelReaderInternals

    let lastRow = 0
    let wideEmptyRows = 0
    try {
      for await (const event of raced(reader.parse(), failure)) {
        if (event.eventType !== 'worksheet') continue
        const date1904 = reader.properties?.model?.date1904 === true
        const worksheet = event.value as ExcelWorksheetReader
        for await (const events of raced(worksheet.parse(), failure)) {
          for (const { eventType, value } of events) {
            if (eventType !== 'row') continue
            const row = value as ExcelJS.Row
            const rowNumber = Number.isInteger(row.number) ? row.number : lastRow + 1
            if (rowNumber <= lastRow) {
              throw new AppError('file_invalid', `Le fichier Excel est endommagé : les lignes ne se suivent pas (ligne ${numberFormat.format(rowNumber)}).`)
            }
            if (rowNumber > limits.maxRows) throw tooManyRows(limits.maxRows, rowNumber)
            lastRow = rowNumber

            const cells: CellValue[] = []
            let formulas: FormulaCell[] | null = null
            let errors: ErrorCell[] | null = null
            let lastColumn = 0
            row.eachCell((cell, columnNumber) => {
              const column = columnNumber - 1
              const raw = cell.value as unknown
              let value: CellValue = null
              let flagged = false
              if (raw !== null && typeof raw === 'object' && !(raw instanceof Date) && ('formula' in raw || 'sharedFormula' in raw)) {
                const formula = raw as { formula?: string; sharedFormula?: string; result?: unknown }
                ;(formulas ??= []).push({ column, address: cellAddress(rowNumber, column), formula: formula.formula ?? formula.sharedFormula ?? '' })
                flagged = true
                const result = formula.result
                if (result !== null && typeof result === 'object' && 'error' in result) {
                  ;(errors ??= []).push({ column, address: cellAddress(rowNumber, column), error: String((result as { error: unknown }).error) })
                } else {
                  value = plainValue(result)
                  if (typeof value === 'number' && isDateFormat(cell.numFmt)) value = excelSerialToDate(value, date1904)
                }
              } else if (raw !== null && typeof raw === 'object' && 'error' in raw) {
                ;(errors ??= []).push({ column, address: cellAddress(rowNumber, column), error: String((raw as { error: unknown }).error) })
                flagged = true
              } else {
                value = plainValue(raw)
              }
              if (value === null && !flagged) return
              if (columnNumber > limits.maxColumns) throw tooManyColumns(columnNumber, limits.maxColumns, rowNumber)
              while (cells.length < column) cells.push(null)
              cells[column] = value
              lastColumn = columnNumber
            })
            if (row.cellCount > limits.maxColumns && lastColumn <= limits.maxColumns && ++wideEmptyRows > WIDE_EMPTY_ROWS_TOLERATED) {
              throw tooManyColumns(row.cellCount, limits.maxColumns, rowNumber)
            }
            yield { rowNumber, cells, formulas: formulas ?? EMPTY, errors: errors ?? EMPTY }
          }
        }
      }
    } catch (error) {
      if (error instanceof AppError) throw error
      throw unreadableSheet(chosen.name, lastRow, error)
    } finally {
      source.destroy()
    }
    options.onProgress?.(total, total)
  }

  return {
    format: 'xlsx',
    sheets: sheets.map((s) => s.name),
    sheet: chosen.name,
    lastRowEstimate: async () => lastRowEstimate,
    rows: rows(),
  }
}

// ------------------------------------------------------------------------------------------
// csv

const SAMPLE_BYTES = 64 * 1024
const LINE_COUNT_SAMPLE_BYTES = 8 * 1024 * 1024

async function readHead(file: string, length: number): Promise<Buffer> {
  const handle = await fs.promises.open(file, 'r')
  try {
    const buffer = Buffer.alloc(length)
    const { bytesRead } = await handle.read(buffer, 0, length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0
  let quoted = false
  for (const character of line) {
    if (character === '"') quoted = !quoted
    else if (!quoted && character === delimiter) count++
  }
  return count
}

/** The delimiter of the first non-empty line: ";" (French Excel), "," or tab; ";" when none. */
export function detectDelimiter(firstLine: string): string {
  let best = ';'
  let bestCount = 0
  for (const candidate of [';', '\t', ',']) {
    const count = countOutsideQuotes(firstLine, candidate)
    if (count > bestCount) {
      best = candidate
      bestCount = count
    }
  }
  return best
}

async function countLines(file: string, size: number): Promise<number> {
  if (size === 0) return 0
  const stream = fs.createReadStream(file, { end: Math.min(size, LINE_COUNT_SAMPLE_BYTES) - 1, highWaterMark: 1024 * 1024 })
  let lines = 0
  let read = 0
  let last = 0x0a
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    read += chunk.length
    let index = chunk.indexOf(0x0a)
    while (index !== -1) {
      lines++
      index = chunk.indexOf(0x0a, index + 1)
    }
    last = chunk[chunk.length - 1] ?? last
  }
  if (last !== 0x0a) lines++ // last line without newline
  return read >= size ? lines : Math.round((lines * size) / read)
}

function csvError(error: unknown, startLine: number): AppError {
  if (error instanceof AppError) return error
  const code = (error as { code?: unknown })?.code
  const line = numberFormat.format(startLine)
  if (code === 'CSV_QUOTE_NOT_CLOSED') {
    return new AppError(
      'file_invalid',
      `Le fichier CSV est mal formé : le guillemet ouvert à la ligne ${line} n'est jamais refermé. Corrigez cette ligne (ou enregistrez de nouveau le fichier depuis Excel), puis réessayez.`,
      { line: startLine, code },
    )
  }
  if (code === 'CSV_MAX_RECORD_SIZE') {
    return new AppError(
      'file_invalid',
      `Le fichier CSV est mal formé : la ligne ${line} est démesurée (plus de ${numberFormat.format(CSV_MAX_RECORD_CHARS)} caractères), sans doute à cause d'un guillemet jamais refermé.`,
      { line: startLine, code },
    )
  }
  if (typeof code === 'string' && code.startsWith('CSV_')) {
    return new AppError('file_invalid', `Le fichier CSV est mal formé à la ligne ${line}. Corrigez cette ligne, puis réessayez.`, { line: startLine, code })
  }
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return new AppError('io_error', `Le fichier CSV n'a pas pu être lu jusqu'au bout (ligne ${line}).`, { code })
  }
  return new AppError('file_invalid', `Le fichier CSV est illisible à partir de la ligne ${line}.`, {
    cause: error instanceof Error ? error.message : String(error),
  })
}

async function openCsv(file: string, size: number, options: ReadOptions, limits: Limits): Promise<RawSource> {
  let head: Buffer
  try {
    head = await readHead(file, SAMPLE_BYTES)
  } catch (error) {
    throw ioError(file, error)
  }
  const bom = detectBom(head)
  if (!bom && head.includes(0)) {
    throw new AppError('file_invalid', "Ce fichier n'est ni un classeur Excel (.xlsx) ni un fichier texte CSV : il a été refusé.")
  }
  let encoding: CsvEncoding
  if (bom) encoding = bom.encoding
  else {
    try {
      encoding = (await isValidUtf8(fs.createReadStream(file, { highWaterMark: 1024 * 1024 }))) ? 'utf-8' : 'windows-1252'
    } catch (error) {
      throw ioError(file, error)
    }
  }
  const decodeHead = createDecoder(encoding)
  const sample = decodeHead(head) + (head.length < SAMPLE_BYTES ? decodeHead(null) : '')
  const lines = sample.split(/\r\n|\n|\r/)
  // Excel reads a first line "sep=;" as the delimiter and hides it: rows keep the numbers Excel shows.
  const sep = /^sep=(.)$/i.exec(lines[0] ?? '')
  const delimiter = sep ? sep[1]! : detectDelimiter(lines.find((line) => line.trim() !== '') ?? '')
  const skippedLines = sep ? 1 : 0

  async function* rows(): AsyncGenerator<SheetRow> {
    const input = fs.createReadStream(file, { highWaterMark: 64 * 1024 })
    const decode = createDecoder(encoding)
    let done = 0
    let lastReport = 0
    const transcoder = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        done += chunk.length
        if (options.onProgress && (done - lastReport >= 256 * 1024 || done === size)) {
          lastReport = done
          options.onProgress(done, size)
        }
        callback(null, Buffer.from(decode(chunk), 'utf8'))
      },
      flush(callback) {
        callback(null, Buffer.from(decode(null), 'utf8'))
      },
    })
    const parser = parseCsv({
      delimiter,
      bom: true,
      relax_column_count: true,
      // Like Excel, a quote inside an unquoted cell is kept as text; an unclosed quote still fails.
      relax_quotes: true,
      skip_empty_lines: false,
      info: true,
      max_record_size: CSV_MAX_RECORD_CHARS,
      ...(skippedLines > 0 ? { from_line: skippedLines + 1 } : {}),
    })
    pipeline(input, transcoder, parser, () => {})

    let lastLine = skippedLines
    let rowNumber = 0
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        rowNumber++
        if (rowNumber > limits.maxRows) throw tooManyRows(limits.maxRows, rowNumber)
        if (record.length > EXCEL_MAX_COLUMNS) throw tooManyColumns(record.length, limits.maxColumns, rowNumber)
        let last = record.length - 1
        while (last >= 0 && record[last]!.trim() === '') last--
        if (last + 1 > limits.maxColumns) throw tooManyColumns(last + 1, limits.maxColumns, rowNumber)
        const cells: CellValue[] = new Array(last + 1)
        for (let i = 0; i <= last; i++) {
          const text = record[i]!
          cells[i] = text.trim() === '' ? null : text
        }
        lastLine = info.lines
        yield { rowNumber, cells, formulas: EMPTY, errors: EMPTY }
      }
    } catch (error) {
      throw csvError(error, lastLine + 1)
    } finally {
      input.destroy()
      parser.destroy()
    }
    options.onProgress?.(size, size)
  }

  return {
    format: 'csv',
    sheets: [path.basename(file, path.extname(file))],
    sheet: path.basename(file, path.extname(file)),
    encoding,
    delimiter,
    lastRowEstimate: async () => {
      try {
        return Math.max(0, (await countLines(file, size)) - skippedLines)
      } catch {
        return null
      }
    },
    rows: rows(),
  }
}
