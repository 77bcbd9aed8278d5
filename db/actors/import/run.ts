// Running an import: the table found in the rows, each row mapped and written in one transaction.
// The preview runs the very same import and rolls it back, so that what it announces is exactly
// what the import does; the import lands whole, or — when a row fails and `skipInvalid` is not
// set — not at all.

import { sql, type Transaction } from 'kysely'
import { AppError, toAppError } from '../../errors'
import { columnLetter } from '../../rules/excel-cells'
import { type ColumnMapping, type ImportTarget, missingFields } from '../../rules/import-fields'
import type { Database, Db } from '../../schema'
import { engineOf } from '../../introspection'
import { plural } from '../../rules/format'
import type { ActorSource } from '../../rules/actor-values'
import { cellText } from './cells'
import { RowMapper } from './rows'
import { HEADER_SEARCH_ROWS, type IgnoredRow, type ImportRow, RowSorter, findHeaderRow, headerTexts, rowText, tableHeaders } from './table'
import { ValueResolver, loadLookups, type ValueMapping, type ValueReport } from './values'
import { ImportWriter, type RecordCounts, type RowOutcome } from './write'

export interface ImportOptions {
  target: ImportTarget
  mapping: ColumnMapping
  /** The values chosen for the list columns (field → value's word key → target). */
  values?: ValueMapping
  /** Profile given to the records whose row says none (and whose name tells none). */
  defaultProfile: string
  /** The header's row number; found among the first rows when not given. */
  headerRow?: number
  /** Columns the spreadsheet hides (listed as such when unused), or how to know them once the rows are read. */
  hiddenColumns?: number[] | (() => number[])
  /** Leave out the rows the spreadsheet hides (listed as ignored); by default they are imported, with a warning. */
  skipHiddenRows?: boolean
  /** Import the valid rows even if some rows fail (the failing ones are reported, not imported). */
  skipInvalid?: boolean
  /** organisations.source of the records created. */
  source?: ActorSource
  /** The file's name, for the journal entries. */
  fileName?: string | null
  /** Who writes the journal entries when the row does not say. */
  animator?: string | null
  /** What the caller noticed about the file itself (its other sheets…), shown with the preview. */
  fileWarnings?: string[]
  onProgress?: (done: number) => void
  /** Runs in the import's transaction after the rows, when the import lands (saving its mapping). */
  beforeCommit?: (trx: Transaction<Database>, report: ImportReport) => Promise<void>
}

export interface UnusedColumn {
  column: number
  letter: string
  header: string
  hidden: boolean
  /** Data rows with a value in the column. */
  filled: number
}

export interface ImportReport {
  target: ImportTarget
  headerRowNumber: number | null
  headers: string[]
  /** Rows of the table (not counting the ignored ones). */
  dataRows: number
  /** Rows whose records land (or would land). */
  imported: number
  failed: number
  organisations: RecordCounts
  people: RecordCounts
  affiliations: number
  journal: number
  /** The rows with a problem or a warning, and the first others. */
  rows: RowOutcome[]
  ignored: IgnoredRow[]
  unusedColumns: UnusedColumn[]
  /** Data rows the spreadsheet hides: how many, and the first of them. */
  hiddenRows: { count: number; rowNumbers: number[] }
  values: ValueReport[]
  warnings: string[]
  committed: boolean
  /** The audit trail's operation of the import, to undo it (null for a preview, or when nothing changed). */
  operationId: number | null
}

const SHOWN_ROWS = 200
const SHOWN_HIDDEN_ROWS = 20
const SHOWN_PROBLEMS = 5000

/** The preview's signal to roll back what it just wrote. */
class PreviewDone extends Error {}

async function* asAsync<T>(rows: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
  yield* rows
}

/** Splits the rows into those above the header, the header, and the rest (still streaming). */
async function locateTable(rows: AsyncIterable<ImportRow> | Iterable<ImportRow>, headerRow: number | undefined) {
  const iterator = asAsync(rows)
  const buffer: ImportRow[] = []
  for (;;) {
    if (headerRow !== undefined ? buffer.at(-1) !== undefined && buffer.at(-1)!.rowNumber >= headerRow : buffer.length >= HEADER_SEARCH_ROWS) break
    const next = await iterator.next()
    if (next.done) break
    buffer.push(next.value)
  }
  const headerNumber = headerRow ?? findHeaderRow(buffer)
  const index = buffer.findIndex((row) => row.rowNumber === headerNumber)
  if (headerRow !== undefined && index < 0) {
    await iterator.return(undefined)
    throw new AppError('invalid_input', `La ligne ${headerRow} est vide : choisissez la ligne qui porte les titres des colonnes.`)
  }
  async function* rest(): AsyncGenerator<ImportRow> {
    yield* buffer.slice(index + 1)
    yield* iterator
  }
  return { above: index < 0 ? buffer : buffer.slice(0, index), header: index < 0 ? null : buffer[index]!, rest: rest() }
}

