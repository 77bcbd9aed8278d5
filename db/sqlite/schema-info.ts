import type BetterSqlite3 from 'better-sqlite3'

// SQLite-only and synchronous: what the live schema says (tables, columns, foreign keys), for the
// synchronous code that still walks it on the raw handle (a person's export and erasure, the
// retention purge). New code reads db/introspection.ts, which both engines answer; these go
// when that code becomes async Kysely (issue 15).

/** A table or column name, quoted for SQL. */
export function quoteId(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

export interface ColumnInfo {
  name: string
  type: string
  notnull: number
  pk: number
}

export function columnsOf(sqlite: BetterSqlite3.Database, table: string): ColumnInfo[] {
  return sqlite.pragma(`table_info(${quoteId(table)})`) as ColumnInfo[]
}

/** The columns that may hold text (declared TEXT, CHAR or CLOB, or without a type). */
export function textColumns(sqlite: BetterSqlite3.Database, table: string): ColumnInfo[] {
  return columnsOf(sqlite, table).filter((column) => /TEXT|CHAR|CLOB/i.test(column.type) || column.type === '')
}

export interface ForeignKeyColumn {
  table: string
  column: string
}

export function referencesTo(sqlite: BetterSqlite3.Database, target: string): ForeignKeyColumn[] {
  const tables = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and sql not like 'CREATE VIRTUAL%'")
    .pluck()
    .all() as string[]
  const found: ForeignKeyColumn[] = []
  for (const table of tables) {
    const keys = sqlite.pragma(`foreign_key_list(${quoteId(table)})`) as { table: string; from: string }[]
    for (const key of keys) if (key.table === target) found.push({ table, column: key.from })
  }
  return found
}
