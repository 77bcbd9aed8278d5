import type BetterSqlite3 from 'better-sqlite3'
import { SOURCE_LABELS, STATUS_LABELS } from '../rules/actor-columns'
import type { AuditAction } from '../schema'

// Reading the audit trail (written by the triggers of db/sqlite/audit.ts): operations, and the
// records each one created, changed or deleted, in French.

export const TABLE_LABELS: Record<string, string> = {
  organisations: 'Organisation',
  people: 'Personne',
  pupils: 'Élève',
  affiliations: 'Rattachement',
  actor_tags: 'Étiquette',
  actor_networks: 'Réseau',
  actor_action_fields: "Champ d'action",
  tags: 'Étiquette (liste)',
  networks: 'Réseau (liste)',
  engagement_offers: "Offre d'engagement",
  actor_requests: 'Demande',
  interactions: 'Échange du journal',
  saved_views: 'Vue enregistrée',
  import_mappings: "Correspondance d'import",
  duplicate_dismissals: 'Doublon écarté',
  working_groups: 'Groupe de travail',
  group_members: 'Membre de groupe',
  group_meetings: 'Réunion de groupe',
  meeting_attendance: 'Présence à une réunion',
  meeting_attachments: 'Pièce jointe',
  copil_members: 'Membre du COPIL',
  copil_sessions: 'Séance du COPIL',
  copil_agenda_items: "Point de l'ordre du jour",
  copil_attendance: 'Présence au COPIL',
  copil_documents: 'Document du COPIL',
  copil_decisions: 'Décision du COPIL',
  decision_followups: 'Suivi de décision',
  proposed_actions: "Piste d'action",
  programmes: 'Programme',
  programme_partners: 'Partenaire de programme',
  editions: 'Édition',
  edition_partners: "Partenaire d'édition",
  sequences: 'Séquence',
  sequence_sessions: 'Séance',
  session_classes: 'Classe participante',
  session_participants: 'Participant à une séance',
  placements: 'Stage ou alternance',
  mentoring_pairs: 'Binôme de mentorat',
  mentoring_meetings: 'Rencontre de mentorat',
  request_candidates: 'Sollicitation',
  indicator_values: "Valeur d'indicateur",
  indicator_targets: "Cible d'indicateur",
  impact_narratives: "Récit d'impact",
  settings: 'Réglage',
  database: 'Base de données',
}

export const FIELD_LABELS: Record<string, string> = {
  name: 'Nom',
  first_name: 'Prénom',
  last_name: 'Nom',
  profile_code: 'Profil',
  town_code: 'Commune',
  outside_town: 'Commune hors territoire',
  siret: 'SIRET',
  siren: 'SIREN',
  rna: 'RNA',
  uai: 'UAI',
  email: 'Courriel',
  phone: 'Téléphone',
  website: 'Site web',
  address: 'Adresse',
  postal_code: 'Code postal',
  naf_code: 'Code NAF',
  workforce_band: "Tranche d'effectif",
  status: 'Statut',
  joined_on: 'Membre depuis',
  notes: 'Notes',
  source: 'Source',
  job_title: 'Fonction',
  closed_on: 'Fermée le',
  sirene_state: 'État SIRENE',
  sirene_updated_on: 'Mise à jour SIRENE',
  anonymised_at: 'Anonymisé le',
  organisation_id: 'Organisation',
  person_id: 'Personne',
  contact_person_id: 'Contact',
  role: 'Rôle',
  started_on: 'Début',
  ended_on: 'Fin',
  kind: 'Type',
  occurred_on: 'Date',
  animator: 'Animateur',
  summary: 'Résumé',
  next_step: 'Prochaine étape',
  next_step_due_on: 'Échéance',
  next_step_done_on: 'Relance faite le',
  title: 'Titre',
  description: 'Description',
  tag_id: 'Étiquette',
  network_id: 'Réseau',
  field_code: "Champ d'action",
  offer_type_code: "Type d'offre",
  capacity: 'Capacité',
  school_levels: 'Niveaux',
  school_level: 'Niveau',
  availability: 'Disponibilités',
  active: 'Active',
  quantity: 'Quantité',
  wanted_on: 'Souhaitée pour',
  is_minor: 'Mineur',
  school_id: 'Établissement',
  level_code: 'Niveau',
  school_year: 'Année scolaire',
  consent_given_by: 'Consentement donné par',
  consent_given_on: 'Consentement donné le',
  consent_scope: 'Objet du consentement',
  consent_expires_on: 'Consentement valable jusqu’au',
  held_on: 'Date',
  place: 'Lieu',
  minutes: 'Compte rendu',
  agenda: 'Ordre du jour',
  reference: 'Référence',
  text: 'Texte',
  value: 'Valeur',
  key: 'Clé',
}

export function tableLabel(table: string): string {
  return TABLE_LABELS[table] ?? table.replaceAll('_', ' ')
}

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field.replaceAll('_', ' ')
}

