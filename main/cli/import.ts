import { AppError } from '../../db/errors'
import { ACTOR_STATUS } from '../../db/rules/actor-values'
import { columnIndex, columnLetter } from '../../db/rules/excel-cells'
import {
  type ColumnMapping,
  IGNORE,
  IMPORT_FIELDS,
  IMPORT_KIND,
  type ImportFieldId,
  type ImportTarget,
  LIST_FIELDS,
  type ListField,
  NAME_PREFIX,
  OUTSIDE,
  VALUE_ORIGIN,
  fieldLabel,
  headerKey,
} from '../../db/rules/import-fields'
import { wordKey } from '../../db/rules/import-words'
import { formatDate, plural, pluralWord } from '../../db/rules/format'
import type { ApiResult } from '../api'
import { type ActorCommandContext, inputFile, withHost } from './actors'
import { numberFormat } from './terminal'

// `import actors`, `import undo`, `import fields`: the spreadsheet import from a terminal, through
// the same API calls as the screen (inspect, preview, commit, undo), with the same preview.

type Inspection = ApiResult<'actors.import.inspect'>
type Report = ApiResult<'actors.import.preview'>
type Reference = ApiResult<'reference.get'>
type ValueMapping = Partial<Record<ListField, Record<string, string>>>


function kindOf(values: ActorCommandContext['values']): ImportTarget | undefined {
  if (values.people) return 'people'
  const kind = values.kind
  if (kind === undefined) return undefined
  if (typeof kind !== 'string' || !IMPORT_KIND.has(kind)) {
    throw new AppError('invalid_input', `Type de fichier inconnu : --kind ${String(kind)}. Types possibles : ${IMPORT_KIND.codes.join(', ')}.`)
  }
  return kind as ImportTarget
}

/** A field named by its id (`name`) or its label (« Commune »), or « - » for none. */
function fieldOf(target: ImportTarget, text: string): ImportFieldId | null {
  const key = wordKey(text)
  if (text.trim() === IGNORE || key === 'ignorer' || key === 'aucun' || key === 'ne pas importer') return null
  const field = IMPORT_FIELDS[target].find((each) => each.id === text.trim() || wordKey(each.label) === key)
  if (!field) {
    throw new AppError(
      'invalid_input',
      `Champ inconnu pour un fichier « ${IMPORT_KIND.label(target).toLowerCase()} » : « ${text} ». Champs possibles : ${IMPORT_FIELDS[target].map((each) => each.id).join(', ')} (voir « import fields »).`,
    )
  }
  return field.id
}

/** --column "<titre ou lettre>=<champ>": the mapping of one column, by its header or its letter. */
export function applyColumnOptions(target: ImportTarget, headers: string[], mapping: ColumnMapping, options: string[]): ColumnMapping {
  const result = { ...mapping }
  for (const option of options) {
    const at = option.lastIndexOf('=')
    if (at <= 0) throw new AppError('invalid_input', `Option --column mal formée : « ${option} » (attendu : --column "Titre de la colonne=champ", ou "C=champ").`)
    const column = option.slice(0, at).trim()
    let index = headers.findIndex((header) => headerKey(header) === headerKey(column))
    if (index < 0 && columnIndex(column) !== null) index = columnIndex(column)!
    if (index < 0) throw new AppError('invalid_input', `Colonne introuvable : « ${column} ». Colonnes du fichier : ${headers.map((header) => `« ${header} »`).join(', ')} (ou leur lettre : A, B…).`)
    const field = fieldOf(target, option.slice(at + 1))
    if (field) for (const [other, id] of Object.entries(result)) if (id === field) result[other] = null
    result[String(index)] = field
  }
  return result
}

/** --value "<champ>:<valeur du fichier>=<cible>": the target of one value of a list column. */
export function applyValueOptions(values: ValueMapping, options: string[]): ValueMapping {
  const result: ValueMapping = Object.fromEntries(Object.entries(values).map(([field, map]) => [field, { ...map }]))
  for (const option of options) {
    const colon = option.indexOf(':')
    const at = option.lastIndexOf('=')
    if (colon <= 0 || at <= colon + 1) {
      throw new AppError('invalid_input', `Option --value mal formée : « ${option} » (attendu : --value "profile:Collège=education").`)
    }
    const fieldText = option.slice(0, colon).trim()
    const field = LIST_FIELDS.find((each) => each === fieldText || IMPORT_FIELDS.contacts.concat(IMPORT_FIELDS.people).some((entry) => entry.id === each && wordKey(entry.label) === wordKey(fieldText)))
    if (!field) throw new AppError('invalid_input', `Liste inconnue dans --value : « ${fieldText} ». Listes : ${LIST_FIELDS.join(', ')}.`)
    const raw = option.slice(colon + 1, at).trim()
    const key = raw.startsWith(NAME_PREFIX) ? `${NAME_PREFIX}${wordKey(raw.slice(NAME_PREFIX.length))}` : wordKey(raw)
    ;(result[field] ??= {})[key] = option.slice(at + 1).trim()
  }
  return result
}

