import { sql } from 'kysely'
import type { SchemaIntrospection } from '../introspection'
import type { Db } from '../schema'

// PostgreSQL's answers to db/introspection.ts, from pg_catalog, in the connection's current schema
// and through Kysely (so inside the caller's transaction when it has one). The same tables as
// SQLite's: search_index is the full-text index, kept by triggers from the tables it indexes, as
// SQLite's FTS5 table (which its introspection leaves out) is. Generated columns are left out,
// as SQLite's pragma_table_info leaves them out: nothing writes them.

const tableOid = (table: string) => sql`(select c.oid from pg_class c where c.relname = ${table} and c.relnamespace = current_schema()::regnamespace)`

export function postgresIntrospection(db: Db): SchemaIntrospection {
  return {
    engine: 'postgres',
    async tables() {
      const { rows } = await sql<{ name: string }>`select c.relname::text as name from pg_class c
        where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p') and c.relname <> 'search_index'
        order by c.relname`.execute(db)
      return rows.map((row) => row.name)
    },
    async columns(table) {
      const { rows } = await sql<{ name: string; type: string; notnull: boolean; pk: number }>`select a.attname::text as name,
          format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as notnull,
          coalesce((select k.position from unnest(i.indkey) with ordinality as k(attnum, position) where k.attnum = a.attnum), 0)::int as pk
        from pg_attribute a
        left join pg_index i on i.indrelid = a.attrelid and i.indisprimary
        where a.attrelid = ${tableOid(table)} and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
        order by a.attnum`.execute(db)
      return rows.map((row) => ({ name: row.name, type: row.type, notNull: row.notnull, primaryKey: row.pk }))
    },
    async foreignKeys(table) {
      const { rows } = await sql<{ references: string; column: string }>`select r.relname::text as "references", a.attname::text as "column"
        from pg_constraint c
        cross join lateral unnest(c.conkey) as k(attnum)
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
        join pg_class r on r.oid = c.confrelid
        where c.contype = 'f' and c.conrelid = ${tableOid(table)}
        order by c.conname, a.attnum`.execute(db)
      return rows
    },
  }
}
