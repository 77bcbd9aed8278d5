import { sql, type Kysely } from 'kysely'
import type { CheckReport } from '../backend'
import type { Database } from '../schema'
import { missingAuditTriggers } from './audit'

// `check` on a team database. The server keeps its own files consistent (checksums and WAL are
// IT's); what can go wrong is what the app relies on above them: constraints left unvalidated,
// audit triggers gone, the search index out of step with its records, an identity sequence behind
// the ids already used (a database filled by hand or restored badly), any of which a client other
// than the app could cause.

/** The tables search_index covers, and the code in the low 2 bits of its row_id (db/migrations/0003, 0004). */
const SEARCH_SOURCES = [
  { table: 'organisations', code: 0 },
  { table: 'people', code: 1 },
  { table: 'interactions', code: 2 },
  { table: 'group_meetings', code: 3 },
] as const

export async function checkTeamDatabase(db: Kysely<Database>): Promise<CheckReport> {
  const raw = db.withoutPlugins()
  const problems: string[] = []
  const { rows: unvalidated } = await sql<{ table: string; name: string }>`select c.conrelid::regclass::text as table, c.conname as name
    from pg_constraint c join pg_namespace n on n.oid = c.connamespace
    where n.nspname = current_schema() and not c.convalidated order by 1, 2`.execute(raw)
  for (const { table, name } of unvalidated) problems.push(`contrainte non vérifiée : ${name} (table ${table})`)

  for (const table of await missingAuditTriggers(raw)) problems.push(`journal des modifications : déclencheur absent sur la table ${table}`)

  for (const { table, code } of SEARCH_SOURCES) {
    const { rows } = await sql<{ missing: number; orphans: number }>`select
        (select count(*) from ${sql.table(table)} t where not exists (select 1 from search_index s where s.row_id = t.id * 4 + ${code})) as missing,
        (select count(*) from search_index s where s.row_id % 4 = ${code} and not exists (select 1 from ${sql.table(table)} t where t.id * 4 + ${code} = s.row_id)) as orphans`.execute(raw)
    const { missing, orphans } = rows[0]!
    if (missing > 0) problems.push(`index de recherche : ${missing} ligne(s) de ${table} absente(s)`)
    if (orphans > 0) problems.push(`index de recherche : ${orphans} entrée(s) sans ligne de ${table}`)
  }

  const { rows: sequences } = await sql<{ table: string; column: string; sequence: string }>`select c.relname as table, a.attname as column,
      pg_get_serial_sequence(quote_ident(c.relname), a.attname) as sequence
    from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid and a.attidentity <> '' and not a.attisdropped
    where n.nspname = current_schema() and c.relkind = 'r' order by c.relname`.execute(raw)
  for (const { table, column, sequence } of sequences) {
    const { rows } = await sql<{ used: number | null; given: number }>`select (select max(${sql.ref(column)}) from ${sql.table(table)}) as used,
      (select case when is_called then last_value else last_value - 1 end from ${sql.raw(sequence)}) as given`.execute(raw)
    const { used, given } = rows[0]!
    if (used !== null && given < used) problems.push(`numérotation : le prochain numéro de ${table} (${given + 1}) est déjà pris (le plus grand est ${used})`)
  }
  return { ok: problems.length === 0, problems }
}