function targetLabel(reference: Reference, field: ListField, target: string | null): string {
  if (target === null) return '?'
  if (target === IGNORE) return field === 'profile' ? 'profil par défaut' : 'ne pas importer'
  if (target === OUTSIDE) return 'hors territoire'
  const lists: Partial<Record<ListField, { code: string; label: string }[]>> = {
    profile: reference.profiles,
    town: reference.towns,
    offers: reference.offerTypes,
    fields: reference.fields,
    status: ACTOR_STATUS.options.map(({ value, label }) => ({ code: value, label })),
  }
  const label = lists[field]?.find((entry) => entry.code === target)?.label
  return label ? `${target} (${label})` : target
}

/** The preview, as the screen shows it. */
function printPreview(inspection: Inspection, report: Report, mapping: ColumnMapping, reference: Reference): void {
  const others = inspection.sheets.filter((sheet) => sheet.name !== inspection.sheet)
  console.log(`Fichier : ${inspection.fileName} (${inspection.format}${inspection.encoding ? `, ${inspection.encoding}, séparateur « ${inspection.delimiter} »` : ''})`)
  console.log(`Feuille : « ${inspection.sheet} »${others.length ? ` — autres feuilles : ${others.map((sheet) => `« ${sheet.name} »`).join(', ')} (--sheet pour en choisir une autre)` : ''}`)
  console.log(`Ligne d'en-tête : ${report.headerRowNumber ?? '—'} (--header-row pour en choisir une autre)`)
  console.log(`Type de fichier : ${IMPORT_KIND.label(report.target).toLowerCase()} (--kind ${IMPORT_KIND.codes.join('|')} pour un autre)`)
  console.log('Colonnes :')
  const hidden = new Set(inspection.hiddenColumns)
  report.headers.forEach((header, column) => {
    const field = mapping[String(column)]
    console.log(`  ${columnLetter(column).padEnd(3)}${(header || '(sans titre)') + (hidden.has(column) ? ' (masquée)' : '')} → ${field ? `${field} (${fieldLabel(report.target, field)})` : 'non importée'}`)
  })
  if (report.values.length > 0) {
    console.log('Valeurs des listes :')
    for (const each of report.values) {
      console.log(`  ${fieldLabel(report.target, each.field)} (--value "${each.field}:<valeur>=<cible>") :`)
      for (const value of each.values) {
        const raw = value.key.startsWith(NAME_PREFIX) ? `noms contenant « ${value.shown ?? value.raw} » (${NAME_PREFIX}${value.raw})` : `« ${value.raw} »`
        const target = value.target === null ? `? à choisir : --value "${each.field}:${value.raw}=<cible>"` : targetLabel(reference, each.field, value.target)
        console.log(`    ${raw} (${plural(value.count, 'ligne', 'lignes')}) → ${target} [${VALUE_ORIGIN.label(value.origin)}]`)
      }
    }
  }
  if (report.unusedColumns.length > 0) {
    console.log(
      `Colonnes non importées : ${report.unusedColumns
        .map((each) => `${each.letter} « ${each.header || 'sans titre'} »${each.hidden ? ' (masquée)' : ''}${each.filled ? ` (${plural(each.filled, 'valeur', 'valeurs')})` : ''}`)
        .join(', ')}`,
    )
  }
  for (const warning of report.warnings) console.log(`Attention : ${warning}`)
  if (report.ignored.length > 0) {
    console.log('Lignes ignorées :')
    for (const row of report.ignored) console.log(`  ligne ${row.rowNumber} : ${row.reason} — ${row.text}`)
  }
  const notable = report.rows.filter((row) => row.problems.length > 0 || row.warnings.length > 0)
  if (notable.length > 0) {
    console.log('Lignes à vérifier :')
    for (const row of notable.slice(0, 200)) {
      for (const problem of row.problems) console.log(`  ligne ${row.rowNumber} [erreur] ${problem}`)
      for (const warning of row.warnings) console.log(`  ligne ${row.rowNumber} [attention] ${warning}`)
    }
    if (notable.length > 200) console.log(`  … et ${numberFormat.format(notable.length - 200)} autres lignes`)
  }
}

