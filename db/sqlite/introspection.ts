import { sql } from 'kysely'
import type { SchemaIntrospection } from '../introspection'
import type { Db } from '../schema'

// SQLite's answers to db/introspection.ts, from sqlite_master and the pragma table functions,
// through Kysely (so inside the caller's transaction when it has one).

export function sqliteIntrospection(db: Db): SchemaIntrospection {
  return {
    engine: 'sqlite',
    async tables() {
      // pragma_table_list types the full-text index 'virtual' and its internal tables 'shadow'.
      const { rows } = await sql<{ name: string }>`select name from pragma_table_list
        where schema = 'main' and type = 'table' and name not like 'sqlite_%' order by name`.execute(db)
      return rows.map((row) => row.name)
    },
    async columns(table) {
      const { rows } = await sql<{ name: string; type: string; notnull: number; pk: number }>`select name, type, "notnull", pk from pragma_table_info(${table})`.execute(db)
      return rows.map((row) => ({ name: row.name, type: row.type, notNull: row.notnull === 1, primaryKey: row.pk }))
    },
    async foreignKeys(table) {
      const { rows } = await sql<{ references: string; column: string }>`select "table" as "references", "from" as "column" from pragma_foreign_key_list(${table})`.execute(db)
      return rows
    },
  }
}