/** The last row of the audit trail (0 when it is empty, or absent). */
async function lastAuditRow(trx: Transaction<Database>): Promise<number> {
  const row = await sql<{ id: number | null }>`select max(id) as id from audit_log`.execute(trx)
  return row.rows[0]?.id ?? 0
}

/**
 * The audit trail's operation of the import's changes (written since `since`), or null when it
 * changed nothing. No error may be swallowed here: on PostgreSQL it would leave the transaction
 * aborted, and its commit a silent rollback.
 */
async function currentOperation(trx: Transaction<Database>, since: number): Promise<number | null> {
  if (engineOf(trx) === 'postgres') {
    // The triggers keep the operation of this transaction's changes in a setting local to it (db/postgres/audit.ts).
    const row = await sql<{ id: number | null }>`select nullif(split_part(current_setting('vitawin.audit_op', true), '|', 2), '')::integer as id`.execute(trx)
    return row.rows[0]?.id ?? null
  }
  const row = await sql<{ id: number }>`select operation_id as id from audit_log where id > ${since}
    and operation_id = (select id from audit_operations where token = vitawin_audit('token')) limit 1`.execute(trx)
  return row.rows[0]?.id ?? null
}

function hiddenRowsWarning(hidden: ImportReport['hiddenRows'], skipped: boolean): string {
  const numbers = hidden.rowNumbers.join(', ') + (hidden.count > hidden.rowNumbers.length ? ', …' : '')
  const rows = hidden.count === 1 ? `La ligne ${numbers} est masquée` : `${hidden.count} lignes sont masquées`
  const list = hidden.count === 1 ? '' : ` (lignes ${numbers})`
  return skipped
    ? `${rows} dans le fichier${list} : ${hidden.count === 1 ? 'elle est laissée' : 'elles sont laissées'} de côté, comme demandé.`
    : `${rows} dans le fichier${list} : ${hidden.count === 1 ? 'elle est importée' : 'elles sont importées'} comme les autres. Vérifiez-les, ou laissez de côté les lignes masquées.`
}

