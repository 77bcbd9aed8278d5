// A spreadsheet file → the import of db/actors/import: which sheet, where its table starts, what
// its columns hold (guessed, or a saved mapping), then its rows, streamed.

import type { Transaction } from 'kysely'
import {
  HEADER_SEARCH_ROWS,
  type ImportOptions,
  type ImportReport,
  type ImportRow,
  type ImportTarget,
  applySavedMapping,
  findHeaderRow,
  guessKind,
  guessMapping,
  headerTexts,
  tableHeaders,
  listMappings,
  runImport,
  saveMapping,
} from '../../db/actors/import'
import type { ColumnMapping } from '../../db/rules/import-fields'
import { recognisedHeaders } from '../../db/rules/import-fields'
import type { Database, Db } from '../../db/schema'
import { type SheetRow, type SpreadsheetSource, headerText, openSpreadsheet } from '../files/spreadsheet'

/** How many rows of the sheet the screen shows to choose the header among. */
const CANDIDATE_ROWS = 15
const CANDIDATE_CELLS = 8
/** Sheets looked into for a table when the file has several. */
const SHEETS_SAMPLED = 10

function importRow(row: SheetRow): ImportRow {
  return {
    rowNumber: row.rowNumber,
    cells: row.cells,
    ...(row.formulas.length ? { formulaColumns: row.formulas.map((formula) => formula.column) } : {}),
    ...(row.errors.length ? { errorCells: row.errors.map((error) => ({ column: error.column, error: error.error })) } : {}),
    ...(row.hidden ? { hidden: true } : {}),
  }
}

async function* importRows(source: SpreadsheetSource): AsyncGenerator<ImportRow> {
  for await (const row of source.rows) yield importRow(row)
}

interface Sample {
  source: SpreadsheetSource
  rows: ImportRow[]
  /** How many of its header's cells name a known field. */
  score: number
}

async function sample(file: string, sheet: string | number | undefined, size: number): Promise<Sample> {
  const source = await openSpreadsheet(file, { sheet })
  const rows: ImportRow[] = []
  for await (const row of source.rows) {
    rows.push(importRow(row))
    if (rows.length >= size) break
  }
  const header = findHeaderRow(rows)
  const headerRow = rows.find((row) => row.rowNumber === header)
  return { source, rows, score: headerRow ? recognisedHeaders(headerTexts(headerRow)) : 0 }
}

/**
 * The sheet to import when the user has not chosen: the first visible one whose table names two
 * known fields at least, else the visible one that names the most (a workbook often has a sheet
 * of lists or notes beside the table).
 */
async function chooseSheet(file: string, size: number): Promise<Sample> {
  const first = await sample(file, undefined, size)
  if (first.score >= 2 || first.source.sheets.length === 1) return first
  let best = first
  for (const sheet of first.source.sheets.filter((each) => !each.hidden && each.name !== first.source.sheet).slice(0, SHEETS_SAMPLED - 1)) {
    const other = await sample(file, sheet.name, size)
    if (other.score > best.score) best = other
    if (best.score >= 2) break
  }
  return best
}

function otherSheetsWarning(source: SpreadsheetSource): string[] {
  const others = source.sheets.filter((sheet) => sheet.name !== source.sheet)
  if (others.length === 0) return []
  return [
    `Le classeur a d'autres feuilles, qui ne sont pas importées : ${others.map((sheet) => `« ${sheet.name} »${sheet.hidden ? ' (masquée)' : ''}`).join(', ')}. Choisissez la feuille à importer au besoin.`,
  ]
}

export interface InspectArgs {
  target?: ImportTarget
  sheet?: string
  headerRow?: number
}

/** What the import screen needs before the preview: the sheet, its table, a guess of the columns. */
export async function inspectImportFile(db: Db, file: string, fileName: string, args: InspectArgs) {
  const size = Math.max(HEADER_SEARCH_ROWS, (args.headerRow ?? 0) + 6)
  const chosen = args.sheet !== undefined ? await sample(file, args.sheet, size + 6) : await chooseSheet(file, size + 6)
  const { source, rows } = chosen
  const headerRowNumber = args.headerRow ?? findHeaderRow(rows)
  const header = rows.find((row) => row.rowNumber === headerRowNumber) ?? null
  const headers = header ? tableHeaders(rows.filter((row) => row.rowNumber < header.rowNumber), header).headers : []
  const hiddenColumns = source.hiddenColumns()
  const detectedKind = guessKind(headers)
  const target = args.target ?? detectedKind
  const guessed: ColumnMapping = guessMapping(headers, target)
  for (const column of hiddenColumns) if (String(column) in guessed) guessed[String(column)] = null
  const mappings = await listMappings(db)
  const best = mappings
    .map((saved) => ({ saved, mapped: applySavedMapping(headers, saved.mapping) }))
    .map((entry) => ({ ...entry, count: Object.values(entry.mapped).filter(Boolean).length }))
    .filter((entry) => entry.count > 0)
    .sort((a, b) => b.count - a.count)[0]
  const lastRow = await source.lastRowEstimate()
  const shown = (row: ImportRow, cells: number) => row.cells.slice(0, cells).map((cell) => headerText(cell as never))
  const after = rows.filter((row) => header && row.rowNumber > header.rowNumber)
  return {
    fileName,
    format: source.format,
    encoding: source.encoding ?? null,
    delimiter: source.delimiter ?? null,
    sheets: source.sheets,
    sheet: source.sheet,
    headerRowNumber: header?.rowNumber ?? null,
    candidates: rows.slice(0, CANDIDATE_ROWS).map((row) => ({ rowNumber: row.rowNumber, cells: shown(row, CANDIDATE_CELLS) })),
    headers,
    hiddenColumns,
    preview: after.slice(0, 5).map((row) => ({ rowNumber: row.rowNumber, cells: shown(row, headers.length) })),
    rowCountEstimate: lastRow === null || !header ? null : Math.max(0, lastRow - header.rowNumber),
    target,
    detectedKind,
    guessed,
    saved: best ? { name: best.saved.name, target: best.saved.target, mapping: best.mapped, values: best.saved.mapping.values, defaultProfile: best.saved.mapping.defaultProfile ?? null } : null,
    mappings: mappings.map((saved) => ({ id: saved.id, name: saved.name, target: saved.target })),
    warnings: otherSheetsWarning(source),
  }
}

export interface FileImportArgs extends Omit<ImportOptions, 'hiddenColumns' | 'fileWarnings' | 'beforeCommit' | 'fileName'> {
  sheet?: string
  /** Saves the mapping under this name, in the import's transaction. */
  saveMappingAs?: string
  onBytes?: (done: number, total?: number) => void
}

/** Runs the import (or its preview) of a file. */
export async function importFile(db: Db, file: string, fileName: string, args: FileImportArgs, commit: boolean): Promise<ImportReport> {
  const { sheet, saveMappingAs, onBytes, ...options } = args
  const source = await openSpreadsheet(file, { sheet, onProgress: onBytes })
  return runImport(
    db,
    importRows(source),
    {
      ...options,
      fileName,
      hiddenColumns: () => source.hiddenColumns(),
      fileWarnings: otherSheetsWarning(source),
      beforeCommit: saveMappingAs
        ? (trx: Transaction<Database>, report) => saveMapping(trx, saveMappingAs, options.target, report.headers, options.mapping, options.defaultProfile, options.values ?? {})
        : undefined,
    },
    commit,
  )
}
