import type BetterSqlite3 from 'better-sqlite3'

// SQLite-only: what the live schema says (tables, columns, foreign keys), so that a merge, an
// erasure or a purge covers every table, including those added by later migrations.

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

/**
 * Points every reference to `fromId` at `toId` instead. Where the move would create a duplicate
 * link (a unique index), the redundant link of `fromId` is dropped.
 */
export function repointReferences(sqlite: BetterSqlite3.Database, target: string, fromId: number, toId: number): number {
  let moved = 0
  for (const { table, column } of referencesTo(sqlite, target)) {
    moved += sqlite.prepare(`update or ignore ${quoteId(table)} set ${quoteId(column)} = ? where ${quoteId(column)} = ?`).run(toId, fromId).changes
    sqlite.prepare(`delete from ${quoteId(table)} where ${quoteId(column)} = ?`).run(fromId)
  }
  return moved
}
