import fs from 'node:fs'
import { parse as parseCsvSync } from 'csv-parse/sync'
import type { SireneCounts, SireneEstablishment, Store } from '../../db/backend'
import { AppError, toAppError } from '../../db/errors'
import { todayIso } from '../../db/rules/dates'
import { luhnValid } from '../../db/rules/identifiers'
import type { Progress } from '../api/define'
import { pluralWord } from '../../db/rules/format'

// The SIRENE « StockEtablissement » file (national or departmental, 1,000,000+ lines), streamed,
// never loaded whole. Columns are found by header name. Most lines are elsewhere in France: a
// cheap test on the raw line (does it hold one of the territory's INSEE codes?) keeps the CSV
// parser for the few lines that may matter.

const REQUIRED = ['siret', 'codeCommuneEtablissement', 'etatAdministratifEtablissement'] as const
const CHUNK = 4 * 1024 * 1024
const BATCH = 2000

export interface SireneReport extends SireneCounts {
  linesRead: number
  inTerritory: number
}

function columnIndexes(header: string): Record<string, number> {
  const names = parseCsvSync(header.replace(/^\uFEFF/, ''), { delimiter: ',', relax_quotes: true })[0] as string[] | undefined
  if (!names) throw new AppError('file_invalid', "Le fichier SIRENE n'a pas de ligne d'en-tête.")
  const indexes: Record<string, number> = {}
  names.forEach((name, index) => (indexes[name.trim()] = index))
  const missing = REQUIRED.filter((name) => indexes[name] === undefined)
  if (missing.length > 0) {
    throw new AppError(
      'file_invalid',
      `Ce fichier n'est pas un fichier SIRENE « StockEtablissement » : ${pluralWord(missing.length, 'colonne')} ${missing.join(', ')} ${pluralWord(missing.length, 'absente')}.`,
    )
  }
  return indexes
}

function field(record: string[], indexes: Record<string, number>, name: string): string {
  const index = indexes[name]
  return index === undefined ? '' : (record[index] ?? '').trim()
}

function toEstablishment(record: string[], indexes: Record<string, number>, lineNumber: number): SireneEstablishment {
  const siret = field(record, indexes, 'siret')
  if (!/^\d{14}$/.test(siret) || !(luhnValid(siret) || siret.startsWith('356000000'))) {
    throw new AppError('file_invalid', `Ligne ${lineNumber} : SIRET invalide « ${siret} ».`)
  }
  const state = field(record, indexes, 'etatAdministratifEtablissement') === 'F' ? 'F' : 'A'
  const street = [
    field(record, indexes, 'numeroVoieEtablissement'),
    field(record, indexes, 'indiceRepetitionEtablissement'),
    field(record, indexes, 'typeVoieEtablissement'),
    field(record, indexes, 'libelleVoieEtablissement'),
  ]
    .filter(Boolean)
    .join(' ')
  const name =
    field(record, indexes, 'denominationUsuelleEtablissement') ||
    field(record, indexes, 'enseigne1Etablissement') ||
    `Établissement ${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`
  const since = field(record, indexes, 'dateDebut')
  return {
    siret,
    name,
    townCode: field(record, indexes, 'codeCommuneEtablissement'),
    postalCode: field(record, indexes, 'codePostalEtablissement') || null,
    address: street || null,
    nafCode: field(record, indexes, 'activitePrincipaleEtablissement').replace('.', '') || null,
    workforceBand: field(record, indexes, 'trancheEffectifsEtablissement') || null,
    state,
    since: /^\d{4}-\d{2}-\d{2}$/.test(since) ? since : null,
  }
}

// A record spanning more lines than this is a quote left open, not a field with line breaks.
const MAX_RECORD_LINES = 20

function unclosedQuote(lineNumber: number): AppError {
  return new AppError(
    'file_invalid',
    `Ligne ${lineNumber} du fichier SIRENE : des guillemets ne sont jamais refermés (fichier tronqué ?). Rien n'a été importé.`,
  )
}

function oddQuotes(line: string): boolean {
  let odd = false
  for (let at = line.indexOf('"'); at >= 0; at = line.indexOf('"', at + 1)) odd = !odd
  return odd
}

/**
 * The fields of one CSV record (comma-separated, RFC 4180 quoting), or null when its quoting is
 * malformed: a quote inside an unquoted field, text after a closing quote, a quote never closed.
 * A million lines go through here: most hold no quote at all and are split in one call.
 */
export function parseRecord(line: string): string[] | null {
  if (!line.includes('"')) return line.split(',')
  const fields: string[] = []
  let at = 0
  for (;;) {
    if (line.charCodeAt(at) === 34 /* " */) {
      let value = ''
      let from = at + 1
      for (;;) {
        const quote = line.indexOf('"', from)
        if (quote < 0) return null
        value += line.slice(from, quote)
        if (line.charCodeAt(quote + 1) === 34) {
          value += '"'
          from = quote + 2
          continue
        }
        at = quote + 1
        break
      }
      fields.push(value)
      if (at === line.length) return fields
      if (line.charCodeAt(at) !== 44 /* , */) return null
      at++
    } else {
      const comma = line.indexOf(',', at)
      const value = comma < 0 ? line.slice(at) : line.slice(at, comma)
      if (value.includes('"')) return null
      fields.push(value)
      if (comma < 0) return fields
      at = comma + 1
    }
  }
}

