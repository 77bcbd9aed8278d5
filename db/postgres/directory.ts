import type pg from 'pg'
import type { DIRECTORY_FIELDS, DirectoryField } from '../rules/actor-columns'
import { POSTGRES_DIRECTORY } from '../actors/directory-sql'
import { readDirectory, type DirectoryOptions, type DirectoryPage, type DirectoryRow } from '../actors/directory-query'

// The directory on a team database (db/actors/directory-query.ts): SQLite's statements in
// PostgreSQL's words, read as arrays of values (pg's rowMode 'array', SQLite's raw mode): the same
// rows in the same order, whatever the filter and the sort.

export function loadPostgresDirectory<Fields extends readonly DirectoryField[] = typeof DIRECTORY_FIELDS>(
  pool: pg.Pool,
  options: DirectoryOptions<Fields> = {},
): Promise<DirectoryPage<Fields>> {
  const arrays = async (text: string, values: unknown[] = []) => (await pool.query<DirectoryRow>({ text, values, rowMode: 'array' })).rows
  return readDirectory(
    {
      dialect: POSTGRES_DIRECTORY,
      connection: pool,
      arrays,
      // The newest operations of the audit trail, which every committed write makes, whoever made it
      // (the app, the command line, another client). Several, not only the last: a transaction that
      // took its operation early may commit after a later one.
      stamp: async () => String((await arrays("select string_agg(id::text, ',') from (select id from audit_operations order by id desc limit 32) x"))[0]![0] ?? ''),
    },
    options,
  )
}
