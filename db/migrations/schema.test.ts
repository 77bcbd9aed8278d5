import crypto from 'node:crypto'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../tests/helpers/temp'
import { applyPragmas, connect } from '../sqlite/connection'
import { migrate } from '../sqlite/migrator'
import { migrations } from './index'

// The SQLite schema the migrations write, as a committed file: a change to what any migration
// writes on SQLite (a new migration, or a refactor of the migrations' code) shows in review as a
// change of this file. Rewrite it on purpose with `npx vitest run db/migrations/schema.test.ts -u`.

describe('the SQLite schema after every migration', () => {
  it('is the committed one', async () => {
    const sqlite = connect(path.join(tempDir(), 'schema.sqlite'), {})
    applyPragmas(sqlite)
    await migrate(sqlite)
    const objects = sqlite
      .prepare("select type, name, tbl_name as tableName, sql from sqlite_master where sql is not null order by type, name")
      .all() as { type: string; name: string; tableName: string; sql: string }[]
    // What the migrations seed (territory, vocabularies…), as a count and a digest per table.
    const seeded = objects
      .filter((object) => object.type === 'table' && object.name !== 'schema_migrations' && !object.sql.startsWith('CREATE VIRTUAL'))
      .map((object) => {
        // Without the times the rows were written at.
        const rows = (sqlite.prepare(`select * from "${object.name}"`).all() as Record<string, unknown>[])
          .map(({ created_at: _created, updated_at: _updated, ...row }) => JSON.stringify(row))
          .sort()
        const digest = crypto.createHash('sha1').update(rows.join('\n')).digest('hex')
        return rows.length === 0 ? null : `-- rows of ${object.name}: ${rows.length}, sha1 ${digest}`
      })
      .filter((line) => line !== null)
    const text = [
      `-- schema version ${migrations.length}: ${migrations.at(-1)!.name}`,
      ...objects.map((object) => `-- ${object.type} ${object.name} on ${object.tableName}\n${object.sql};`),
      ...seeded,
      '',
    ].join('\n')
    sqlite.close()
    await expect(text).toMatchFileSnapshot('./schema.sqlite.sql')
  })
})