/** Splits a stream of text into CSV records' lines (a quoted field may span lines). */
async function* csvLines(file: string, onBytes: (bytes: number) => void): AsyncGenerator<string> {
  const stream = fs.createReadStream(file, { highWaterMark: CHUNK, encoding: 'utf8' })
  let rest = ''
  let pending: string[] = []
  let pendingFrom = 0
  let lineNumber = 0
  let bytes = 0
  // The whole record the line ends, or null while a quoted field goes on on the next line.
  const take = (line: string): string | null => {
    lineNumber++
    // An odd number of quotes opens a quoted field that goes on on the next line, or closes it.
    const odd = line.includes('"') && oddQuotes(line)
    if (pending.length === 0) {
      if (!odd) return line
      pending = [line]
      pendingFrom = lineNumber
      return null
    }
    pending.push(line)
    if (!odd) {
      if (pending.length > MAX_RECORD_LINES) throw unclosedQuote(pendingFrom)
      return null
    }
    const record = pending.join('\n')
    pending = []
    return record
  }
  for await (const chunk of stream as AsyncIterable<string>) {
    bytes += Buffer.byteLength(chunk)
    onBytes(bytes)
    const text = rest + chunk
    const last = text.lastIndexOf('\n')
    if (last < 0) {
      rest = text
      continue
    }
    rest = text.slice(last + 1)
    let start = 0
    while (start <= last) {
      const end = text.indexOf('\n', start)
      const line = take(text.slice(start, end))
      start = end + 1
      if (line !== null) yield line.endsWith('\r') ? line.slice(0, -1) : line
    }
  }
  const line = rest ? take(rest) : null
  // A quoted field still open at the end: the file was cut off.
  if (pending.length > 0) throw unclosedQuote(pendingFrom)
  if (line?.trim()) yield line.endsWith('\r') ? line.slice(0, -1) : line
}

/**
 * Imports the territory's establishments from a SIRENE file in one transaction: new active
 * establishments become prospects, known ones are refreshed, closed ones are marked.
 */
export async function importSirene(store: Store, file: string, onProgress: (progress: Progress) => void): Promise<SireneReport> {
  const towns = (await store.db.selectFrom('towns').select('inseeCode').execute()).map((town) => town.inseeCode)
  const townSet = new Set(towns)
  const mayMatch = new RegExp(`(?:^|,)"?(?:${towns.join('|')})"?(?:,|$)`)
  // What every town code starts with ('940' here): a line without it cannot match, and looking for
  // it is several times cheaper than the regular expression.
  let screen = towns[0] ?? ''
  for (const town of towns) while (!town.startsWith(screen)) screen = screen.slice(0, -1)
  const total = fs.statSync(file).size
  const report: SireneReport = { created: 0, updated: 0, closed: 0, skippedClosed: 0, linesRead: 0, inTerritory: 0 }
  let indexes: Record<string, number> | null = null
  let townIndex = -1
  let columnCount = 0
  let lastProgress = 0
  try {
    const counts = await store.backend.sireneImport(todayIso(), async (writer) => {
      let batch: SireneEstablishment[] = []
      for await (const line of csvLines(file, (bytes) => {
        if (bytes - lastProgress > 16 * 1024 * 1024 || bytes === total) {
          lastProgress = bytes
          onProgress({ phase: 'Lecture du fichier SIRENE', done: bytes, total })
        }
      })) {
        report.linesRead++
        if (indexes === null) {
          indexes = columnIndexes(line)
          townIndex = indexes.codeCommuneEtablissement!
          columnCount = Math.max(...Object.values(indexes)) + 1
          continue
        }
        if (!line.includes(screen) || !mayMatch.test(line)) continue
        const record = parseRecord(line)
        if (record === null) {
          throw new AppError('file_invalid', `Ligne ${report.linesRead} du fichier SIRENE illisible (guillemets mal fermés ?). Rien n'a été importé.`)
        }
        // A field missing or in excess shifts every field after it.
        if (record.length !== columnCount) {
          throw new AppError(
            'file_invalid',
            `Ligne ${report.linesRead} du fichier SIRENE : ${record.length} colonnes au lieu de ${columnCount}. Rien n'a été importé.`,
          )
        }
        if (!townSet.has((record[townIndex] ?? '').trim())) continue
        report.inTerritory++
        batch.push(toEstablishment(record, indexes, report.linesRead))
        if (batch.length >= BATCH) {
          await writer.write(batch)
          batch = []
        }
      }
      if (indexes === null) throw new AppError('file_invalid', 'Le fichier SIRENE est vide.')
      await writer.write(batch)
      return writer.counts
    })
    Object.assign(report, counts)
  } catch (error) {
    throw toAppError(error)
  }
  onProgress({ phase: 'Import terminé', done: total, total })
  return report
}