function summary(report: Report, done: boolean): string {
  const verb = (future: string, past: string) => (done ? past : future)
  const parts = [
    `${plural(report.organisations.created, 'organisation', 'organisations')} ${verb('à créer', pluralWord(report.organisations.created, 'créée', 'créées'))}`,
    `${numberFormat.format(report.organisations.updated)} ${verb('à mettre à jour', pluralWord(report.organisations.updated, 'mise à jour', 'mises à jour'))}`,
    `${plural(report.people.created, 'personne', 'personnes')} ${verb('à créer', pluralWord(report.people.created, 'créée', 'créées'))}`,
    `${numberFormat.format(report.people.updated)} ${verb('à mettre à jour', pluralWord(report.people.updated, 'mise à jour', 'mises à jour'))}`,
    plural(report.affiliations, 'rattachement', 'rattachements'),
    `${plural(report.journal, 'échange', 'échanges')} du journal`,
  ]
  return `${parts.join(', ')} ; ${plural(report.imported, 'ligne importée', 'lignes importées')}, ${numberFormat.format(report.failed)} en erreur, ${plural(report.ignored.length, 'ligne ignorée', 'lignes ignorées')}`
}

export async function importActorsCommand({ target, values, lists, positionals }: ActorCommandContext): Promise<number> {
  const source = inputFile(positionals, 'npm run cli -- import actors <fichier.xlsx|ods|csv>')
  const headerRow = values['header-row'] === undefined ? undefined : Number(values['header-row'])
  if (headerRow !== undefined && !(Number.isInteger(headerRow) && headerRow > 0)) throw new AppError('invalid_input', "La ligne d'en-tête (--header-row) doit être un numéro de ligne.")
  return withHost(target, async (host, call) => {
    const handle = host.files.register(source)
    const sheet = typeof values.sheet === 'string' ? values.sheet : undefined
    let target = kindOf(values)
    let inspection = await call('actors.import.inspect', { fileId: handle.id, target, sheet, headerRow })
    let mapping = inspection.guessed
    let valueMapping: ValueMapping = {}
    let defaultProfile: string | undefined
    if (typeof values.mapping === 'string') {
      if (!inspection.saved || inspection.saved.name !== values.mapping) {
        const known = inspection.mappings.map((saved) => `« ${saved.name} »`).join(', ') || 'aucune'
        throw new AppError('not_found', `Correspondance « ${values.mapping} » introuvable ou inadaptée à ce fichier (enregistrées : ${known}).`)
      }
      if (!target && inspection.saved.target !== inspection.target) {
        target = inspection.saved.target
        inspection = await call('actors.import.inspect', { fileId: handle.id, target, sheet, headerRow })
      }
      mapping = inspection.saved!.mapping
      valueMapping = inspection.saved!.values
      defaultProfile = inspection.saved!.defaultProfile ?? undefined
    }
    mapping = applyColumnOptions(inspection.target, inspection.headers, mapping, lists?.column ?? [])
    valueMapping = applyValueOptions(valueMapping, lists?.value ?? [])
    if (typeof values.profile === 'string') defaultProfile = values.profile
    const args = {
      fileId: handle.id,
      target: inspection.target,
      mapping,
      values: valueMapping,
      defaultProfile: defaultProfile ?? (inspection.target === 'people' ? 'parent' : 'entreprise'),
      sheet: inspection.sheet,
      headerRow: inspection.headerRowNumber ?? undefined,
      skipInvalid: Boolean(values['skip-invalid']),
      skipHiddenRows: Boolean(values['skip-hidden-rows']),
    }
    const reference = await call('reference.get', undefined)
    const preview = await call('actors.import.preview', args)
    printPreview(inspection, preview, mapping, reference)
    if (preview.hiddenRows.count > 0 && !args.skipHiddenRows) console.log('Pour laisser de côté les lignes masquées dans le fichier : --skip-hidden-rows.')
    const refused = (preview.failed > 0 && !args.skipInvalid) || preview.imported === 0
    if (values['dry-run']) {
      console.log(`Aperçu (rien n'a été enregistré) : ${summary(preview, false)}.`)
      if (refused) {
        console.log(
          preview.imported === 0
            ? "L'import serait refusé : aucune ligne à importer."
            : "L'import serait refusé : corrigez les lignes en erreur, choisissez les valeurs inconnues (--value), ou importez les autres lignes avec --skip-invalid.",
        )
      }
      return refused ? 1 : 0
    }
    const report = await call('actors.import.commit', { ...args, saveMappingAs: typeof values['save-mapping'] === 'string' ? values['save-mapping'] : undefined })
    console.log(`Import terminé : ${summary(report, true)}.`)
    if (typeof values['save-mapping'] === 'string') console.log(`Correspondance enregistrée sous le nom « ${values['save-mapping']} » (--mapping "${values['save-mapping']}" la reprend).`)
    if (report.operationId !== null) console.log(`Opération n° ${report.operationId} du journal des modifications : pour l'annuler, npm run cli -- import undo ${report.operationId}`)
    return 0
  })
}

