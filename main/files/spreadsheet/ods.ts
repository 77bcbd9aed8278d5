// .ods workbooks (LibreOffice Calc, OpenOffice, and the exports of most public-sector tools), read
// from the guarded container reader of zip.ts and a streaming, non-validating XML parser (saxes,
// which expands no entity beyond XML's five: no « billion laughs »).
//
// All the sheets of an .ods live in one part, content.xml. A first pass over it lists the sheets
// (names, hidden ones) with a plain scan of the tags; the rows of the chosen sheet are then read
// with the parser, as the other formats do:
// - row and column repetitions (`number-rows-repeated`, `number-columns-repeated`: LibreOffice
//   writes a sheet's unused million rows that way) are expanded only where they hold values, so
//   `rowNumber` stays the number LibreOffice shows;
// - dates come back as Date objects whose UTC fields carry the day (and time) shown;
// - a formula cell holds its last computed value and is listed in `formulas` (without « of:= »);
//   an error result (#DIV/0!, Err:502) is null in `cells` and listed in `errors`;
// - comments (office:annotation) are not cell text; several paragraphs are joined by a line break;
// - the cells a merge covers are empty, as in the other formats.

import { SaxesParser, type SaxesTagPlain } from 'saxes'
import { AppError } from '../../../db/errors'
import { type ZipDirectory, type ZipEntry, OPENDOCUMENT_WORDING, entryChunks } from '../zip'
import {
  type CellValue,
  EMPTY,
  type ErrorCell,
  type FormatOptions,
  type FormulaCell,
  type Limits,
  type RawSource,
  type SheetInfo,
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

const MIMETYPES = new Set(['application/vnd.oasis.opendocument.spreadsheet', 'application/vnd.oasis.opendocument.spreadsheet-template'])
const MAX_SMALL_PART_BYTES = 16 * 1024 * 1024
/** Longest text of one cell (a spreadsheet program allows about 32,767 characters). */
const MAX_CELL_CHARS = 1_000_000
/** Longest tag the sheet scan looks through (a table's start tag holds a few attributes). */
const MAX_TAG_CHARS = 64 * 1024
/** The automatic styles before the sheets, as the scan holds them (LibreOffice writes some kilobytes). */
const MAX_STYLES_CHARS = 16 * 1024 * 1024

function entry(directory: ZipDirectory, name: string): ZipEntry | undefined {
  return directory.entries.get(name.toLowerCase())
}

async function smallPart(directory: ZipDirectory, zipEntry: ZipEntry): Promise<string> {
  if (zipEntry.uncompressedSize > MAX_SMALL_PART_BYTES) throw notAnOds(`${zipEntry.name} too large`)
  const chunks: Buffer[] = []
  for await (const chunk of entryChunks(directory, zipEntry)) chunks.push(chunk)
  return Buffer.concat(chunks).toString('utf8')
}

function notAnOds(detail: string): AppError {
  return new AppError(
    'file_invalid',
    "Ce fichier n'est pas un classeur OpenDocument (.ods) valide. Ouvrez-le dans LibreOffice Calc et enregistrez-le au format « Classeur ODF (.ods) », ou au format Excel (.xlsx) ou CSV.",
    { detail },
  )
}

/** Whether a zip holds an OpenDocument spreadsheet (by its mimetype part, else by its parts). */
export async function isOds(directory: ZipDirectory): Promise<boolean> {
  const mimetype = entry(directory, 'mimetype')
  if (mimetype && mimetype.uncompressedSize < 200) return MIMETYPES.has((await smallPart(directory, mimetype)).trim())
  return entry(directory, 'content.xml') !== undefined && entry(directory, '[Content_Types].xml') === undefined
}

function decodeXml(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (_, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
    if (hex) return String.fromCodePoint(Number.parseInt(hex, 16))
    if (decimal) return String.fromCodePoint(Number(decimal))
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[name!.toLowerCase()]!
  })
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name.replace(':', '\\:')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag)
  return match ? decodeXml(match[1] ?? match[2] ?? '') : undefined
}

/**
 * The sheets, in order, from a scan of content.xml's tags: each top-level <table:table> with its
 * name, hidden when its automatic style says `table:display="false"`.
 */