export const ACTION_LABELS: Record<AuditAction, string> = {
  insert: 'Création',
  update: 'Modification',
  delete: 'Suppression',
  anonymise: 'Anonymisation',
  event: 'Événement',
}

export interface AuditChange {
  field: string
  label: string
  before?: unknown
  after?: unknown
  /** Codes and ids as the animators read them (« Vincennes » for 94080), when they differ. */
  beforeLabel?: string
  afterLabel?: string
}

export interface AuditEntry {
  id: number
  operationId: number
  at: string
  action: AuditAction
  actionLabel: string
  table: string
  tableLabel: string
  rowId: number | null
  rowKey: string | null
  /** A readable name for the record, when one is known. */
  record: string
  /** The actor's page, for organisations and people that still exist. */
  link: string | null
  changes: AuditChange[]
  animator: string | null
  operationLabel: string
}

export interface AuditOperation {
  id: number
  startedAt: string
  animator: string | null
  kind: string
  label: string
  inserts: number
  updates: number
  deletes: number
  others: number
  /** The operation that undid this one (an import undone), or null. */
  undoneBy: number | null
}

function parseChanges(action: AuditAction, json: string): AuditChange[] {
  let parsed: Record<string, unknown>
  try {
    parsed = JSON.parse(json) as Record<string, unknown>
  } catch {
    return []
  }
  return Object.entries(parsed).map(([field, value]) => {
    const change: AuditChange = { field, label: fieldLabel(field) }
    if (action === 'update' && Array.isArray(value) && value.length === 2) {
      change.before = value[0]
      change.after = value[1]
    } else if (action === 'delete') change.before = value
    else change.after = value
    return change
  })
}

type Resolve = (field: string, value: unknown) => string | undefined

/** Turns codes and ids into names, with a cache for one listing. */
function valueResolver(sqlite: BetterSqlite3.Database): Resolve {
  const caches = new Map<string, Map<unknown, string | undefined>>()
  const lookup = (sql: string, format: (name: string, value: unknown) => string = (name) => name) => (value: unknown) => {
    let cache = caches.get(sql)
    if (!cache) caches.set(sql, (cache = new Map()))
    if (!cache.has(value)) {
      let name: string | undefined
      try {
        name = sqlite.prepare(sql).pluck().get(value) as string | undefined
      } catch {
        name = undefined
      }
      cache.set(value, name === undefined || name === null ? undefined : format(name, value))
    }
    return cache.get(value)
  }
  const organisation = lookup('select name from organisations where id = ?', (name, id) => `${name} (n° ${String(id)})`)
  const person = lookup("select first_name || ' ' || last_name from people where id = ?", (name, id) => `${name} (n° ${String(id)})`)
  const level = lookup('select label from school_levels where code = ?')
  const resolvers: Record<string, (value: unknown) => string | undefined> = {
    profile_code: lookup('select label from actor_profiles where code = ?'),
    town_code: lookup('select name from towns where insee_code = ?'),
    offer_type_code: lookup('select label from offer_types where code = ?'),
    field_code: lookup('select label from action_fields where code = ?'),
    level_code: level,
    school_level: level,
    tag_id: lookup('select name from tags where id = ?'),
    network_id: lookup('select name from networks where id = ?'),
    organisation_id: organisation,
    school_id: organisation,
    host_organisation_id: organisation,
    person_id: person,
    contact_person_id: person,
    tutor_person_id: person,
    mentor_person_id: person,
    status: (value) => STATUS_LABELS[String(value)],
    source: (value) => SOURCE_LABELS[String(value)],
  }
  return (field, value) => (value === null || value === undefined ? undefined : resolvers[field]?.(value))
}

function labelled(changes: AuditChange[], resolve: Resolve): AuditChange[] {
  for (const change of changes) {
    const before = resolve(change.field, change.before)
    const after = resolve(change.field, change.after)
    if (before !== undefined) change.beforeLabel = before
    if (after !== undefined) change.afterLabel = after
  }
  return changes
}

const NAME_FIELDS = ['name', 'title', 'reference', 'summary', 'label', 'class_label', 'key']

function recordName(sqlite: BetterSqlite3.Database, table: string, rowId: number | null, changes: AuditChange[]): { record: string; link: string | null } {
  const label = tableLabel(table)
  if (table === 'database') return { record: label, link: null }
  const numbered = rowId !== null ? `${label} n° ${rowId}` : label
  if (rowId !== null && (table === 'organisations' || table === 'people')) {
    const row = sqlite
      .prepare(table === 'organisations' ? 'select name from organisations where id = ?' : "select first_name || ' ' || last_name from people where id = ?")
      .pluck()
      .get(rowId) as string | undefined
    if (row) return { record: `${label} « ${row} »`, link: `/acteurs/${table === 'organisations' ? 'o' : 'p'}${rowId}` }
  }
  const first = (field: string) => changes.find((change) => change.field === field)
  if (table === 'people' || table === 'pupils') {
    const first_ = first('first_name')
    const last = first('last_name')
    const value = (change: AuditChange | undefined) => (change ? String(change.after ?? change.before ?? '') : '')
    const name = `${value(first_)} ${value(last)}`.trim()
    if (name) return { record: `${numbered} « ${name} »`, link: null }
  }
  for (const field of NAME_FIELDS) {
    const change = first(field)
    const value = change ? (change.after ?? change.before) : undefined
    if (typeof value === 'string' && value) return { record: `${numbered} « ${value.length > 60 ? `${value.slice(0, 57)}…` : value} »`, link: null }
  }
  return { record: numbered, link: null }
}

