import { sql, type Kysely, type Transaction } from 'kysely'
import { AppError, toAppError } from '../errors'
import { parseFrenchDate } from '../rules/dates'
import { columnLetter } from '../rules/excel-cells'
import { foldText } from '../rules/text'
import { validateEmail, validateRna, validateSiret, validateUai } from '../rules/identifiers'
import type { ActorSource } from '../rules/actor-values'
import type { Database } from '../schema'
import { createOrganisation, createPerson, setActorLinks, updateOrganisation, updatePerson } from './records'
import type { OrganisationInput, PersonInput } from './schemas'
import { IMPORT_FIELDS, type ColumnMapping, type ImportTarget } from '../rules/import-fields'
import { plural } from '../rules/format'

export { IMPORT_FIELDS, type ColumnMapping, type ImportTarget }

// Importing organisations or people from a spreadsheet: columns mapped to fields (guessed from
// French headers, editable, reusable), each row validated, matched by identifier or email, then
// created or updated — all in one transaction. The preview runs the very same import and rolls it
// back, so what it announces is exactly what the import will do.

function headerKey(header: string): string {
  return foldText(header).replace(/[^a-z0-9]+/g, ' ').trim()
}

/** Guesses which field each column holds from its French header. */
export function guessMapping(headers: string[], target: ImportTarget): ColumnMapping {
  const mapping: ColumnMapping = {}
  const used = new Set<string>()
  headers.forEach((header, column) => {
    const key = headerKey(header)
    const field =
      IMPORT_FIELDS[target].find((candidate) => !used.has(candidate.id) && candidate.synonyms.includes(key)) ??
      IMPORT_FIELDS[target].find((candidate) => !used.has(candidate.id) && candidate.synonyms.some((synonym) => synonym.length > 3 && key.includes(synonym)))
    mapping[String(column)] = field?.id ?? null
    if (field) used.add(field.id)
  })
  return mapping
}

export interface ImportRow {
  rowNumber: number
  cells: unknown[]
  /** Columns (0-based) whose cell holds a formula: never evaluated, reported. */
  formulaColumns?: number[]
}

export interface ImportOptions {
  target: ImportTarget
  mapping: ColumnMapping
  /** Profile given to rows without one. */
  defaultProfile: string
  /** Import the valid rows even if some rows fail (the failing ones are reported, not imported). */
  skipInvalid?: boolean
  source?: ActorSource
  onProgress?: (done: number) => void
}

export interface RowOutcome {
  rowNumber: number
  action: 'create' | 'update' | 'error' | 'empty'
  key?: string
  name?: string
  problems: string[]
}

export interface ImportReport {
  created: number
  updated: number
  failed: number
  empty: number
  /** Every row with a problem, and the first rows of each kind for the preview. */
  rows: RowOutcome[]
  committed: boolean
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'object' && value !== null && 'text' in value) return String((value as { text: unknown }).text).trim()
  return String(value).trim()
}

function listOf(value: string): string[] {
  return value
    .split(/[;,|]/)
    .map((item) => item.trim())
    .filter(Boolean)
}

interface Lookups {
  profiles: Map<string, string>
  towns: Map<string, string>
  postal: Map<string, string>
  fields: Map<string, string>
}

async function loadLookups(db: Kysely<Database>): Promise<Lookups> {
  const profiles = new Map<string, string>()
  for (const row of await db.selectFrom('actorProfiles').select(['code', 'label']).execute()) {
    profiles.set(foldText(row.code), row.code)
    profiles.set(foldText(row.label), row.code)
    profiles.set(foldText(row.label).replace(/s$/, ''), row.code)
  }
  const towns = new Map<string, string>()
  for (const row of await db.selectFrom('towns').select(['inseeCode', 'name']).execute()) {
    towns.set(row.inseeCode, row.inseeCode)
    towns.set(foldText(row.name).replace(/[^a-z0-9]+/g, ' ').trim(), row.inseeCode)
  }
  const postal = new Map<string, string>()
  for (const row of await db.selectFrom('townPostalCodes').select(['inseeCode', 'postalCode']).execute()) postal.set(row.postalCode, row.inseeCode)
  const fields = new Map<string, string>()
  for (const row of await db.selectFrom('actionFields').select(['code', 'label']).execute()) {
    fields.set(foldText(row.code), row.code)
    fields.set(foldText(row.label), row.code)
  }
  return { profiles, towns, postal, fields }
}