async function scanSheets(directory: ZipDirectory, content: ZipEntry): Promise<SheetInfo[]> {
  const hiddenStyles = new Set<string>()
  const sheets: SheetInfo[] = []
  let carry = ''
  let inBody = false
  let styles = ''
  const decoder = new TextDecoder('utf-8')
  for await (const chunk of entryChunks(directory, content)) {
    let text = carry + decoder.decode(chunk, { stream: true })
    if (!inBody) {
      const body = text.indexOf('<office:body')
      styles += body >= 0 ? text.slice(0, body) : text
      if (styles.length > MAX_STYLES_CHARS) {
        throw new AppError('file_invalid', `Le classeur OpenDocument a une structure anormale (styles démesurés) : il a été refusé par sécurité. ${OPENDOCUMENT_WORDING.resave}`)
      }
      if (body < 0) {
        // Keeps the tail, which may hold the start of <office:body.
        carry = styles.slice(-20)
        styles = styles.slice(0, -20)
        continue
      }
      for (const match of styles.matchAll(/<style:style\b([^>]*)>([\s\S]*?)<\/style:style>/g)) {
        const tag = match[1]!
        if (attribute(tag, 'style:family') === 'table' && /table:display\s*=\s*["']false["']/.test(match[2]!)) {
          const name = attribute(tag, 'style:name')
          if (name) hiddenStyles.add(name)
        }
      }
      styles = ''
      inBody = true
      text = text.slice(text.indexOf('<office:body'))
    }
    let last = 0
    for (const match of text.matchAll(/<table:table(\s[^>]*)?>/g)) {
      const tag = match[1] ?? ''
      sheets.push({ name: attribute(tag, 'table:name') ?? `Feuille${sheets.length + 1}`, hidden: hiddenStyles.has(attribute(tag, 'table:style-name') ?? '') })
      last = match.index + match[0].length
    }
    // A tag cut between two chunks is looked at again with the next one.
    const open = text.lastIndexOf('<')
    carry = open >= last && text.length - open < MAX_TAG_CHARS ? text.slice(open) : ''
  }
  // Tables nested in a cell (a rare « sub-table ») would be counted too: none is a sheet.
  return sheets
}

/** `table:visibility` of a row or a column: hidden by hand (collapse) or by a filter. */
function isHidden(visibility: string | undefined): boolean {
  return visibility === 'collapse' || visibility === 'filter'
}

interface PendingRow {
  rowNumber: number
  repeat: number
  cells: CellValue[]
  formulas: FormulaCell[]
  errors: ErrorCell[]
  hidden: boolean
}

interface CellState {
  repeat: number
  covered: boolean
  valueType: string | undefined
  calcType: string | undefined
  value: string | undefined
  dateValue: string | undefined
  booleanValue: string | undefined
  stringValue: string | undefined
  formula: string | undefined
  paragraphs: string[]
  text: string | null
}

function intAttribute(tag: SaxesTagPlain, name: string): number {
  const value = Number(tag.attributes[name] ?? 1)
  return Number.isInteger(value) && value >= 1 ? value : 1
}

function odsDate(text: string): Date | null {
  const match = /^(-?\d{4,})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?)?/.exec(text)
  if (!match) return null
  const [, y, m, d, h = '0', min = '0', s = '0', fraction = '0'] = match
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d), Number(h), Number(min), Number(s), Math.round(Number(`0.${fraction}`) * 1000)))
  return Number.isNaN(date.getTime()) ? null : date
}