export async function runImport(db: Db, rows: AsyncIterable<ImportRow> | Iterable<ImportRow>, options: ImportOptions, commit: boolean): Promise<ImportReport> {
  const missing = missingFields(options.target, options.mapping)
  if (missing.length > 0) throw new AppError('invalid_input', `Associez une colonne du fichier au champ ${missing.join(', ')} (ou choisissez une autre ligne de titres).`)
  const table = await locateTable(rows, options.headerRow)
  const { headers, grouped } = table.header ? tableHeaders(table.above, table.header) : { headers: [], grouped: null }
  const nameColumns = Object.entries(options.mapping)
    .filter(([, field]) => field === 'name' || field === 'fullName' || field === 'firstName' || field === 'lastName')
    .map(([column]) => Number(column))
  const lookups = await loadLookups(db)
  const values = new ValueResolver(lookups, options.values ?? {})
  const mapper = new RowMapper(options.target, options.mapping, values, { animator: options.animator ?? null })
  const report: ImportReport = {
    target: options.target,
    headerRowNumber: table.header?.rowNumber ?? null,
    headers,
    dataRows: 0,
    imported: 0,
    failed: 0,
    organisations: { created: 0, updated: 0, unchanged: 0 },
    people: { created: 0, updated: 0, unchanged: 0 },
    affiliations: 0,
    journal: 0,
    rows: [],
    ignored: table.above.map((row) => ({
      rowNumber: row.rowNumber,
      text: rowText(row),
      reason: row.rowNumber === grouped ? "Titres de groupes de colonnes, lus avec l'en-tête" : 'Au-dessus du tableau (titre ou note)',
    })),
    unusedColumns: [],
    hiddenRows: { count: 0, rowNumbers: [] },
    values: [],
    warnings: [...(options.fileWarnings ?? [])],
    committed: false,
    operationId: null,
  }
  const filled = new Map<number, number>()
  let shown = 0
  let shownProblems = 0

  try {
    await db.transaction().execute(async (trx) => {
      const auditedBefore = await lastAuditRow(trx)
      const writer = new ImportWriter(trx, {
        defaultProfile: options.defaultProfile,
        source: options.source ?? 'import',
        fileName: options.fileName ?? null,
        animator: options.animator ?? null,
        townName: (code) => lookups.towns.find((town) => town.code === code)?.name ?? code,
      })
      // A header repeated down the table repeats the header row as written, without its group labels.
      const sorter = new RowSorter({ headers: table.header ? headerTexts(table.header) : [], nameColumns }, table.header?.rowNumber ?? 0)

      const process = async (row: ImportRow) => {
        report.dataRows++
        sorter.markData(row)
        row.cells.forEach((cell, column) => {
          if (cell !== null && cell !== undefined && cell !== '') filled.set(column, (filled.get(column) ?? 0) + 1)
        })
        const plan = mapper.map(row)
        let outcome: RowOutcome
        if (plan.problems.length > 0) outcome = { rowNumber: row.rowNumber, action: 'error', problems: plan.problems, warnings: plan.warnings }
        else {
          await sql`savepoint import_row`.execute(trx)
          try {
            outcome = await writer.write(row.rowNumber, plan)
            writer.keep()
          } catch (error) {
            const appError = toAppError(error)
            // A full disk or an I/O error may have rolled the whole transaction back already.
            if (appError.code === 'disk_full' || appError.code === 'io_error' || appError.code === 'database_damaged') throw appError
            await sql`rollback to import_row`.execute(trx)
            writer.discard()
            outcome = { rowNumber: row.rowNumber, action: 'error', problems: [appError.message], warnings: plan.warnings }
          }
          await sql`release import_row`.execute(trx)
        }
        if (outcome.action === 'error') {
          report.failed++
          outcome.name = plan.organisation?.name ?? (plan.person ? `${plan.person.firstName} ${plan.person.lastName}` : undefined)
        } else report.imported++
        const notable = outcome.action === 'error' || outcome.warnings.length > 0
        if ((notable && shownProblems++ < SHOWN_PROBLEMS) || (!notable && shown++ < SHOWN_ROWS)) report.rows.push(outcome)
        if (report.dataRows % 200 === 0) options.onProgress?.(report.dataRows)
      }

      // Rows alone at the end of the table (a count, a date, a signature) are decided by what follows.
      let loose: ImportRow[] = []
      for await (const row of table.rest) {
        if (row.cells.every((cell) => cellText(cell) === '') && (row.formulaColumns ?? []).length === 0) continue
        const reason = sorter.reasonToIgnore(row)
        if (reason) {
          report.ignored.push({ rowNumber: row.rowNumber, text: rowText(row), reason })
          continue
        }
        if (row.hidden) {
          if (report.hiddenRows.count++ < SHOWN_HIDDEN_ROWS) report.hiddenRows.rowNumbers.push(row.rowNumber)
          if (options.skipHiddenRows) {
            report.ignored.push({ rowNumber: row.rowNumber, text: rowText(row), reason: 'Ligne masquée dans le fichier' })
            continue
          }
        }
        if (sorter.isLoose(row)) {
          loose.push(row)
          continue
        }
        for (const held of loose) await process(held)
        loose = []
        await process(row)
      }
      for (const held of loose) report.ignored.push({ rowNumber: held.rowNumber, text: rowText(held), reason: 'Ligne isolée sous le tableau (une seule cellule remplie)' })
      options.onProgress?.(report.dataRows)

      Object.assign(report, writer.counts())
      if (!commit) throw new PreviewDone()
      if (report.failed > 0 && !options.skipInvalid) {
        const failing = report.rows.filter((row) => row.action === 'error')
        throw new AppError(
          'invalid_input',
          `Import annulé : ${plural(report.failed, 'ligne comporte', 'lignes comportent')} des erreurs (${failing
            .slice(0, 5)
            .map((row) => `ligne ${row.rowNumber} : ${row.problems[0]}`)
            .join(' ; ')}${failing.length > 5 ? ' ; …' : ''}). Rien n'a été enregistré.`,
          { rows: failing },
        )
      }
      if (report.imported === 0) throw new AppError('invalid_input', "Le fichier ne contient aucune ligne à importer. Rien n'a été enregistré.")
      await options.beforeCommit?.(trx, report)
      report.operationId = await currentOperation(trx, auditedBefore)
    })
    report.committed = true
  } catch (error) {
    if (!(error instanceof PreviewDone)) throw error
  }
  report.ignored.sort((a, b) => a.rowNumber - b.rowNumber)
  report.rows.sort((a, b) => a.rowNumber - b.rowNumber)
  report.values = values.report()
  if (report.hiddenRows.count > 0) report.warnings.push(hiddenRowsWarning(report.hiddenRows, options.skipHiddenRows === true))
  const hidden = new Set(typeof options.hiddenColumns === 'function' ? options.hiddenColumns() : (options.hiddenColumns ?? []))
  const width = Math.max(headers.length, ...[...filled.keys()].map((column) => column + 1))
  for (let column = 0; column < width; column++) {
    if (options.mapping[String(column)]) continue
    const header = headers[column] ?? ''
    const count = filled.get(column) ?? 0
    if (header || count > 0) report.unusedColumns.push({ column, letter: columnLetter(column), header, hidden: hidden.has(column), filled: count })
  }
  return report
}