const STATUS_WORDS: Record<string, 'prospect' | 'vitawiner' | 'ancien'> = {
  vitawiner: 'vitawiner',
  membre: 'vitawiner',
  oui: 'vitawiner',
  engage: 'vitawiner',
  prospect: 'prospect',
  non: 'prospect',
  contact: 'prospect',
  ancien: 'ancien',
  'ancien membre': 'ancien',
}

interface Mapped {
  values: Record<string, string>
  problems: string[]
}

function mapRow(row: ImportRow, mapping: ColumnMapping): Mapped {
  const values: Record<string, string> = {}
  const problems: string[] = []
  const formulas = new Set(row.formulaColumns ?? [])
  for (const [column, field] of Object.entries(mapping)) {
    if (!field) continue
    const index = Number(column)
    if (formulas.has(index)) {
      problems.push(`La cellule ${columnLetter(index)}${row.rowNumber} contient une formule : remplacez-la par sa valeur.`)
      continue
    }
    const text = cellText(row.cells[index])
    if (text) values[field] = text
  }
  return { values, problems }
}

async function findOrganisationMatch(db: Transaction<Database>, values: Record<string, string>): Promise<number | null> {
  for (const [field, validate] of [
    ['siret', validateSiret],
    ['rna', validateRna],
    ['uai', validateUai],
  ] as const) {
    const raw = values[field]
    if (!raw) continue
    const result = validate(raw)
    if (!result.ok) continue
    const found = await db.selectFrom('organisations').select('id').where(field, '=', result.value).executeTakeFirst()
    if (found) return found.id
  }
  if (values.email) {
    const result = validateEmail(values.email)
    if (result.ok) {
      const found = await db.selectFrom('organisations').select('id').where('email', '=', result.value).execute()
      if (found.length === 1) return found[0]!.id
    }
  }
  return null
}

async function findPersonMatch(db: Transaction<Database>, values: Record<string, string>): Promise<number | null> {
  if (!values.email) return null
  const result = validateEmail(values.email)
  if (!result.ok) return null
  const found = await db.selectFrom('people').select('id').where('email', '=', result.value).execute()
  return found.length === 1 ? found[0]!.id : null
}

async function resolveOrganisation(db: Transaction<Database>, text: string): Promise<number | null> {
  const siret = validateSiret(text)
  if (siret.ok) {
    const found = await db.selectFrom('organisations').select('id').where('siret', '=', siret.value).executeTakeFirst()
    if (found) return found.id
  }
  const byName = await db.selectFrom('organisations').select('id').where(sql<boolean>`vitawin_fold(name) = ${foldText(text)}`).limit(2).execute()
  return byName.length === 1 ? byName[0]!.id : null
}

/** Builds the record input from a mapped row; problems found here are the user's to fix. */
function buildInput(values: Record<string, string>, lookups: Lookups, options: ImportOptions, problems: string[]) {
  const profile = values.profile ? lookups.profiles.get(foldText(values.profile)) : options.defaultProfile
  if (!profile) problems.push(`Profil inconnu : « ${values.profile} ».`)
  let townCode: string | null = null
  let outsideTown: string | null = null
  if (values.town) {
    const key = foldText(values.town).replace(/[^a-z0-9]+/g, ' ').trim()
    townCode = lookups.towns.get(values.town.trim()) ?? lookups.towns.get(key) ?? null
    if (!townCode) outsideTown = values.town
  } else if (values.postalCode) {
    townCode = lookups.postal.get(values.postalCode.trim()) ?? null
  }
  let status: 'prospect' | 'vitawiner' | 'ancien' | undefined
  if (values.status) {
    status = STATUS_WORDS[foldText(values.status)]
    if (!status) problems.push(`Statut inconnu : « ${values.status} » (attendu : Vitawiner, prospect ou ancien membre).`)
  }
  let joinedOn: string | null = null
  if (values.joinedOn) {
    joinedOn = parseFrenchDate(values.joinedOn)
    if (!joinedOn) problems.push(`Date d'adhésion illisible : « ${values.joinedOn} » (attendu : jj/mm/aaaa).`)
  }
  const fields: string[] = []
  for (const item of values.fields ? listOf(values.fields) : []) {
    const code = lookups.fields.get(foldText(item))
    if (code) fields.push(code)
    else problems.push(`Domaine d'action inconnu : « ${item} ».`)
  }
  return {
    profileCode: profile ?? options.defaultProfile,
    townCode,
    outsideTown,
    status,
    joinedOn,
    fields,
    tags: values.tags ? listOf(values.tags) : undefined,
    networks: values.networks ? listOf(values.networks) : undefined,
  }
}

