// What the three formats' readers (xlsx.ts, csv.ts, ods.ts) share: the shapes of rows and sources,
// the limits, and the French errors every format gives alike.

import path from 'node:path'
import { AppError } from '../../../db/errors'

export { cellAddress, columnLetter } from '../../../db/rules/excel-cells'

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
  /** The spreadsheet program hides the row (by hand, or a filter leaves it out). */
  hidden?: true
}

export type Format = 'xlsx' | 'csv' | 'ods'

export interface SheetInfo {
  name: string
  hidden: boolean
}

/** One sheet of a file, opened: its rows stream on demand. */
export interface RawSource {
  format: Format
  sheets: SheetInfo[]
  sheet: string
  encoding?: string
  delimiter?: string
  /** xlsx: from the sheet's <dimension> (known once the sheet's start is read); csv: from the line count; ods: null. */
  lastRowEstimate: () => Promise<number | null>
  /** Columns (0-based) hidden in the spreadsheet program; known once the first row is read. */
  hiddenColumns: () => number[]
  /** Every row as stored, empty ones included (the caller skips them). */
  rows: AsyncGenerator<SheetRow>
}

export interface Limits {
  maxRows: number
  maxColumns: number
}

export interface FormatOptions {
  /** Worksheet name, or index in the file's sheets; default: the first visible one. */
  sheet?: string | number
  /** Bytes of the file read so far, and the total to read. */
  onProgress?: (done: number, total?: number) => void
}

export const numberFormat = new Intl.NumberFormat('fr-FR')
export const EMPTY: readonly never[] = Object.freeze([])

export function tooManyColumns(columns: number, max: number, rowNumber?: number): AppError {
  return new AppError(
    'file_invalid',
    `Le fichier compte trop de colonnes (${numberFormat.format(columns)}) : ${numberFormat.format(max)} au maximum.`,
    { columns, max, rowNumber },
  )
}

export function tooManyRows(max: number, rowNumber: number): AppError {
  return new AppError(
    'file_invalid',
    `Le fichier compte trop de lignes (plus de ${numberFormat.format(max)}) : ${numberFormat.format(max)} au maximum.`,
    { max, rowNumber },
  )
}

export function ioError(file: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException)?.code
  const name = path.basename(file)
  if (code === 'ENOENT') return new AppError('not_found', `Le fichier « ${name} » est introuvable.`)
  if (code === 'EISDIR') return new AppError('file_invalid', `« ${name} » est un dossier, pas un fichier.`)
  if (code === 'EACCES' || code === 'EPERM' || code === 'EBUSY') {
    return new AppError('io_error', `Le fichier « ${name} » ne peut pas être lu : il est protégé ou ouvert par une autre application.`)
  }
  return new AppError('io_error', `Le fichier « ${name} » ne peut pas être lu.`, { cause: String(error) })
}

/** A sheet whose XML breaks off: where, and how to repair it. */
export function unreadableSheet(wording: { document: string; resave: string }, sheet: string, lastRow: number, cause: unknown): AppError {
  const where = lastRow > 0 ? ` après la ligne ${numberFormat.format(lastRow)}` : ''
  return new AppError('file_invalid', `${wording.document} est endommagé : la feuille « ${sheet} » est illisible${where}. ${wording.resave}`, {
    sheet,
    lastRow,
    cause: cause instanceof Error ? cause.message : String(cause),
  })
}

/** The sheet asked for (by name, loosely, or by index), else the first visible one. */
export function chooseSheet<T extends { name: string; hidden?: boolean }>(sheets: T[], wanted: string | number | undefined): T {
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

/** Reports progress at most every 256 KB, and at the end. */
export function throttledProgress(onProgress: ((done: number, total?: number) => void) | undefined, total: number): ((bytes: number) => void) | undefined {
  if (!onProgress) return undefined
  let done = 0
  let lastReport = 0
  return (bytes) => {
    done += bytes
    if (done - lastReport >= 256 * 1024 || done === total) {
      lastReport = done
      onProgress(done, total)
    }
  }
}

/**
 * exceljs and the XML parser decode each chunk on its own, which breaks a character split between
 * two chunks (it becomes "\uFFFD"). Re-cutting the chunks on character boundaries avoids it.
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
