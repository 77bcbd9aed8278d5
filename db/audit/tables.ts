import type { SchemaIntrospection } from '../introspection'

// Which tables the audit trail covers, whatever the engine that writes it.

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
])

/** The tables the audit trail covers: every data table of the live schema but reference lists and bookkeeping. */
export async function auditedTables(schema: SchemaIntrospection): Promise<string[]> {
  return (await schema.tables()).filter((name) => !UNAUDITED_TABLES.has(name))
}