export async function importUndoCommand({ target, positionals }: ActorCommandContext): Promise<number> {
  const given = positionals[0]
  return withHost(target, async (_host, call) => {
    if (given === undefined) {
      const { operations } = await call('audit.operations', { kind: 'imports', limit: 20 })
      const imports = operations.filter((operation) => operation.kind === 'actors.import.commit' || operation.kind === 'actors.import.sirene')
      if (imports.length === 0) {
        console.log('Aucun import dans le journal des modifications.')
        return 0
      }
      console.log('Imports récents (npm run cli -- import undo <numéro> pour en annuler un) :')
      for (const operation of imports) {
        console.log(
          `  n° ${String(operation.id).padEnd(6)} ${formatDate(operation.startedAt.slice(0, 10))}  ${operation.label} — ${plural(operation.inserts, 'création', 'créations')}, ${plural(operation.updates, 'modification', 'modifications')}${operation.undoneBy ? ' (annulé)' : ''}`,
        )
      }
      return 0
    }
    const operationId = Number(given)
    if (!Number.isInteger(operationId) || operationId <= 0) throw new AppError('invalid_input', `Numéro d'opération invalide : « ${given} » (npm run cli -- import undo, sans numéro, liste les imports).`)
    try {
      const result = await call('actors.import.undo', { operationId })
      console.log(
        `Import annulé (« ${result.label} ») : ${plural(result.removed, 'enregistrement retiré', 'enregistrements retirés')}, ${plural(result.restored, 'fiche rétablie', 'fiches rétablies')}${result.recreated ? `, ${plural(result.recreated, 'fiche remise', 'fiches remises')}` : ''}.`,
      )
      return 0
    } catch (error) {
      const conflicts = (error as AppError).details as { conflicts?: { record: string; change: string; at: string | null; animator: string | null }[] } | undefined
      if (error instanceof AppError && error.code === 'conflict' && conflicts?.conflicts) {
        console.error(`Erreur : ${error.message.replace(/ \(.*\)\. Rien/, '. Rien')}`)
        for (const each of conflicts.conflicts) {
          console.error(`  ${each.record} : ${each.change}${each.at ? `, le ${formatDate(each.at.slice(0, 10))}` : ''}${each.animator ? ` par ${each.animator}` : ''}`)
        }
        return 2
      }
      throw error
    }
  })
}

/** The fields a column can be mapped to, and the values of the lists, for --column and --value. */
export async function importFieldsCommand({ target: database, values }: ActorCommandContext): Promise<number> {
  const target = kindOf(values) ?? 'contacts'
  return withHost(database, async (_host, call) => {
    const reference = await call('reference.get', undefined)
    console.log(`Champs d'un fichier « ${IMPORT_KIND.label(target).toLowerCase()} » (--column "Titre=champ") :`)
    for (const each of IMPORT_FIELDS[target]) console.log(`  ${each.id.padEnd(16)}${each.label}`)
    console.log('Cibles des valeurs (--value "liste:valeur=cible", « - » pour ne pas importer la valeur) :')
    const lists: [ListField, { code: string; label: string }[]][] = [
      ['profile', reference.profiles],
      ['status', ACTOR_STATUS.options.map(({ value, label }) => ({ code: value, label }))],
      ['offers', reference.offerTypes],
      ['fields', reference.fields],
      ['town', [...reference.towns, { code: OUTSIDE, label: 'hors territoire (gardée telle qu’écrite)' }]],
    ]
    for (const [field, entries] of lists) {
      console.log(`  ${field} :`)
      for (const entry of entries) console.log(`    ${entry.code.padEnd(24)}${entry.label}`)
    }
    console.log(`  networks : le nom d'un réseau existant (${reference.networks.map((network) => network.name).join(', ') || 'aucun'}) ou d'un nouveau`)
    return 0
  })
}
