// .xlsx workbooks (Excel, LibreOffice, Google Sheets exports), read through exceljs's streaming
// reader fed by the guarded container reader of zip.ts: exceljs never sees the original zip, only
// the parts it needs, inflated under the limits checked there.
//
// - xlsx dates come back as Date objects whose UTC fields carry the day (and time) shown in Excel
//   (2024-03-15 → 2024-03-15T00:00:00.000Z): read them with getUTC*();
// - a formula cell holds its last computed value in `cells` (null if none) and is listed in
//   `formulas`; exceljs's streaming reader drops a formula's error result (the cell is then null,
//   listed in `formulas` only) and gives boolean results as 1 / 0;
// - an error cell (#N/A, #DIV/0!… typed as such, not computed) is null in `cells` and listed in `errors`;
// - hidden columns are read from the sheet's <cols>, before its rows (exceljs does not keep them).

import path from 'node:path'
import type { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { AppError } from '../../../db/errors'
import { excelSerialToDate } from '../../../db/rules/excel-cells'
import { EXCEL_WORDING, type StoredPart, type ZipDirectory, type ZipEntry, entryChunks, memoryPart, storedZip } from '../zip'
import {
  type CellValue,
  EMPTY,
  type ErrorCell,
  type FormatOptions,
  type FormulaCell,
  type Limits,
  type RawSource,
  type SheetRow,
  cellAddress,
  chooseSheet,
  numberFormat,
  throttledProgress,
  tooManyColumns,
  tooManyRows,
  unreadableSheet,
  utf8Aligned,
} from './shared'

/** Parts of a workbook held in memory by exceljs, limited beyond the overall zip limits. */
const MAX_METADATA_PART_BYTES = 16 * 1024 * 1024
const MAX_STYLES_PART_BYTES = 64 * 1024 * 1024
const MAX_SHARED_STRINGS_PART_BYTES = 256 * 1024 * 1024
/** Rows allowed to carry empty (formatted) cells beyond maxColumns: each costs exceljs one cell object per column. */
const WIDE_EMPTY_ROWS_TOLERATED = 1_000

export function notAWorkbook(detail: string): AppError {
  return new AppError(
    'file_invalid',
    "Ce fichier n'est pas un classeur Excel (.xlsx) valide. Ouvrez-le dans Excel et enregistrez-le au format « Classeur Excel (.xlsx) », ou au format CSV.",
    { detail },
  )
}

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

const DIMENSION = /<(?:\w+:)?dimension\s[^>]*?ref="[A-Z]{1,3}\d+(?::[A-Z]{1,3}(\d+))?"/
const HIDDEN_COLUMNS = /<(?:\w+:)?col\s[^>]*>/g
const ROW_TAG = /<(?:\w+:)?row[\s>][^>]*>/g
const HEAD_LIMIT = 256 * 1024

interface SheetHead {
  lastRow: number | null
  hiddenColumns: number[]
}

function readHead(part: string): SheetHead {
  const dimension = DIMENSION.exec(part)
  const hiddenColumns: number[] = []
  for (const [tag] of part.matchAll(HIDDEN_COLUMNS)) {
    if (!/\shidden="(1|true)"/.test(tag)) continue
    const min = Number(/\smin="(\d+)"/.exec(tag)?.[1])
    const max = Number(/\smax="(\d+)"/.exec(tag)?.[1] ?? min)
    if (!(min >= 1) || !(max >= min)) continue
    // A style given to every column (max 16384) hides nothing that holds data: keep it small.
    for (let column = min; column <= Math.min(max, min + 1000); column++) hiddenColumns.push(column - 1)
  }
  return { lastRow: dimension ? (dimension[1] ? Number(dimension[1]) : 1) : null, hiddenColumns }
}

/**
 * Reads the sheet's XML as it streams to exceljs, which keeps neither hidden columns nor hidden
 * rows: the head (up to <sheetData>, at most 256 KB) gives the last row of <dimension> and the
 * columns <cols> hides; then each <row> tag says whether the row is hidden. A chunk is scanned
 * before it is passed on, so a row is known hidden before exceljs emits it.
 */
export async function* sniffSheet(chunks: AsyncIterable<Buffer>, found: (head: SheetHead) => void, hiddenRow: (rowNumber: number) => void): AsyncGenerator<Buffer> {
  let head = ''
  let looking = true
  let carry = ''
  let rowNumber = 0
  const scanRows = (text: string) => {
    let consumed = 0
    for (const match of text.matchAll(ROW_TAG)) {
      const tag = match[0]
      const r = /\sr="(\d+)"/.exec(tag)
      rowNumber = r ? Number(r[1]) : rowNumber + 1
      if (/\shidden="(1|true)"/.test(tag)) hiddenRow(rowNumber)
      consumed = match.index + tag.length
    }
    // Keep an unfinished tag for the next chunk.
    const open = text.lastIndexOf('<')
    carry = open >= consumed && text.indexOf('>', open) < 0 ? text.slice(open) : ''
  }
  for await (const chunk of chunks) {
    if (looking) {
      head += chunk.toString('latin1')
      const end = head.search(/<(?:\w+:)?sheetData[\s>/]/)
      if (end >= 0 || head.length >= HEAD_LIMIT) {
        found(readHead(head.slice(0, end >= 0 ? end : HEAD_LIMIT)))
        looking = false
        scanRows(head)
        head = ''
      }
    } else {
      scanRows(carry + chunk.toString('latin1'))
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

/** Whether a zip holds an Office Open XML workbook. */
export function isXlsx(directory: ZipDirectory): boolean {
  return entry(directory, 'xl/workbook.xml') !== undefined || entry(directory, '[Content_Types].xml') !== undefined
}

export async function openXlsx(directory: ZipDirectory, options: FormatOptions, limits: Limits): Promise<RawSource> {
  const { sheets } = await readWorkbookStructure(directory)
  const chosen = chooseSheet(sheets, options.sheet)
  let lastRowEstimate: number | null = null
  let hiddenColumns: number[] = []
  const hiddenRows = new Set<number>()

  async function* rows(): AsyncGenerator<SheetRow> {
    const relsEntry = entry(directory, 'xl/_rels/workbook.xml.rels')!
    const workbookEntry = entry(directory, 'xl/workbook.xml')!
    const sharedStringsEntry = entry(directory, 'xl/sharedStrings.xml')
    const stylesEntry = entry(directory, 'xl/styles.xml')
    const reading = [relsEntry, workbookEntry, sharedStringsEntry, stylesEntry, chosen.entry].filter((e) => e !== undefined)
    const total = reading.reduce((sum, e) => sum + e.compressedSize, 0)
    const progress = throttledProgress(options.onProgress, total)

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
        sniffSheet(
          chunks,
          (head) => {
            lastRowEstimate = head.lastRow
            hiddenColumns = head.hiddenColumns
          },
          (rowNumber) => hiddenRows.add(rowNumber),
        ),
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
            yield { rowNumber, cells, formulas: formulas ?? EMPTY, errors: errors ?? EMPTY, ...(hiddenRows.delete(rowNumber) ? { hidden: true as const } : {}) }
          }
        }
      }
    } catch (error) {
      if (error instanceof AppError) throw error
      throw unreadableSheet(EXCEL_WORDING, chosen.name, lastRow, error)
    } finally {
      source.destroy()
    }
    options.onProgress?.(total, total)
  }

  return {
    format: 'xlsx',
    sheets: sheets.map((s) => ({ name: s.name, hidden: s.hidden })),
    sheet: chosen.name,
    lastRowEstimate: async () => lastRowEstimate,
    hiddenColumns: () => hiddenColumns,
    rows: rows(),
  }
}

