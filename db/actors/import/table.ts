// Finding the table in a sheet as people lay it out: a title above (often merged across the
// columns), a date or a note, empty lines, then the header row; below the data, a total line or a
// note. The header is the row that names the most known fields; the lines around the table are
// listed as ignored, with the reason, never silently dropped.

import { groupedHeader, headerGroup, recognisedHeaders } from '../../rules/import-fields'
import { wordKey } from '../../rules/import-words'
import { cellText, quoted } from './cells'

export interface ImportRow {
  rowNumber: number
  cells: unknown[]
  /** Columns (0-based) whose cell holds a formula: its last computed value is in `cells`. */
  formulaColumns?: number[]
  /** Error cells (#N/A, #DIV/0!…): their value is null in `cells`. */
  errorCells?: { column: number; error: string }[]
  /** The spreadsheet program hides the row (by hand, or a filter leaves it out). */
  hidden?: boolean
}

export interface IgnoredRow {
  rowNumber: number
  /** The row's text, shortened. */
  text: string
  reason: string
}

/** How many rows from the top the header is looked for in. */
export const HEADER_SEARCH_ROWS = 30

function texts(row: ImportRow): string[] {
  return row.cells.map(cellText)
}

function filled(row: ImportRow): number {
  return texts(row).filter(Boolean).length
}

export function rowText(row: ImportRow): string {
  return quoted(texts(row).filter(Boolean).join(' · '), 90)
}

/** The header's texts, without the empty columns at its end. */
export function headerTexts(row: ImportRow): string[] {
  const headers = texts(row).map((text) => text.replace(/\s+/g, ' '))
  while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop()
  return headers
}

/** The longest group label above a header (« Contact », « Structure »), in characters. */
const GROUP_LABEL_LENGTH = 40

/**
 * The table's headers, read with the group labels of the line just above when it has any: a
 * merged « Contact » over « Nom | Fonction | E-mail » makes « Nom du contact »… (a merged cell keeps
 * its text in its first column: a label runs until the next one). `grouped` is the labels' row.
 */
export function tableHeaders(above: readonly ImportRow[], header: ImportRow): { headers: string[]; grouped: number | null } {
  const headers = headerTexts(header)
  const row = above.at(-1)
  if (!row || row.rowNumber !== header.rowNumber - 1) return { headers, grouped: null }
  const labels = texts(row)
  const filledLabels = labels.filter(Boolean)
  if (filledLabels.length === 0 || filledLabels.length >= headers.filter(Boolean).length) return { headers, grouped: null }
  const labelCells = labels.map((text, column) => ({ text, column })).filter((cell) => cell.text !== '')
  if (labelCells.some((cell) => typeof row.cells[cell.column] !== 'string' || cell.text.length > GROUP_LABEL_LENGTH)) return { headers, grouped: null }
  if (!labelCells.some((cell) => headerGroup(cell.text))) return { headers, grouped: null }
  let label = ''
  const combined = headers.map((sub, column) => {
    if (labels[column]) label = labels[column]!
    return label ? groupedHeader(label, sub) : sub
  })
  return { headers: combined, grouped: row.rowNumber }
}

function median(values: number[]): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

/**
 * The header among the first rows: the one whose cells name the most known fields (two at least),
 * else the first row of short texts as wide as the rows below it, else the first row.
 */
export function findHeaderRow(rows: readonly ImportRow[]): number | null {
  const top = rows.slice(0, HEADER_SEARCH_ROWS)
  if (top.length === 0) return null
  let best: { rowNumber: number; recognised: number } | null = null
  for (const row of top) {
    const cells = headerTexts(row)
    const recognised = recognisedHeaders(cells)
    if (recognised >= 2 && recognised > (best?.recognised ?? 0)) best = { rowNumber: row.rowNumber, recognised }
  }
  if (best) return best.rowNumber
  for (const [index, row] of top.entries()) {
    const cells = row.cells.filter((cell) => cell !== null && cell !== undefined && cellText(cell) !== '')
    const short = cells.filter((cell) => typeof cell === 'string' && cell.trim().length <= 60)
    const below = median(top.slice(index + 1, index + 6).map(filled))
    if (cells.length >= 2 && short.length === cells.length && cells.length >= Math.max(2, Math.ceil(below * 0.6))) return row.rowNumber
  }
  return top[0]!.rowNumber
}

const TOTAL = /^(?:sous[\s-]?)?totaux?\b|^total\s*:|^(?:nombre|nb|somme|moyenne|effectif total|count|sum|average)\b/i
const NOTE_START = /^(?:\*|\(|source|sources|mis[e]? a jour|maj|legende|note|nota|remarque|fichier|extrait|document|export)\b/

export interface TableContext {
  headers: string[]
  /** Columns that name the record (organisation's name, person's names). */
  nameColumns: number[]
}

/**
 * Sorts the rows below the header: data rows, and rows that are no data (a repeated header, a
 * total, a note) with the reason. A row with a single filled cell at the end of the table is
 * decided once the next row is known (see `TableReader`).
 */
export class RowSorter {
  private readonly headerKeys: string[]
  private lastDataRow: number

  constructor(
    private readonly context: TableContext,
    headerRowNumber: number,
  ) {
    this.headerKeys = context.headers.map(wordKey)
    this.lastDataRow = headerRowNumber
  }

  /** Why the row is not data, or null when it is. */
  reasonToIgnore(row: ImportRow): string | null {
    const cellTexts = texts(row)
    const nonEmpty = cellTexts.map((text, column) => ({ text, column })).filter((cell) => cell.text !== '')
    const first = nonEmpty[0]?.text ?? ''
    const keys = cellTexts.map(wordKey)
    const sameAsHeader = this.headerKeys.filter((key, column) => key !== '' && keys[column] === key).length
    if (sameAsHeader >= Math.max(2, Math.ceil(this.headerKeys.filter(Boolean).length * 0.6))) return 'En-tête répété'
    if (TOTAL.test(wordKey(first)) || /^total\b/i.test(first.trim())) return 'Ligne de total'
    const formulas = new Set(row.formulaColumns ?? [])
    const named = this.context.nameColumns.some((column) => cellTexts[column])
    if (!named && nonEmpty.length > 0 && nonEmpty.every((cell) => formulas.has(cell.column) || typeof row.cells[cell.column] === 'number')) {
      return formulas.size > 0 ? 'Ligne de total (formules)' : 'Ligne de total (nombres seuls)'
    }
    const afterGap = row.rowNumber > this.lastDataRow + 1
    if (afterGap && nonEmpty.length === 1 && (NOTE_START.test(wordKey(first)) || first.length > 80 || !this.context.nameColumns.includes(nonEmpty[0]!.column))) {
      return 'Note sous le tableau'
    }
    return null
  }

  /** A row alone at the end of the table (one filled cell, a figure or a note): decided by what follows. */
  isLoose(row: ImportRow): boolean {
    const nonEmpty = texts(row)
      .map((text, column) => ({ text, column }))
      .filter((cell) => cell.text !== '')
    if (nonEmpty.length !== 1) return false
    const only = nonEmpty[0]!
    return !this.context.nameColumns.includes(only.column) || /\d|:/.test(only.text)
  }

  markData(row: ImportRow): void {
    this.lastDataRow = row.rowNumber
  }
}
