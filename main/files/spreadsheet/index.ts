// Safe reading of the spreadsheets users import (.xlsx, .ods, .csv), which may be malformed,
// truncated or hostile. Everything streams: neither a workbook nor a CSV file is ever held in
// memory, and every failure becomes an AppError('file_invalid') with a French message. The format
// is recognised by content; the extension only chooses the wording of a message. One file per
// format (xlsx.ts, ods.ts, csv.ts), what they share in shared.ts, the zip container in ../zip.ts.
//
// Rows:
// - `rowNumber` is the row number the user sees in the spreadsheet program;
// - `cells[i]` is column i + 1 (A = 0);
// - strings are returned as written, except that empty or blank strings become null;
// - dates are Date objects whose UTC fields carry the day shown (see xlsx.ts, ods.ts);
// - formula cells keep their last computed value and are listed in `formulas`; error cells are
//   null and listed in `errors`;
// - CSV cells are always strings (or null): no guessing of numbers or dates.

import fs from 'node:fs'
import path from 'node:path'
import { AppError } from '../../../db/errors'
import { EXCEL_WORDING, OPENDOCUMENT_WORDING, type ZipDirectory, readZipDirectory, DEFAULT_ZIP_LIMITS } from '../zip'
import { openCsv } from './csv'
import { isOds, openOds } from './ods'
import { type CellValue, type FormatOptions, type Limits, type RawSource, type SheetRow, ioError, numberFormat } from './shared'
import { notAWorkbook, openXlsx } from './xlsx'

export { type CellValue, type ErrorCell, type Format, type FormulaCell, type SheetInfo, type SheetRow, cellAddress, columnLetter } from './shared'
export { detectDelimiter } from './csv'

export interface ReadOptions extends FormatOptions {
  /** Highest accepted row number (default 1,100,000). */
  maxRows?: number
  /** Highest accepted column holding a value (default 200). */
  maxColumns?: number
  /** Called once, with the header row, before the first data row (readSpreadsheet). */
  onHeader?: (headers: string[], rowNumber: number) => void
}

/** An open sheet: what the file is, and its non-empty rows (header included), streamed on demand. */
export type SpreadsheetSource = RawSource

export const DEFAULT_MAX_ROWS = 1_100_000
export const DEFAULT_MAX_COLUMNS = 200
/** Largest file accepted (csv; workbooks are limited by their uncompressed size, see zip.ts). */
export const MAX_FILE_BYTES = 400 * 1024 * 1024

const WORKBOOK_EXTENSIONS = ['.xlsx', '.xlsm', '.xltx', '.xltm', '.xls', '.ods', '.ots']

type Container = { format: 'zip'; size: number } | { format: 'csv'; size: number }

async function detectContainer(file: string): Promise<Container> {
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
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return { format: 'zip', size }
  if (head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0 && head.readUInt32BE(4) === 0xa1b11ae1) {
    throw new AppError(
      'file_invalid',
      "Ce fichier est au format Excel 97-2003 (.xls) ou protégé par un mot de passe. Ouvrez-le dans Excel et enregistrez-le sans mot de passe au format « Classeur Excel (.xlsx) ».",
    )
  }
  if (extension === '.ods' || extension === '.ots') throw new AppError('file_invalid', "Ce fichier n'est pas un classeur OpenDocument (.ods) valide : il a été refusé.")
  if (WORKBOOK_EXTENSIONS.includes(extension)) throw notAWorkbook('no zip signature')
  if (extension === '.fods') {
    throw new AppError('file_invalid', 'Les classeurs OpenDocument « à plat » (.fods) ne sont pas pris en charge : enregistrez le fichier au format .ods, .xlsx ou CSV.')
  }
  if (size > MAX_FILE_BYTES) {
    throw new AppError(
      'file_invalid',
      `Le fichier est trop volumineux (${numberFormat.format(Math.ceil(size / 1024 / 1024))} Mo) : ${numberFormat.format(MAX_FILE_BYTES / 1024 / 1024)} Mo au maximum.`,
    )
  }
  return { format: 'csv', size }
}

function limitsOf(options: ReadOptions): Limits {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS
  const maxColumns = options.maxColumns ?? DEFAULT_MAX_COLUMNS
  if (!(maxRows >= 1) || !(maxColumns >= 1)) throw new AppError('internal', 'Limites de lecture invalides.')
  return { maxRows, maxColumns }
}

function isEmptyRow(row: SheetRow): boolean {
  return row.cells.every((cell) => cell === null) && row.formulas.length === 0 && row.errors.length === 0
}

async function* nonEmpty(rows: AsyncGenerator<SheetRow>): AsyncGenerator<SheetRow> {
  try {
    for await (const row of rows) if (!isEmptyRow(row)) yield row
  } finally {
    await rows.return(undefined)
  }
}

/**
 * Opens one sheet of a spreadsheet (.xlsx, .ods or .csv, recognised by content): the file's
 * sheets, and the sheet's non-empty rows, header included. Throws AppError('file_invalid') for a
 * bad file, 'not_found' / 'io_error' for an unreadable one.
 */
export async function openSpreadsheet(file: string, options: ReadOptions = {}): Promise<SpreadsheetSource> {
  const limits = limitsOf(options)
  const container = await detectContainer(file)
  let source: RawSource
  if (container.format === 'csv') source = await openCsv(file, container.size, options, limits)
  else {
    const extension = path.extname(file).toLowerCase()
    let directory: ZipDirectory
    try {
      directory = await readZipDirectory(file, DEFAULT_ZIP_LIMITS, extension === '.ods' || extension === '.ots' ? OPENDOCUMENT_WORDING : EXCEL_WORDING)
    } catch (error) {
      if (error instanceof AppError) throw error
      throw ioError(file, error)
    }
    source = (await isOds(directory)) ? await openOds(directory, options, limits) : await openXlsx(directory, options, limits)
  }
  return { ...source, rows: nonEmpty(source.rows) }
}

/** The text of a header cell: trimmed, dates as dd/mm/yyyy. */
export function headerText(value: CellValue): string {
  if (value === null) return ''
  if (value instanceof Date) {
    const pad = (n: number) => String(n).padStart(2, '0')
    return `${pad(value.getUTCDate())}/${pad(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`
  }
  if (typeof value === 'boolean') return value ? 'VRAI' : 'FAUX'
  return String(value).trim()
}

/**
 * Reads the data rows of a spreadsheet after its header, taken to be the first non-empty row;
 * each row is padded with null up to the header's width.
 */
export async function* readSpreadsheet(file: string, options: ReadOptions = {}): AsyncGenerator<SheetRow> {
  const source = await openSpreadsheet(file, options)
  let width = -1
  for await (const row of source.rows) {
    if (width < 0) {
      const headers = row.cells.map(headerText)
      while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop()
      width = headers.length
      options.onHeader?.(headers, row.rowNumber)
      continue
    }
    while (row.cells.length < width) row.cells.push(null)
    yield row
  }
}

