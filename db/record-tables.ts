import { sql } from 'kysely'
import { plural } from './rules/format'
import type { Db } from './schema'

/**
 * The tables whose rows are the team's own records, as opposed to the reference lists the schema
 * seeds (towns, profiles, the programmes' template…). A database without any is new: the app
 * welcomes the user instead of showing a dashboard of zeros, and the demo may be generated into it.
 */
export const RECORD_TABLES: readonly { table: string; one: string; many: string }[] = [
  { table: 'organisations', one: 'organisation', many: 'organisations' },
  { table: 'people', one: 'personne', many: 'personnes' },
  { table: 'pupils', one: 'élève nommé', many: 'élèves nommés' },
  { table: 'interactions', one: 'échange du journal', many: 'échanges du journal' },
  { table: 'working_groups', one: 'groupe de travail', many: 'groupes de travail' },
  { table: 'copil_members', one: 'membre du COPIL', many: 'membres du COPIL' },
  { table: 'copil_sessions', one: 'séance du COPIL', many: 'séances du COPIL' },
  { table: 'copil_decisions', one: 'décision du COPIL', many: 'décisions du COPIL' },
  { table: 'editions', one: 'édition de programme', many: 'éditions de programmes' },
  { table: 'placements', one: 'stage', many: 'stages' },
  { table: 'mentoring_pairs', one: 'binôme de mentorat', many: 'binômes de mentorat' },
  { table: 'indicator_values', one: 'valeur d’indicateur', many: 'valeurs d’indicateurs' },
  { table: 'indicator_targets', one: 'cible d’indicateur', many: 'cibles d’indicateurs' },
  { table: 'impact_narratives', one: 'récit d’impact', many: 'récits d’impact' },
]

/** The record tables that hold at least one row (one indexed probe per table), on either engine. */
export async function filledRecordTables(db: Db): Promise<string[]> {
  const probes = RECORD_TABLES.map(({ table }) => sql`case when exists (select 1 from ${sql.table(table)}) then 1 else 0 end as ${sql.id(table)}`)
  const { rows } = await sql<Record<string, number>>`select ${sql.join(probes)}`.execute(db.withoutPlugins())
  return RECORD_TABLES.map(({ table }) => table).filter((table) => rows[0]![table] === 1)
}

/** What the database holds, in French (« 3 organisations, 1 groupe de travail »), from each record table's count. */
export function describeRecordCounts(count: (table: string) => number): string {
  return RECORD_TABLES.map(({ table, one, many }) => ({ count: count(table), one, many }))
    .filter(({ count }) => count > 0)
    .map(({ count, one, many }) => plural(count, one, many))
    .join(', ')
}

/** describeRecordCounts on either engine. */
export async function describeRecords(db: Db): Promise<string> {
  const counts = RECORD_TABLES.map(({ table }) => sql`(select count(*) from ${sql.table(table)}) as ${sql.id(table)}`)
  const { rows } = await sql<Record<string, number>>`select ${sql.join(counts)}`.execute(db.withoutPlugins())
  return describeRecordCounts((table) => Number(rows[0]![table]))
}
