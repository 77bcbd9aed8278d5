import type BetterSqlite3 from 'better-sqlite3'

// SQLite-only: finds every foreign key that points to a table, from the schema itself, so that a
// merge moves every link, including those of tables added by later migrations.

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
    const keys = sqlite.pragma(`foreign_key_list("${table.replaceAll('"', '""')}")`) as { table: string; from: string }[]
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
    const quotedTable = `"${table.replaceAll('"', '""')}"`
    const quotedColumn = `"${column.replaceAll('"', '""')}"`
    moved += sqlite.prepare(`update or ignore ${quotedTable} set ${quotedColumn} = ? where ${quotedColumn} = ?`).run(toId, fromId).changes
    sqlite.prepare(`delete from ${quotedTable} where ${quotedColumn} = ?`).run(fromId)
  }
  return moved
}
