import { z } from 'zod'
import { loadDirectory, type DirectoryRow } from '../../db/actors/directory'
import { applySavedMapping, guessMapping, listMappings, runImport, saveMapping, type ImportRow } from '../../db/actors/import'
import { actorKeySchema } from '../../db/actors/schemas'
import { AppError } from '../../db/errors'
import { DIRECTORY_COLUMNS, DIRECTORY_FIELDS, KIND_LABELS, SOURCE_LABELS, STATUS_LABELS, WORKFORCE_BANDS, type DirectoryField } from '../../db/rules/actor-columns'
import { getReferenceData } from '../../db/reference'
import type { Store } from '../../db/sqlite/connection'
import { headerText, openSpreadsheet, readSpreadsheet, type SheetRow } from '../files/spreadsheet'
import { writeTableWorkbook, type ColumnSpec } from '../files/xlsx-writer'
import { importSirene } from '../actors/sirene-import'
import { handler, mutation, noInput, type ApiContext } from './define'

// The directory's files: export of the grid's view, import of spreadsheets, the SIRENE register.

const fileId = z.string().regex(/^[0-9a-f]{32}$/, 'Fichier invalide')
const target = z.enum(['organisations', 'people'])
const mapping = z.record(z.string().regex(/^\d{1,3}$/), z.string().nullable())
const importArgs = z.object({
  fileId,
  target,
  mapping,
  defaultProfile: z.string().min(1),
  sheet: z.string().optional(),
  skipInvalid: z.boolean().optional(),
})

async function inspectSpreadsheet(target: string, options: { sheet?: string; previewRows: number }) {
  const source = await openSpreadsheet(target, { sheet: options.sheet })
  const rows: SheetRow[] = []
  for await (const row of source.rows) {
    rows.push(row)
    if (rows.length > options.previewRows) break
  }
  const header = rows[0]
  const headers = header ? header.cells.map(headerText) : []
  while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop()
  const lastRow = await source.lastRowEstimate()
  return {
    format: source.format,
    sheets: source.sheets.map((each) => each.name),
    sheet: source.sheet,
    headers,
    rowCountEstimate: lastRow === null ? null : header ? Math.max(0, lastRow - header.rowNumber) : 0,
    preview: rows.slice(1),
  }
}

function exportName(): string {
  const now = new Date()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `annuaire-vitawin-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.xlsx`
}

/**
 * The directory's rows as the export writes them: the columns asked (headers, types, widths) and
 * one record per actor found, in the order of `keys`, with labels in place of codes.
 */
export async function readActorsTable(store: Store, keys: string[], columns: DirectoryField[]): Promise<{ columns: ColumnSpec[]; records: Record<string, unknown>[] }> {
  const reference = await getReferenceData(store.db)
  const labels = {
    profiles: new Map(reference.profiles.map((item) => [item.code, item.label])),
    towns: new Map(reference.towns.map((item) => [item.code, item.label])),
    fields: new Map(reference.fields.map((item) => [item.code, item.label])),
    offers: new Map(reference.offerTypes.map((item) => [item.code, item.label])),
  }
  const chosen = [...new Set(columns)].map((id) => DIRECTORY_COLUMNS.find((column) => column.id === id)).filter((column) => column !== undefined)
  if (chosen.length === 0) throw new AppError('invalid_input', 'Aucune colonne à exporter.')
  // Only the fields shown (and the town outside the territory, which the town column shows).
  const fields: DirectoryField[] = [...new Set<DirectoryField>([...chosen.map((column) => column.id), 'outsideTown'])]
  const position = (field: DirectoryField) => fields.indexOf(field)
  const outsideTown = position('outsideTown')
  const { rows } = loadDirectory(store.sqlite, { keys, fields })
  const list = (value: unknown, map: Map<string, string>) =>
    value ? String(value).split(',').map((code) => map.get(code) ?? code).join(', ') : null
  // Each column's value from a row, labels in place of codes.
  const cells = chosen.map((column): ((row: DirectoryRow) => unknown) => {
    const at = position(column.id)
    switch (column.id) {
      case 'kind':
        return (row) => KIND_LABELS[String(row[at])]
      case 'profileCode':
        return (row) => labels.profiles.get(String(row[at])) ?? row[at]
      case 'townCode':
        return (row) => (row[at] ? (labels.towns.get(String(row[at])) ?? row[at]) : row[outsideTown] ? `${row[outsideTown]} (hors territoire)` : null)
      case 'status':
        return (row) => STATUS_LABELS[String(row[at])] ?? row[at]
      case 'fields':
        return (row) => list(row[at], labels.fields)
      case 'offers':
        return (row) => list(row[at], labels.offers)
      case 'workforceBand':
        return (row) => (row[at] ? (WORKFORCE_BANDS[String(row[at])] ?? row[at]) : null)
      case 'source':
        return (row) => SOURCE_LABELS[String(row[at])] ?? row[at]
      default:
        return (row) => row[at]
    }
  })
  const specs: ColumnSpec[] = chosen.map((column) => ({ header: column.header, key: column.id, type: column.type === 'date' ? 'date' : 'text', width: Math.round((column.width ?? 140) / 7) }))
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {}
    for (let i = 0; i < chosen.length; i++) record[chosen[i]!.id] = cells[i]!(row)
    return record
  })
  return { columns: specs, records }
}

