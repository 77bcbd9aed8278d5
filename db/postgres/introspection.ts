import { sql } from 'kysely'
import type { SchemaIntrospection } from '../introspection'
import type { Db } from '../schema'

// PostgreSQL's answers to db/introspection.ts, from pg_catalog, for the tables of the schema the
// connection works in. search_index (the full-text index, rebuilt by triggers) is left out, as
// SQLite's virtual table and its shadow tables are.

const table = (name: string) => sql`(select c.oid from pg_class c where c.relname = ${name} and c.relnamespace = current_schema()::regnamespace)`

export function postgresIntrospection(db: Db): SchemaIntrospection {
  return {
    engine: 'postgres',
    async tables() {
      const { rows } = await sql<{ name: string }>`select relname as name from pg_class
        where relnamespace = current_schema()::regnamespace and relkind in ('r', 'p') and relname <> 'search_index' order by relname`.execute(db)
      return rows.map((row) => row.name)
    },
    async columns(name) {
      const { rows } = await sql<{ name: string; type: string; notnull: boolean; pk: number }>`select a.attname as name,
          format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as notnull, coalesce((select k.position from unnest(i.indkey) with ordinality as k(attnum, position) where k.attnum = a.attnum), 0)::int as pk
        from pg_attribute a left join pg_index i on i.indrelid = a.attrelid and i.indisprimary
        where a.attrelid = ${table(name)} and a.attnum > 0 and not a.attisdropped order by a.attnum`.execute(db)
      return rows.map((row) => ({ name: row.name, type: row.type, notNull: row.notnull, primaryKey: row.pk }))
    },
    async foreignKeys(name) {
      const { rows } = await sql<{ references: string; column: string }>`select r.relname as "references", a.attname as "column"
        from pg_constraint k join pg_class r on r.oid = k.confrelid join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
        where k.contype = 'f' and k.conrelid = ${table(name)} order by a.attnum`.execute(db)
      return rows
    },
  }
}