const ERROR_TEXT = /^(?:#[A-Z0-9/!?.]+|Err:\d{3})$/

/** A finished cell's value, and whether its text is a computed error. */
function cellValue(cell: CellState): { value: CellValue; error: string | null } {
  const text = cell.paragraphs.join('\n')
  if (cell.calcType === 'error' || (cell.formula && !cell.valueType && ERROR_TEXT.test(text.trim()))) return { value: null, error: text.trim() || '#ERREUR' }
  switch (cell.valueType) {
    case 'float':
    case 'percentage':
    case 'currency': {
      const number = Number(cell.value)
      if (cell.value !== undefined && Number.isFinite(number)) return { value: number, error: null }
      break
    }
    case 'date': {
      const date = cell.dateValue ? odsDate(cell.dateValue) : null
      if (date) return { value: date, error: null }
      break
    }
    case 'boolean':
      if (cell.booleanValue !== undefined) return { value: cell.booleanValue === 'true', error: null }
      break
    case 'string':
      if (cell.stringValue !== undefined) return { value: cell.stringValue.trim() === '' ? null : cell.stringValue, error: null }
      break
  }
  return { value: text.trim() === '' ? null : text, error: null }
}

export async function openOds(directory: ZipDirectory, options: FormatOptions, limits: Limits): Promise<RawSource> {
  directory.wording = OPENDOCUMENT_WORDING
  const manifest = entry(directory, 'META-INF/manifest.xml')
  if (manifest && /encryption-data/.test(await smallPart(directory, manifest))) {
    throw new AppError('file_invalid', 'Le classeur OpenDocument est protégé par un mot de passe : enregistrez-le sans mot de passe au format .ods, puis réessayez.')
  }
  const content = entry(directory, 'content.xml')
  if (!content) throw notAnOds('content.xml missing')
  const sheets = await scanSheets(directory, content)
  if (sheets.length === 0) throw notAnOds('no table')
  const chosen = chooseSheet(sheets, options.sheet)
  const chosenIndex = sheets.indexOf(chosen)
  const hiddenColumns: number[] = []

  async function* rows(): AsyncGenerator<SheetRow> {
    const progress = throttledProgress(options.onProgress, content!.compressedSize)
    const parser = new SaxesParser({ xmlns: false, position: false })
    const pending: PendingRow[] = []
    let failure: unknown = null
    let tableIndex = -1
    let tableDepth = 0 // > 0 while inside the chosen sheet's <table:table>, counting nested tables
    let done = false
    let columnCount = 0
    let rowNumber = 0
    let row: PendingRow | null = null
    let rowRepeat = 1
    let rowHasValues = false
    let column = 0
    let cell: CellState | null = null
    let annotationDepth = 0
    let inParagraph = false

    const fail = (error: unknown) => {
      failure ??= error
    }

    parser.on('error', fail)
    parser.on('opentag', (tag) => {
      if (failure || done) return
      const name = tag.name
      if (name === 'table:table') {
        if (tableDepth > 0) {
          tableDepth++
          return
        }
        tableIndex++
        if (tableIndex === chosenIndex) tableDepth = 1
        return
      }
      if (tableDepth !== 1) return // outside the chosen sheet, or in a sub-table of a cell
      switch (name) {
        case 'table:table-column': {
          const repeat = intAttribute(tag, 'table:number-columns-repeated')
          if (isHidden(tag.attributes['table:visibility'])) {
            for (let i = 0; i < repeat && columnCount + i < limits.maxColumns; i++) hiddenColumns.push(columnCount + i)
          }
          columnCount += repeat
          break
        }
        case 'table:table-row':
          rowRepeat = intAttribute(tag, 'table:number-rows-repeated')
          row = { rowNumber: rowNumber + 1, repeat: rowRepeat, cells: [], formulas: [], errors: [], hidden: isHidden(tag.attributes['table:visibility']) }
          rowHasValues = false
          column = 0
          break
        case 'table:table-cell':
        case 'table:covered-table-cell':
          if (!row) break
          cell = {
            repeat: intAttribute(tag, 'table:number-columns-repeated'),
            covered: name === 'table:covered-table-cell',
            valueType: tag.attributes['office:value-type'],
            calcType: tag.attributes['calcext:value-type'],
            value: tag.attributes['office:value'],
            dateValue: tag.attributes['office:date-value'],
            booleanValue: tag.attributes['office:boolean-value'],
            stringValue: tag.attributes['office:string-value'],
            formula: tag.attributes['table:formula'],
            paragraphs: [],
            text: null,
          }
          break
        case 'office:annotation':
          annotationDepth++
          break
        case 'text:p':
        case 'text:h':
          if (cell && annotationDepth === 0) {
            inParagraph = true
            cell.text = ''
          }
          break
        case 'text:s':
          if (cell && inParagraph && annotationDepth === 0) cell.text += ' '.repeat(Math.min(intAttribute(tag, 'text:c'), 1000))
          break
        case 'text:tab':
          if (cell && inParagraph && annotationDepth === 0) cell.text += '\t'
          break
        case 'text:line-break':
          if (cell && inParagraph && annotationDepth === 0) cell.text += '\n'
          break
      }
    })
    parser.on('text', (text) => {
      if (!cell || !inParagraph || annotationDepth > 0 || failure || done) return
      cell.text += text
      if ((cell.text?.length ?? 0) > MAX_CELL_CHARS) fail(new AppError('file_invalid', `Une cellule de la ligne ${numberFormat.format(rowNumber + 1)} est démesurée (plus de ${numberFormat.format(MAX_CELL_CHARS)} caractères).`))
    })
    parser.on('closetag', (tag) => {
      if (failure || done) return
      const name = tag.name
      if (name === 'table:table') {
        if (tableDepth > 1) tableDepth--
        else if (tableDepth === 1) {
          tableDepth = 0
          done = true
        }
        return
      }
      if (tableDepth !== 1) return
      switch (name) {
        case 'office:annotation':
          annotationDepth = Math.max(0, annotationDepth - 1)
          break
        case 'text:p':
        case 'text:h':
          if (cell && inParagraph && annotationDepth === 0) {
            cell.paragraphs.push(cell.text ?? '')
            inParagraph = false
          }
          break
        case 'table:table-cell':
        case 'table:covered-table-cell': {
          if (!row || !cell) break
          const current = cell
          cell = null
          const { value, error } = current.covered ? { value: null, error: null } : cellValue(current)
          const formula = current.covered || !current.formula ? null : current.formula.replace(/^[a-z]+:/i, '').replace(/^=/, '')
          if (value !== null || error !== null || formula !== null) {
            const last = column + current.repeat
            if (last > limits.maxColumns) {
              fail(tooManyColumns(last, limits.maxColumns, rowNumber + 1))
              break
            }
            for (let c = column; c < last; c++) {
              while (row.cells.length < c) row.cells.push(null)
              row.cells[c] = value
              const address = cellAddress(row.rowNumber, c)
              if (formula !== null) row.formulas.push({ column: c, address, formula })
              if (error !== null) row.errors.push({ column: c, address, error })
            }
            rowHasValues = true
          }
          column += current.repeat
          break
        }
        case 'table:table-row': {
          if (!row) break
          if (rowHasValues) {
            if (row.rowNumber > limits.maxRows) {
              fail(tooManyRows(limits.maxRows, row.rowNumber))
              break
            }
            pending.push(row)
          }
          rowNumber += rowRepeat
          row = null
          break
        }
      }
    })

    const decoder = new TextDecoder('utf-8')
    let lastRow = 0
    try {
      const chunks = utf8Aligned(entryChunks(directory, content!, progress))
      for await (const chunk of chunks) {
        parser.write(decoder.decode(chunk, { stream: true }))
        if (failure) throw failure
        while (pending.length > 0) {
          const next = pending.shift()!
          for (let copy = 0; copy < next.repeat; copy++) {
            const number = next.rowNumber + copy
            if (number > limits.maxRows) throw tooManyRows(limits.maxRows, number)
            lastRow = number
            const hidden = next.hidden ? { hidden: true as const } : {}
            yield copy === 0
              ? { rowNumber: number, cells: next.cells, formulas: next.formulas.length ? next.formulas : EMPTY, errors: next.errors.length ? next.errors : EMPTY, ...hidden }
              : {
                  rowNumber: number,
                  cells: [...next.cells],
                  formulas: next.formulas.map((f) => ({ ...f, address: cellAddress(number, f.column) })),
                  errors: next.errors.map((e) => ({ ...e, address: cellAddress(number, e.column) })),
                  ...hidden,
                }
          }
        }
        if (done) break
      }
      if (!done) {
        parser.close()
        if (failure) throw failure
      }
    } catch (error) {
      if (error instanceof AppError) throw error
      throw unreadableSheet(OPENDOCUMENT_WORDING, chosen.name, lastRow, error)
    }
    options.onProgress?.(content!.compressedSize, content!.compressedSize)
  }

  return {
    format: 'ods',
    sheets,
    sheet: chosen.name,
    lastRowEstimate: async () => null,
    hiddenColumns: () => hiddenColumns,
    rows: rows(),
  }
}