async function importOne(
  trx: Transaction<Database>,
  row: ImportRow,
  options: ImportOptions,
  lookups: Lookups,
): Promise<RowOutcome> {
  const { values, problems } = mapRow(row, options.mapping)
  if (Object.keys(values).length === 0 && problems.length === 0) return { rowNumber: row.rowNumber, action: 'empty', problems: [] }
  const common = buildInput(values, lookups, options, problems)
  if (problems.length > 0) return { rowNumber: row.rowNumber, action: 'error', problems, name: values.name ?? values.lastName }

  if (options.target === 'organisations') {
    if (!values.name) return { rowNumber: row.rowNumber, action: 'error', problems: ['Le nom est vide.'] }
    const matchId = await findOrganisationMatch(trx, values)
    if (matchId !== null) {
      // An update keeps what the file leaves empty.
      const current = await trx.selectFrom('organisations').selectAll().where('id', '=', matchId).executeTakeFirstOrThrow()
      const input: OrganisationInput = {
        name: values.name,
        profileCode: values.profile ? common.profileCode : current.profileCode,
        townCode: common.townCode ?? (common.outsideTown ? null : current.townCode),
        outsideTown: common.outsideTown ?? (common.townCode ? null : current.outsideTown),
        siret: values.siret ?? current.siret,
        rna: values.rna ?? current.rna,
        uai: values.uai ?? current.uai,
        email: values.email ?? current.email,
        phone: values.phone ?? current.phone,
        website: values.website ?? current.website,
        address: values.address ?? current.address,
        postalCode: values.postalCode ?? current.postalCode,
        nafCode: values.nafCode ?? current.nafCode,
        workforceBand: current.workforceBand,
        status: common.status ?? current.status,
        joinedOn: common.joinedOn ?? current.joinedOn,
        notes: values.notes ?? current.notes,
      }
      if (input.status === 'vitawiner' && !input.joinedOn) input.status = current.status === 'vitawiner' ? 'vitawiner' : current.status
      await updateOrganisation(trx, matchId, input)
      await addLinks(trx, { kind: 'organisation', id: matchId }, common)
      return { rowNumber: row.rowNumber, action: 'update', key: `o${matchId}`, name: values.name, problems: [] }
    }
    const id = await createOrganisation(
      trx,
      {
        name: values.name,
        profileCode: common.profileCode,
        townCode: common.townCode,
        outsideTown: common.outsideTown,
        siret: values.siret ?? null,
        rna: values.rna ?? null,
        uai: values.uai ?? null,
        email: values.email ?? null,
        phone: values.phone ?? null,
        website: values.website ?? null,
        address: values.address ?? null,
        postalCode: values.postalCode ?? null,
        nafCode: values.nafCode ?? null,
        status: common.status === 'vitawiner' && !common.joinedOn ? 'prospect' : common.status,
        joinedOn: common.joinedOn,
        notes: values.notes ?? null,
        tags: common.tags,
        networks: common.networks,
        fields: common.fields,
      },
      options.source ?? 'import',
    )
    return { rowNumber: row.rowNumber, action: 'create', key: `o${id}`, name: values.name, problems: [] }
  }

  if (!values.firstName || !values.lastName) {
    return { rowNumber: row.rowNumber, action: 'error', problems: ['Le prénom et le nom sont obligatoires.'], name: values.firstName ?? values.lastName }
  }
  let organisationId: number | null = null
  if (values.organisation) {
    organisationId = await resolveOrganisation(trx, values.organisation)
    if (organisationId === null) {
      return { rowNumber: row.rowNumber, action: 'error', problems: [`Organisation introuvable dans l'annuaire : « ${values.organisation} ».`], name: `${values.firstName} ${values.lastName}` }
    }
  }
  const name = `${values.firstName} ${values.lastName}`
  const matchId = await findPersonMatch(trx, values)
  let id: number
  if (matchId !== null) {
    const current = await trx.selectFrom('people').selectAll().where('id', '=', matchId).executeTakeFirstOrThrow()
    const input: PersonInput = {
      firstName: values.firstName,
      lastName: values.lastName,
      profileCode: values.profile ? common.profileCode : current.profileCode,
      townCode: common.townCode ?? (common.outsideTown ? null : current.townCode),
      outsideTown: common.outsideTown ?? (common.townCode ? null : current.outsideTown),
      email: values.email ?? current.email,
      phone: values.phone ?? current.phone,
      jobTitle: values.jobTitle ?? current.jobTitle,
      status: common.status && !(common.status === 'vitawiner' && !(common.joinedOn ?? current.joinedOn)) ? common.status : current.status,
      joinedOn: common.joinedOn ?? current.joinedOn,
      notes: values.notes ?? current.notes,
    }
    await updatePerson(trx, matchId, input)
    await addLinks(trx, { kind: 'person', id: matchId }, common)
    id = matchId
  } else {
    id = await createPerson(trx, {
      firstName: values.firstName,
      lastName: values.lastName,
      profileCode: common.profileCode,
      townCode: common.townCode,
      outsideTown: common.outsideTown,
      email: values.email ?? null,
      phone: values.phone ?? null,
      jobTitle: values.jobTitle ?? null,
      status: common.status === 'vitawiner' && !common.joinedOn ? 'prospect' : common.status,
      joinedOn: common.joinedOn,
      notes: values.notes ?? null,
      tags: common.tags,
      fields: common.fields,
    })
  }
  if (organisationId !== null) {
    const linked = await trx.selectFrom('affiliations').select('id').where('personId', '=', id).where('organisationId', '=', organisationId).executeTakeFirst()
    if (!linked) await trx.insertInto('affiliations').values({ personId: id, organisationId, role: values.jobTitle ?? null, startedOn: null, endedOn: null }).execute()
  }
  return { rowNumber: row.rowNumber, action: matchId !== null ? 'update' : 'create', key: `p${id}`, name, problems: [] }
}

