// CSV files as users bring them: French Excel's « CSV (séparateur : point-virgule) » in
// windows-1252, UTF-8 with or without BOM, UTF-16 (« Texte Unicode »), commas or tabs, CRLF.
// Cells are always strings (or null): no guessing of numbers or dates.

import fs from 'node:fs'
import path from 'node:path'
import { Transform, pipeline } from 'node:stream'
import { parse as parseCsv } from 'csv-parse'
import { AppError } from '../../../db/errors'
import { type CsvEncoding, createDecoder, detectBom, isValidUtf8 } from '../text-encoding'
import { type CellValue, EMPTY, type FormatOptions, type Limits, type RawSource, type SheetRow, ioError, numberFormat, tooManyColumns, tooManyRows } from './shared'

/** Excel's own column limit: a CSV record beyond it is refused without looking further. */
const EXCEL_MAX_COLUMNS = 16_384
/** Longest CSV record, in characters (Excel allows 32,767 per cell). */
const CSV_MAX_RECORD_CHARS = 5_000_000

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

export async function openCsv(file: string, size: number, options: FormatOptions, limits: Limits): Promise<RawSource> {
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
    sheets: [{ name: path.basename(file, path.extname(file)), hidden: false }],
    sheet: path.basename(file, path.extname(file)),
    hiddenColumns: () => [],
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
