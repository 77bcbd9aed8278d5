import path from 'node:path'
import { AppError } from '../../db/errors'
import { neutralizeFormula } from '../../db/rules/excel-cells'
import {
  convertRow,
  formatDay,
  frenchNumber,
  iterate,
  pad2,
  type ColumnSpec,
  type ColumnType,
  type Converted,
  type TableRows,
  type WriteOptions,
  writeThroughTemporary,
} from './table-output'

// CSV files of tables, as French Excel opens them. A CSV cell has no type, so a text that a
// spreadsheet would read as a formula is prefixed with an apostrophe, the usual defence.

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
  let written = 0
  return writeThroughTemporary(file, async ({ stream, failure }) => {
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
    return { rows: written }
  })
}
