import { z } from 'zod'
import { listMappings } from '../../db/actors/import'
import { DIRECTORY_TABLES } from '../../db/actors/directory-sql'
import { directoryQuery } from '../../db/actors/schemas'
import { actorKeySchema } from '../../db/fields'
import { AppError } from '../../db/errors'
import { DIRECTORY_COLUMNS, DIRECTORY_FIELDS, type DirectoryField } from '../../db/rules/actor-columns'
import { getReferenceData } from '../../db/reference'
import { type DirectoryRow, type Store } from '../../db/backend'
import { type ColumnSpec } from '../files/table-output'
import { importSirene } from '../actors/sirene-import'
import { importFile, inspectImportFile } from '../actors/import-file'
import { IMPORT_FIELD_IDS, IMPORT_KIND, LIST_FIELDS, UNDOABLE_OPERATIONS } from '../../db/rules/import-fields'
import { undoOperation } from '../../db/audit/undo'
import { type ApiContext, fromFile, handler, mutation, noInput } from './define'
import { ACTOR_KIND, ACTOR_SOURCE, ACTOR_STATUS, WORKFORCE_BAND } from '../../db/rules/actor-values'

// The directory's files: export of the grid's view, import of spreadsheets (and its undo), the
// SIRENE register.

/** What an import's undo leaves: the mapping the user saved with it. */
const KEPT_BY_UNDO = new Set(['import_mappings'])

const fileId = z.string().regex(/^[0-9a-f]{32}$/, 'Fichier invalide')
const target = z.enum(IMPORT_KIND.codes)
const mapping = z.record(z.string().regex(/^\d{1,3}$/), z.enum(IMPORT_FIELD_IDS).nullable())
const values = z.partialRecord(z.enum(LIST_FIELDS), z.record(z.string().max(300), z.string().max(300)))
const importArgs = z.object({
  fileId,
  target,
  mapping,
  values: values.optional(),
  defaultProfile: z.string().min(1),
  sheet: z.string().max(200).optional(),
  headerRow: z.number().int().positive().max(1_100_000).optional(),
  skipInvalid: z.boolean().optional(),
  skipHiddenRows: z.boolean().optional(),
})

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
  const { rows } = await store.backend.directory({ keys, fields })
  const list = (value: unknown, map: Map<string, string>) =>
    value ? String(value).split(',').map((code) => map.get(code) ?? code).join(', ') : null
  // Each column's value from a row, labels in place of codes.
  const cells = chosen.map((column): ((row: DirectoryRow) => unknown) => {
    const at = position(column.id)
    switch (column.id) {
      case 'kind':
        return (row) => ACTOR_KIND.label(String(row[at]))
      case 'profileCode':
        return (row) => labels.profiles.get(String(row[at])) ?? row[at]
      case 'townCode':
        return (row) => (row[at] ? (labels.towns.get(String(row[at])) ?? row[at]) : row[outsideTown] ? `${row[outsideTown]} (hors territoire)` : null)
      case 'status':
        return (row) => ACTOR_STATUS.label(String(row[at]))
      case 'fields':
        return (row) => list(row[at], labels.fields)
      case 'offers':
        return (row) => list(row[at], labels.offers)
      case 'workforceBand':
        return (row) => (row[at] ? WORKFORCE_BAND.label(String(row[at])) : null)
      case 'source':
        return (row) => ACTOR_SOURCE.label(String(row[at]))
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
  return context.files.writeWorkbook(exportName(), [{ name: 'Acteurs', columns: table.columns, rows: table.records }], {
    onProgress: (done, total) => context.progress({ phase: 'Écriture du classeur', done, total }),
  })
}

async function runFileImport(context: ApiContext, args: z.output<typeof importArgs> & { saveMappingAs?: string }, commit: boolean) {
  const file = context.files.resolve(args.fileId)
  const { fileId: _fileId, ...options } = args
  return importFile(
    context.store.db,
    file.path,
    file.name,
    {
      ...options,
      source: 'import',
      animator: context.host?.machine().animator ?? null,
      onBytes: (done, total) => context.progress({ phase: 'Lecture du fichier', done, total }),
      onProgress: (done) => context.progress({ phase: commit ? 'Import des lignes' : 'Vérification des lignes', done }),
    },
    commit,
  )
}

export const actorFileHandlers = {
  /** The given actors, or the rows the grid's filters keep in its order (exactly what it shows). */
  'actors.export': handler(
    z.object({ keys: z.array(actorKeySchema).min(1).max(200_000).optional(), ...directoryQuery, columns: z.array(z.enum(DIRECTORY_FIELDS)).min(1).max(40) }),
    { reads: DIRECTORY_TABLES },
    async (context, { keys, filter, sort, columns }) => {
      const chosen = keys ?? (await context.store.backend.directory({ filter: filter ?? {}, sort, fields: ['key'] })).rows.map((row) => String(row[0]))
      if (chosen.length === 0) throw new AppError('invalid_input', 'Aucune ligne à exporter : la vue est vide.')
      return exportActors(context, chosen, columns)
    },
  ),

  /** The file's sheets, its table (header row), and a guess of what its columns hold. */
  'actors.import.inspect': handler(z.object({ fileId, target: target.optional(), sheet: z.string().max(200).optional(), headerRow: z.number().int().positive().max(1_100_000).optional() }), { reads: ['importMappings'] }, async (context, args) => {
    const file = context.files.resolve(args.fileId)
    return inspectImportFile(context.store.db, file.path, file.name, args)
  }),

  /** The import, run and rolled back: exactly what the import would do. */
  'actors.import.preview': mutation(importArgs, { label: 'Aperçu d’un import (rien n’est enregistré)' }, (context, args) => runFileImport(context, args, false)),
  'actors.import.commit': mutation(
    importArgs.extend({ saveMappingAs: z.string().trim().min(1).max(80).optional() }),
    {
      label: (args, files) =>
        `Import ${args.target === 'people' ? 'de personnes' : args.target === 'contacts' ? 'd’organisations et de contacts' : 'd’organisations'}${fromFile(files, args.fileId)}`,
      backup: 'avant-import',
      long: 'importe des acteurs',
    },
    (context, args) => runFileImport(context, args, true),
  ),
  'actors.import.mappings': handler(noInput, { reads: ['importMappings'] }, ({ store }) => listMappings(store.db)),

  /** Undoes an import (the records it created go, the fields it changed come back), unless they changed since. */
  'actors.import.undo': mutation(z.object({ operationId: z.number().int().positive() }), { label: 'Annulation d’un import' }, ({ store }, { operationId }) =>
    undoOperation(store.db, operationId, {
      kept: KEPT_BY_UNDO,
      kinds: { allowed: UNDOABLE_OPERATIONS, refusal: 'Seuls les imports peuvent être annulés : cette opération n’en est pas un.' },
    }),
  ),

  'actors.import.sirene': mutation(z.object({ fileId }), { label: (args, files) => `Import SIRENE${fromFile(files, args.fileId)}`, backup: 'avant-import', long: 'importe le fichier SIRENE' }, (context, { fileId: id }) =>
    importSirene(context.store, context.files.resolve(id).path, (progress) => context.progress(progress)),
  ),
}
