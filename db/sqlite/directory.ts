import type BetterSqlite3 from 'better-sqlite3'
import { DIRECTORY_FIELDS, type DirectoryField } from '../rules/actor-columns'
import { directorySelectSql, firstPageSql, SQLITE_DIRECTORY, TABLES, type Kind } from '../actors/directory-sql'

// The whole directory as compact rows (arrays of values, one per field) for the grid and its
// export. A hot path at territory scale (160,000 rows): one plain SQL statement per kind, read in
// raw mode, no per-row objects.
//
// Turning SQLite values into JavaScript strings is most of the time (about 0.2 µs a value), so a
// reader that needs a few columns (the export) asks for those fields only: the statement then
// selects only them and joins only the aggregates they need.

// The statements themselves are written once for both engines (db/actors/directory-sql.ts).
const selectSql = (kind: Kind, fields: readonly DirectoryField[], where = '') => directorySelectSql(SQLITE_DIRECTORY, kind, fields, where)
const FIRST_PAGE_SQL = firstPageSql(SQLITE_DIRECTORY)

export type DirectoryRow = (string | number | null)[]

export interface DirectoryPage<Fields extends readonly DirectoryField[] = typeof DIRECTORY_FIELDS> {
  /** What each row holds, position by position. */
  fields: Fields
  rows: DirectoryRow[]
  total: number
}

export interface DirectoryOptions<Fields extends readonly DirectoryField[]> {
  /** Only these actors, in the order given (unknown keys are left out). */
  keys?: string[]
  /** The first `limit` organisations by name, without the aggregated columns (the first screenful). */
  limit?: number
  /** Only these fields, in this order (default: every field, in DIRECTORY_FIELDS order). */
  fields?: Fields
}

/** All rows, or only those of the given keys (in the order given). */
export function loadDirectory<Fields extends readonly DirectoryField[] = typeof DIRECTORY_FIELDS>(
  sqlite: BetterSqlite3.Database,
  options: DirectoryOptions<Fields> = {},
): DirectoryPage<Fields> {
  const total =
    (sqlite.prepare('select (select count(*) from organisations) + (select count(*) from people)').pluck().get() as number) ?? 0
  const asked = (options.fields ?? DIRECTORY_FIELDS) as Fields
  if (options.limit && !options.keys) {
    // The first screenful, fast: the organisations' own columns, in name order, while the whole
    // directory (with its aggregated columns) loads.
    const rows = sqlite.prepare(FIRST_PAGE_SQL).raw(true).all(Math.max(1, Math.floor(options.limit))) as DirectoryRow[]
    const positions = asked.map((field) => DIRECTORY_FIELDS.indexOf(field))
    return { fields: asked, rows: options.fields ? rows.map((row) => positions.map((p) => row[p]!)) : rows, total }
  }
  // In table order, whichever aggregates are joined.
  const read = (kind: Kind) => sqlite.prepare(selectSql(kind, asked, `order by ${TABLES[kind].alias}.id`)).raw(true).all() as DirectoryRow[]
  if (!options.keys) return { fields: asked, rows: [...read('organisation'), ...read('person')], total }

  const organisationIds: number[] = []
  const personIds: number[] = []
  for (const key of options.keys) (key.startsWith('o') ? organisationIds : personIds).push(Number(key.slice(1)))
  // Rows come back in table order; the key (read as an extra last value) puts them in the order asked.
  const withKey = (kind: Kind, ids: number[]) => {
    if (ids.length === 0) return []
    const where = `where ${TABLES[kind].alias}.id in (select value from json_each(?))`
    return sqlite.prepare(selectSql(kind, [...asked, 'key'], where)).raw(true).all(JSON.stringify(ids)) as DirectoryRow[]
  }
  const byKey = new Map<string, DirectoryRow>()
  for (const row of [...withKey('organisation', organisationIds), ...withKey('person', personIds)]) {
    byKey.set(row.pop() as string, row)
  }
  const rows: DirectoryRow[] = []
  for (const key of options.keys) {
    const row = byKey.get(key)
    if (row) rows.push(row)
  }
  return { fields: asked, rows, total }
}
