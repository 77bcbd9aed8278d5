import type pg from 'pg'
import { DIRECTORY_FIELDS, type DirectoryField } from '../rules/actor-columns'
import { directorySelectSql, POSTGRES_DIRECTORY, TABLES, type Kind } from '../actors/directory-sql'
import { notInTeamMode } from '../backend'
import type { DirectoryOptions, DirectoryPage, DirectoryRow } from '../sqlite/directory'

// The directory on a team database: the statements SQLite runs (db/actors/directory-sql.ts, in
// PostgreSQL's words), read as arrays of values (pg's rowMode 'array', SQLite's raw mode), the
// same rows in the same order. Built like SQLite's: the rows of given keys (rowsOf), the whole
// directory in table order. The grid's filtered, sorted windows (SQLite's matchingKeys) are not
// written for PostgreSQL yet: refused in French.

const selectSql = (kind: Kind, fields: readonly DirectoryField[], where = '') => directorySelectSql(POSTGRES_DIRECTORY, kind, fields, where)

async function arrays(pool: pg.Pool, text: string, values: unknown[] = []): Promise<DirectoryRow[]> {
  return (await pool.query<DirectoryRow>({ text, values, rowMode: 'array' })).rows
}

/** The rows of these keys, in the order given (unknown keys are left out). */
async function rowsOf(pool: pg.Pool, asked: readonly DirectoryField[], keys: readonly string[]): Promise<DirectoryRow[]> {
  const ids: Record<Kind, number[]> = { organisation: [], person: [] }
  for (const key of keys) ids[key.startsWith('o') ? 'organisation' : 'person'].push(Number(key.slice(1)))
  // The key, read as an extra last value, puts the rows in the order asked.
  const read = async (kind: Kind) =>
    ids[kind].length === 0
      ? []
      : arrays(pool, selectSql(kind, [...asked, 'key'], `where ${POSTGRES_DIRECTORY.idIn(`${TABLES[kind].alias}.id`, 1)}`), [POSTGRES_DIRECTORY.idList(ids[kind])])
  const byKey = new Map<string, DirectoryRow>()
  for (const row of (await Promise.all([read('organisation'), read('person')])).flat()) byKey.set(row.pop() as string, row)
  return keys.map((key) => byKey.get(key)).filter((row) => row !== undefined)
}

export async function loadPostgresDirectory<Fields extends readonly DirectoryField[] = typeof DIRECTORY_FIELDS>(
  pool: pg.Pool,
  options: DirectoryOptions<Fields> = {},
): Promise<DirectoryPage<Fields>> {
  const [[total]] = (await arrays(pool, 'select (select count(*) from organisations) + (select count(*) from people)')) as [[number]]
  const asked = (options.fields ?? DIRECTORY_FIELDS) as Fields
  if (options.filter || options.sort || options.window) throw notInTeamMode("L'annuaire filtré et trié par le serveur")
  if (options.keys) return { fields: asked, rows: await rowsOf(pool, asked, options.keys), total }
  // In table order, whichever aggregates are joined.
  const read = (kind: Kind) => arrays(pool, selectSql(kind, asked, `order by ${TABLES[kind].alias}.id`))
  return { fields: asked, rows: (await Promise.all([read('organisation'), read('person')])).flat(), total }
}
