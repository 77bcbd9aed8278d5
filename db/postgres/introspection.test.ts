import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { postgresDatabase, SKIPPED_POSTGRES } from '../../tests/helpers/postgres'
import { tempDir } from '../../tests/helpers/temp'
import { referencesTo, textColumns, type SchemaIntrospection } from '../introspection'
import { openStore } from '../sqlite/connection'
import { sqliteIntrospection } from '../sqlite/introspection'
import { openPostgresStore } from './connection'
import { postgresIntrospection } from './introspection'
import { parsePostgresUrl } from './target'

// pg_catalog's answers are SQLite's: the same tables (the full-text index left out on both), the
// same columns and primary keys, the same foreign keys.

async function walk(schema: SchemaIntrospection) {
  const tables = await schema.tables()
  const shape: Record<string, unknown> = {}
  for (const table of tables) {
    shape[table] = {
      columns: (await schema.columns(table)).map(({ name, primaryKey }) => ({ name, primaryKey })),
      foreignKeys: (await schema.foreignKeys(table)).map(({ column, references }) => `${column} → ${references}`).sort(),
      text: (await textColumns(schema, table)).map(({ name }) => name),
    }
  }
  return { tables, shape, organisations: (await referencesTo(schema, 'organisations')).map(({ table, column }) => `${table}.${column}`).sort() }
}

describe.skipIf(SKIPPED_POSTGRES)('the schema read from pg_catalog', () => {
  it('is the schema SQLite describes', async () => {
    const local = await openStore(path.join(tempDir(), 'neuve.sqlite'))
    const team = await openPostgresStore(parsePostgresUrl((await postgresDatabase()).url))
    try {
      const sqlite = await walk(sqliteIntrospection(local.db))
      expect(sqlite.tables).not.toContain('search_index_data')
      expect(sqlite.organisations).toContain('interactions.organisation_id')
      expect(await walk(postgresIntrospection(team.db))).toEqual(sqlite)
    } finally {
      await team.close()
      await local.close()
    }
  })
})
