import type BetterSqlite3 from 'better-sqlite3'
import type { DIRECTORY_FIELDS, DirectoryField } from '../rules/actor-columns'
import { SQLITE_DIRECTORY } from '../actors/directory-sql'
import { readDirectory, type DirectoryOptions, type DirectoryPage, type DirectoryRow } from '../actors/directory-query'

// The whole directory as compact rows (arrays of values, one per field) for the grid and its
// export (db/actors/directory-query.ts). A hot path at territory scale (160,000 rows): one plain
// SQL statement per kind, read in raw mode, no per-row objects. Turning SQLite values into
// JavaScript strings is most of the time (about 0.2 µs a value), so a reader that needs a few
// columns (the export) asks for those fields only.

/** All rows, or only those of the given keys (in the order given), or those a filter keeps. */
export function loadDirectory<Fields extends readonly DirectoryField[] = typeof DIRECTORY_FIELDS>(
  sqlite: BetterSqlite3.Database,
  options: DirectoryOptions<Fields> = {},
): Promise<DirectoryPage<Fields>> {
  return readDirectory(
    {
      dialect: SQLITE_DIRECTORY,
      connection: sqlite,
      arrays: (sql, params = []) => sqlite.prepare(sql).raw(true).all(...params) as DirectoryRow[],
      // Changes through this connection, or through another one (the command line, another window).
      stamp: () => `${sqlite.prepare('select total_changes()').pluck().get()}:${sqlite.pragma('data_version', { simple: true })}`,
    },
    options,
  )
}