/** Tags, networks and fields from the file are added to those the record already has. */
async function addLinks(
  trx: Transaction<Database>,
  ref: { kind: 'organisation' | 'person'; id: number },
  common: { tags?: string[] | undefined; networks?: string[] | undefined; fields: string[] },
): Promise<void> {
  const column = ref.kind === 'organisation' ? 'organisationId' : 'personId'
  const links: { tags?: string[]; networks?: string[]; fields?: string[] } = {}
  if (common.tags?.length) {
    const existing = await trx.selectFrom('actorTags as l').innerJoin('tags as t', 't.id', 'l.tagId').select('t.name').where(`l.${column}`, '=', ref.id).execute()
    links.tags = [...existing.map((row) => row.name), ...common.tags]
  }
  if (common.networks?.length) {
    const existing = await trx.selectFrom('actorNetworks as l').innerJoin('networks as n', 'n.id', 'l.networkId').select('n.name').where(`l.${column}`, '=', ref.id).execute()
    links.networks = [...existing.map((row) => row.name), ...common.networks]
  }
  if (common.fields.length) {
    const existing = await trx.selectFrom('actorActionFields').select('fieldCode').where(column, '=', ref.id).execute()
    links.fields = [...new Set([...existing.map((row) => row.fieldCode), ...common.fields])]
  }
  if (Object.keys(links).length > 0) await setActorLinks(trx, ref, links)
}

const PREVIEW_LIMIT = 200

/** The preview's signal to roll back what it just wrote. */
class PreviewDone extends Error {}

/**
 * Runs the import. With `commit: false` (the preview) everything is rolled back at the end. With
 * `commit: true`, the import lands whole, or — when a row fails and `skipInvalid` is not set —
 * not at all, and the error lists the failing rows.
 */
