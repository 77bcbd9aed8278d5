import type { SchemaIntrospection } from '../introspection'

// What the audit trail covers, the same on both engines (the SQLite TEMP triggers in
// db/sqlite/audit.ts, the PostgreSQL triggers in db/postgres/audit.ts).

/** Tables that are not audited: reference vocabularies seeded by migrations, and bookkeeping. */
export const UNAUDITED_TABLES = new Set([
  'schema_migrations',
  'audit_operations',
  'audit_log',
  'audit_subjects',
  'territory',
  'towns',
  'town_postal_codes',
  'actor_profiles',
  'action_fields',
  'offer_types',
  'school_levels',
  'programme_step_templates',
  'impact_dimensions',
  'indicators',
  // PostgreSQL's search index is a plain table (SQLite's is a virtual table, left out as such).
  'search_index',
])

/** Tables whose records are people or organisations that have a history of their own. */
export const SUBJECT_TABLES = ['organisations', 'people', 'pupils'] as const
export type AuditSubjectTable = (typeof SUBJECT_TABLES)[number]

/** Columns left out of the recorded values (the audit row has its own time). */
export const UNTRACKED_COLUMNS = new Set(['created_at', 'updated_at', 'version'])

/** The operation that changes made outside any operation of the app are recorded under. */
export const DIRECT_OPERATION = { kind: 'direct', label: 'Modification hors de l’application' } as const

/** The tables the audit trail covers: every data table of the live schema but reference lists and bookkeeping. */
export async function auditedTables(schema: SchemaIntrospection): Promise<string[]> {
  return (await schema.tables()).filter((name) => !UNAUDITED_TABLES.has(name))
}