async function exportActors(context: ApiContext, keys: string[], columns: DirectoryField[]) {
  context.progress({ phase: 'Lecture des fiches', done: 0, total: keys.length })
  const table = await readActorsTable(context.store, keys, columns)
  return context.files.writeOutput(exportName(), (file) =>
    writeTableWorkbook(file, [{ name: 'Acteurs', columns: table.columns, rows: table.records }], {
      onProgress: (done, total) => context.progress({ phase: 'Écriture du classeur', done, total }),
    }),
  )
}

async function* importRows(file: string, sheet: string | undefined, onBytes: (done: number, total?: number) => void): AsyncGenerator<ImportRow> {
  for await (const row of readSpreadsheet(file, { sheet, onProgress: onBytes })) {
    yield { rowNumber: row.rowNumber, cells: row.cells, formulaColumns: row.formulas.map((formula) => formula.column) }
  }
}

async function runFileImport(context: ApiContext, args: z.output<typeof importArgs>, commit: boolean) {
  const file = context.files.resolve(args.fileId)
  const report = await runImport(
    context.store.db,
    importRows(file.path, args.sheet, (done, total) => context.progress({ phase: 'Lecture du fichier', done, total })),
    {
      target: args.target,
      mapping: args.mapping,
      defaultProfile: args.defaultProfile,
      skipInvalid: args.skipInvalid,
      source: 'import',
      onProgress: (done) => context.progress({ phase: commit ? 'Import des lignes' : 'Vérification des lignes', done }),
    },
    commit,
  )
  return report
}

export const actorFileHandlers = {
  'actors.export': handler(z.object({ keys: z.array(actorKeySchema).min(1).max(200_000), columns: z.array(z.enum(DIRECTORY_FIELDS)).min(1).max(40) }), (context, { keys, columns }) =>
    exportActors(context, keys, columns),
  ),

  'actors.import.inspect': handler(z.object({ fileId, target, sheet: z.string().optional() }), async (context, args) => {
    const file = context.files.resolve(args.fileId)
    const info = await inspectSpreadsheet(file.path, { sheet: args.sheet, previewRows: 5 })
    const mappings = (await listMappings(context.store.db)).filter((saved) => saved.target === args.target)
    const savedMatch = mappings
      .map((saved) => ({ saved, mapped: applySavedMapping(info.headers, saved.mapping) }))
      .map((entry) => ({ ...entry, count: Object.values(entry.mapped).filter(Boolean).length }))
      .sort((a, b) => b.count - a.count)[0]
    return {
      fileName: file.name,
      format: info.format,
      sheets: info.sheets,
      sheet: info.sheet,
      headers: info.headers,
      rowCountEstimate: info.rowCountEstimate,
      preview: info.preview.map((row) => ({ rowNumber: row.rowNumber, cells: row.cells.map((cell) => (cell instanceof Date ? cell.toISOString().slice(0, 10) : cell)) })),
      guessed: guessMapping(info.headers, args.target),
      saved: savedMatch && savedMatch.count > 0 ? { name: savedMatch.saved.name, mapping: savedMatch.mapped, defaultProfile: savedMatch.saved.mapping.defaultProfile ?? null } : null,
      mappings: mappings.map((saved) => ({ id: saved.id, name: saved.name })),
    }
  }),

  'actors.import.preview': mutation(importArgs, (context, args) => runFileImport(context, args, false)),
  'actors.import.commit': mutation(
    importArgs.extend({ saveMappingAs: z.string().trim().max(80).optional(), headers: z.array(z.string()).max(200).optional() }),
    async (context, args) => {
      const report = await runFileImport(context, args, true)
      if (args.saveMappingAs && args.headers) await saveMapping(context.store.db, args.saveMappingAs, args.target, args.headers, args.mapping, args.defaultProfile)
      return report
    },
  ),
  'actors.import.mappings': handler(noInput, ({ store }) => listMappings(store.db)),

  'actors.import.sirene': mutation(z.object({ fileId }), (context, { fileId: id }) =>
    importSirene(context.store, context.files.resolve(id).path, (progress) => context.progress(progress)),
  ),
}