export async function runImport(
  db: Kysely<Database>,
  rows: AsyncIterable<ImportRow> | Iterable<ImportRow>,
  options: ImportOptions,
  commit: boolean,
): Promise<ImportReport> {
  const required = IMPORT_FIELDS[options.target].filter((field) => field.required).map((field) => field.id)
  const mapped = new Set(Object.values(options.mapping).filter(Boolean))
  const missing = IMPORT_FIELDS[options.target].filter((field) => required.includes(field.id) && !mapped.has(field.id))
  if (missing.length > 0) {
    throw new AppError('invalid_input', `Associez une colonne du fichier au champ « ${missing.map((field) => field.label).join(' », « ')} ».`)
  }
  const lookups = await loadLookups(db)
  const report: ImportReport = { created: 0, updated: 0, failed: 0, empty: 0, rows: [], committed: false }
  const shown = { create: 0, update: 0 }
  try {
    await db.transaction().execute(async (trx) => {
      let done = 0
      for await (const row of rows) {
        let outcome: RowOutcome
        await sql`savepoint import_row`.execute(trx)
        try {
          outcome = await importOne(trx, row, options, lookups)
          if (outcome.action === 'error') await sql`rollback to import_row`.execute(trx)
        } catch (error) {
          const appError = toAppError(error)
          // A full disk or an I/O error may have rolled the whole transaction back already.
          if (appError.code === 'disk_full' || appError.code === 'io_error' || appError.code === 'database_damaged') throw appError
          await sql`rollback to import_row`.execute(trx)
          const { values } = mapRow(row, options.mapping)
          const name = values.name ?? ([values.firstName, values.lastName].filter(Boolean).join(' ') || undefined)
          outcome = { rowNumber: row.rowNumber, action: 'error', problems: [appError.message], name }
        }
        await sql`release import_row`.execute(trx)
        if (outcome.action === 'create') report.created++
        else if (outcome.action === 'update') report.updated++
        else if (outcome.action === 'error') report.failed++
        else report.empty++
        if (outcome.action === 'error' || ((outcome.action === 'create' || outcome.action === 'update') && shown[outcome.action]++ < PREVIEW_LIMIT)) {
          report.rows.push(outcome)
        }
        if (++done % 200 === 0) options.onProgress?.(done)
      }
      options.onProgress?.(done)
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
    })
    report.committed = true
  } catch (error) {
    if (!(error instanceof PreviewDone)) throw error
  }
  report.rows.sort((a, b) => a.rowNumber - b.rowNumber)
  return report
}

export async function listMappings(db: Kysely<Database>) {
  const rows = await db.selectFrom('importMappings').select(['id', 'name', 'target', 'mapping', 'updatedAt']).orderBy('name').execute()
  return rows.map((row) => ({ ...row, mapping: JSON.parse(row.mapping) as { headers: string[]; mapping: ColumnMapping; defaultProfile?: string } }))
}

/** Saves a mapping by name, keyed on header texts so it applies to files with columns in another order. */
export async function saveMapping(db: Kysely<Database>, name: string, target: ImportTarget, headers: string[], mapping: ColumnMapping, defaultProfile: string) {
  const byHeader: Record<string, string> = {}
  for (const [column, field] of Object.entries(mapping)) if (field && headers[Number(column)]) byHeader[headerKey(headers[Number(column)]!)] = field
  const json = JSON.stringify({ headers: Object.keys(byHeader), mapping: byHeader, defaultProfile })
  await db
    .insertInto('importMappings')
    .values({ name, target, mapping: json })
    .onConflict((oc) => oc.column('name').doUpdateSet({ target, mapping: json, updatedAt: new Date().toISOString() }))
    .execute()
}

/** Applies a saved mapping (by header text) to a file's headers. */
export function applySavedMapping(headers: string[], saved: { mapping: ColumnMapping }): ColumnMapping {
  const mapping: ColumnMapping = {}
  headers.forEach((header, column) => {
    mapping[String(column)] = saved.mapping[headerKey(header)] ?? null
  })
  return mapping
}
