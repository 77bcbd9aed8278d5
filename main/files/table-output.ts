import fs from 'node:fs'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { AppError, toAppError } from '../../db/errors'

// What the table writers (xlsx-writer.ts, csv-writer.ts) share: the columns and their types, each
// value converted for its cell, and the file written next to its target then renamed, so that a
// failed export never leaves a half-written file.
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

/** A column written as a line of a table: header, key, type and, when it is not computed, width. */
export type ColumnRow = readonly [header: string, key: string, type: ColumnType, width?: number]

/** Columns written as a table, one line each (a computed column can be given whole). */
export function tableColumns(...rows: (ColumnRow | ColumnSpec)[]): ColumnSpec[] {
  return rows.map((row) => {
    if (!Array.isArray(row)) return row as ColumnSpec
    const [header, key, type, width] = row as ColumnRow
    return width === undefined ? { header, key, type } : { header, key, type, width }
  })
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

const EXCEL_MAX_TEXT = 32_767

export /** Cuts to `max` UTF-16 units without splitting a surrogate pair. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  let end = max
  const code = text.charCodeAt(end - 1)
  if (code >= 0xd800 && code <= 0xdbff) end--
  return text.slice(0, end)
}

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

export type Converted = string | number | Date | null

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

export function convertRow(columns: ColumnSpec[], record: Record<string, unknown>, sheet: string, rowIndex: number): Converted[] {
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

export const pad2 = (n: number) => String(n).padStart(2, '0')
export const frenchNumber = new Intl.NumberFormat('fr-FR', { useGrouping: false, maximumFractionDigits: 10 })

export function formatDay(date: Date): string {
  return `${pad2(date.getUTCDate())}/${pad2(date.getUTCMonth() + 1)}/${String(date.getUTCFullYear()).padStart(4, '0')}`
}

// Files

function temporaryPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`)
}

export function writeError(file: string, error: unknown): AppError {
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

export async function openOutput(file: string): Promise<{ stream: fs.WriteStream; temporary: string; failed: () => unknown; failure: Promise<never> }> {
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

/**
 * Writes `file` through a temporary file beside it, renamed to `file` once `write` has succeeded
 * and removed otherwise: a failed export never leaves a half-written file, and the error says in
 * French what went wrong.
 */
export async function writeThroughTemporary<T>(file: string, write: (output: Awaited<ReturnType<typeof openOutput>>) => Promise<T>): Promise<T> {
  let output: Awaited<ReturnType<typeof openOutput>> | null = null
  try {
    output = await openOutput(file)
    const result = await write(output)
    await finish(file, output.temporary)
    output = null
    return result
  } catch (error) {
    throw writeError(file, error)
  } finally {
    if (output) await discard(output.stream, output.temporary)
  }
}

export async function finish(file: string, temporary: string): Promise<void> {
  try {
    await fs.promises.rename(temporary, file)
  } catch (error) {
    throw writeError(file, error)
  }
}

export async function discard(stream: fs.WriteStream | null, temporary: string | null): Promise<void> {
  if (stream && !stream.destroyed) {
    await new Promise<void>((resolve) => {
      stream.once('close', () => resolve())
      stream.destroy()
    })
  }
  if (temporary) await fs.promises.rm(temporary, { force: true }).catch(() => {})
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

export async function* iterate(rows: TableRows): AsyncGenerator<Record<string, unknown>> {
  yield* rows as AsyncIterable<Record<string, unknown>>
}

export function knownTotal(sheets: { rows: TableRows }[]): number | undefined {
  let total = 0
  for (const sheet of sheets) {
    if (!Array.isArray(sheet.rows)) return undefined
    total += sheet.rows.length
  }
  return total
}