export interface EntryFilter {
  operationId?: number
  /** 'organisations:12', 'people:5', 'pupils:3'. */
  subject?: string
  limit?: number
  offset?: number
}

/** Audit rows, newest first (or in order within one operation). */
export function listAuditEntries(sqlite: BetterSqlite3.Database, filter: EntryFilter): { entries: AuditEntry[]; total: number } {
  const where: string[] = []
  const params: unknown[] = []
  if (filter.operationId !== undefined) {
    where.push('l.operation_id = ?')
    params.push(filter.operationId)
  }
  if (filter.subject) {
    where.push('l.id in (select audit_id from audit_subjects where subject = ?)')
    params.push(filter.subject)
  }
  const clause = where.length ? `where ${where.join(' and ')}` : ''
  const total = sqlite.prepare(`select count(*) from audit_log l ${clause}`).pluck().get(...params) as number
  const order = filter.operationId !== undefined && !filter.subject ? 'l.id' : 'l.id desc'
  const rows = sqlite
    .prepare(
      `select l.id, l.operation_id, l.at, l.action, l.table_name, l.row_id, l.row_key, l.changes, o.animator, o.label
       from audit_log l left join audit_operations o on o.id = l.operation_id ${clause} order by ${order} limit ? offset ?`,
    )
    .all(...params, filter.limit ?? 100, filter.offset ?? 0) as {
    id: number
    operation_id: number
    at: string
    action: AuditAction
    table_name: string
    row_id: number | null
    row_key: string | null
    changes: string
    animator: string | null
    label: string | null
  }[]
  const resolve = valueResolver(sqlite)
  const entries = rows.map((row) => {
    const changes = labelled(parseChanges(row.action, row.changes), resolve)
    const { record, link } = recordName(sqlite, row.table_name, row.row_id, changes)
    return {
      id: row.id,
      operationId: row.operation_id,
      at: row.at,
      action: row.action,
      actionLabel: ACTION_LABELS[row.action] ?? row.action,
      table: row.table_name,
      tableLabel: tableLabel(row.table_name),
      rowId: row.row_id,
      rowKey: row.row_key,
      record,
      link,
      changes,
      animator: row.animator,
      operationLabel: row.label ?? '',
    }
  })
  return { entries, total }
}

export interface OperationFilter {
  /** 'imports' for the imports only, else an operation kind. */
  kind?: string
  limit?: number
  offset?: number
}

/** Operations, newest first, with what each changed. */
export function listAuditOperations(sqlite: BetterSqlite3.Database, filter: OperationFilter = {}): { operations: AuditOperation[]; total: number } {
  let clause = ''
  const params: unknown[] = []
  if (filter.kind === 'imports') clause = "where o.kind like '%import%'"
  else if (filter.kind) {
    clause = 'where o.kind = ?'
    params.push(filter.kind)
  }
  const total = sqlite.prepare(`select count(*) from audit_operations o ${clause}`).pluck().get(...params) as number
  const operations = (
    sqlite
      .prepare(
        `select o.id, o.started_at, o.animator, o.kind, o.label, o.undone_by,
           (select count(*) from audit_log l where l.operation_id = o.id and l.action = 'insert') as inserts,
           (select count(*) from audit_log l where l.operation_id = o.id and l.action = 'update') as updates,
           (select count(*) from audit_log l where l.operation_id = o.id and l.action = 'delete') as deletes,
           (select count(*) from audit_log l where l.operation_id = o.id and l.action not in ('insert', 'update', 'delete')) as others
         from audit_operations o ${clause} order by o.id desc limit ? offset ?`,
      )
      .all(...params, filter.limit ?? 50, filter.offset ?? 0) as {
      id: number
      started_at: string
      animator: string | null
      kind: string
      label: string
      undone_by: number | null
      inserts: number
      updates: number
      deletes: number
      others: number
    }[]
  ).map((row) => ({
    id: row.id,
    startedAt: row.started_at,
    animator: row.animator,
    kind: row.kind,
    label: row.label,
    inserts: row.inserts,
    updates: row.updates,
    deletes: row.deletes,
    others: row.others,
    undoneBy: row.undone_by,
  }))
  return { operations, total }
}

/** The audit subject of an actor key ('o12', 'p5') or a pupil ('e3'). */
export function subjectOf(key: string): string {
  const match = /^([ope])(\d+)$/.exec(key)
  if (!match) throw new RangeError(`Clé invalide : ${key}`)
  const table = match[1] === 'o' ? 'organisations' : match[1] === 'p' ? 'people' : 'pupils'
  return `${table}:${match[2]}`
}
