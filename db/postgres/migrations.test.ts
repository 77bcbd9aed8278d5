import path from 'node:path'
import { Kysely, PostgresDialect, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { postgresDatabase, SKIPPED_POSTGRES } from '../../tests/helpers/postgres'
import { tempDir } from '../../tests/helpers/temp'
import { migrations } from '../migrations'
import { foldText } from '../rules/text'
import { applyPragmas, connect } from '../sqlite/connection'
import { migrate } from '../sqlite/migrator'
import { migratePostgres } from './migrator'

// One list of migrations, one history, on both engines: every migration runs on PostgreSQL (a new
// one written for SQLite only fails here), and gives the same tables, columns and seeds.

const TIMES = new Set(['created_at', 'updated_at', 'applied_at'])

async function emptyDatabase() {
  const database = await postgresDatabase('empty')
  const pool = database.pool()
  return { pool, db: new Kysely<any>({ dialect: new PostgresDialect({ pool }) }) }
}

async function sqliteReference() {
  const sqlite = connect(path.join(tempDir(), 'reference.sqlite'), {})
  applyPragmas(sqlite)
  await migrate(sqlite)
  return sqlite
}

describe.skipIf(SKIPPED_POSTGRES)('the migrations on PostgreSQL', () => {
  it('run one by one from an empty database, each recorded in the history', async () => {
    const { pool, db } = await emptyDatabase()
    for (let version = 1; version <= migrations.length; version++) {
      await expect(migratePostgres(pool, version), migrations[version - 1]!.name).resolves.toEqual({ from: version - 1, to: version })
    }
    const applied = await db.selectFrom('schema_migrations').select('name').orderBy('name').execute()
    expect(applied.map((row) => row.name)).toEqual(migrations.map((migration) => migration.name))
    await expect(migratePostgres(pool)).resolves.toEqual({ from: migrations.length, to: migrations.length })
  })

  it('write the tables and columns SQLite has, with the same seeded rows', async () => {
    const sqlite = await sqliteReference()
    const { pool, db } = await emptyDatabase()
    await migratePostgres(pool)
    const sqliteTables = (sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'search_index%' order by name").pluck().all() as string[])
    const { rows: pgTables } = await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name <> 'search_index' order by table_name collate "C"`.execute(db)
    expect(pgTables.map((row) => row.name)).toEqual(sqliteTables)
    for (const table of sqliteTables) {
      const sqliteColumns = (sqlite.pragma(`table_info("${table}")`) as { name: string }[]).map((column) => column.name)
      const { rows } = await sql<{ name: string }>`select column_name as name from information_schema.columns
        where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db)
      expect(rows.map((row) => row.name), table).toEqual(sqliteColumns)
      const comparable = (row: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([column]) => !TIMES.has(column))))
      const sqliteRows = (sqlite.prepare(`select * from "${table}"`).all() as Record<string, unknown>[]).map(comparable).sort()
      const pgRows = (await db.selectFrom(table).selectAll().execute()).map(comparable).sort()
      expect(pgRows, table).toEqual(sqliteRows)
    }
    sqlite.close()
  })

  it('give ids from identity columns, also after 0011 copied the import mappings with theirs', async () => {
    const { pool, db } = await emptyDatabase()
    await migratePostgres(pool, 10)
    await db.insertInto('import_mappings').values({ name: 'Export CCI', target: 'organisations', mapping: '{}' }).execute()
    await migratePostgres(pool)
    const inserted = await db.insertInto('import_mappings').values({ name: 'Contacts', target: 'contacts', mapping: '{}' }).returning('id').executeTakeFirstOrThrow()
    expect(inserted.id).toBe(2)
    await expect(db.insertInto('import_mappings').values({ name: 'Élèves', target: 'pupils', mapping: '{}' }).execute()).rejects.toThrow(/check constraint/)
    const organisation = await db.insertInto('organisations').values({ name: 'Atelier', profile_code: 'entreprise' }).returning('id').executeTakeFirstOrThrow()
    expect(organisation.id).toBe(1)
  })

  it('keep the checks SQLite writes differently: school years, exactly one attendee, tags without case', async () => {
    const { pool, db } = await emptyDatabase()
    await migratePostgres(pool)
    const programme = await db.selectFrom('programmes').select('id').executeTakeFirstOrThrow()
    await expect(db.insertInto('editions').values({ programme_id: programme.id, school_year: '2025-26', title: 'x', status: 'preparation' }).execute()).rejects.toThrow(/check constraint/)
    await db.insertInto('editions').values({ programme_id: programme.id, school_year: '2025-2026', title: 'x', status: 'preparation' }).execute()
    await db.insertInto('tags').values({ name: 'Numérique' }).execute()
    await expect(db.insertInto('tags').values({ name: 'NUMéRIQUE' }).execute()).rejects.toThrow(/unique/)
    const session = await db.insertInto('copil_sessions').values({ reference: 'COPIL-2026-01', held_on: '2026-03-01' }).returning('id').executeTakeFirstOrThrow()
    const attendance = (guest: string | null) => db.insertInto('copil_attendance').values({ session_id: session.id, guest_name: guest, status: 'present' }).execute()
    await expect(attendance(null)).rejects.toThrow(/check constraint/)
    await attendance('Invitée')
    const row = await db.selectFrom('copil_sessions').select('created_at').executeTakeFirstOrThrow()
    expect(row.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  })

  it('fold text in SQL as foldText does in JavaScript', async () => {
    const { pool, db } = await emptyDatabase()
    await migratePostgres(pool, 1)
    const samples = [
      'Élodie  Lefèvre', 'Œuvre ÆSOP straße', 'L’Atelier — « Cœur »', ' ﬁnance ＡＢＣ ™ ', 'Иван Петров', '東京 café',
      'Jean\u00a0Dupont', 'a\u202fb', 'Søren Łukasz đ', '… et puis', 'ÇA VA‑BIEN', '', 'déjà-vu',
    ]
    for (const sample of samples) {
      const { rows } = await sql<{ folded: string }>`select vitawin_fold(${sample}) as folded`.execute(db)
      expect(rows[0]!.folded, JSON.stringify(sample)).toBe(foldText(sample))
    }
  })

  it('keep the search index in step with organisations, people, the journal and meeting minutes', async () => {
    const { pool, db } = await emptyDatabase()
    await migratePostgres(pool)
    const index = async () => (await sql<{ row_id: string; title: string; body: string }>`select row_id::int as row_id, title, body from search_index order by row_id`.execute(db)).rows
    const { id } = await db.insertInto('organisations').values({ name: 'Boulangerie Lefèvre', profile_code: 'entreprise', email: 'Contact@Boulangerie.fr' }).returning('id').executeTakeFirstOrThrow()
    const person = await db.insertInto('people').values({ first_name: 'Élodie', last_name: 'Martin', profile_code: 'entreprise' }).returning('id').executeTakeFirstOrThrow()
    await db.insertInto('interactions').values({ organisation_id: id, occurred_on: '2026-01-05', kind: 'appel', summary: 'Stage de découverte', animator: 'Camille' }).execute()
    const group = await db.insertInto('working_groups').values({ name: 'Numérique' }).returning('id').executeTakeFirstOrThrow()
    await db.insertInto('group_meetings').values({ group_id: group.id, held_on: '2026-02-01', place: 'Mairie', minutes: 'Forum des métiers' }).execute()
    expect(await index()).toEqual([
      { row_id: id * 4, title: 'boulangerie lefevre', body: 'contact@boulangerie.fr' },
      { row_id: person.id * 4 + 1, title: 'elodie martin', body: '' },
      { row_id: 1 * 4 + 2, title: '', body: 'stage de decouverte' },
      { row_id: 1 * 4 + 3, title: '', body: 'mairie forum des metiers' },
    ])
    const matches = async (query: string) =>
      (await sql<{ row_id: number }>`select row_id::int as row_id from search_index where words @@ to_tsquery('vitawin', ${query}) order by row_id`.execute(db)).rows.map((row) => row.row_id)
    expect(await matches('boulang:*')).toEqual([id * 4])
    expect(await matches('decouv:*')).toEqual([6])
    expect(await matches('boulangerie:* & fr:*')).toEqual([id * 4])
    expect(await matches('metier:*')).toEqual([7])
    await db.updateTable('organisations').set({ name: 'Pâtisserie Lefèvre' }).where('id', '=', id).execute()
    expect(await matches('boulang:*')).toEqual([id * 4]) // still in the e-mail address
    expect(await matches('patiss:*')).toEqual([id * 4])
    await db.deleteFrom('interactions').execute()
    await db.deleteFrom('people').execute()
    await db.deleteFrom('group_meetings').execute()
    expect((await index()).map((row) => row.row_id)).toEqual([id * 4])
  })

  it('index names in any script from 0015 on, the rows written before it included', async () => {
    const { pool, db } = await emptyDatabase()
    const version = migrations.findIndex((migration) => migration.name === '0015-search-words-any-script') + 1
    await migratePostgres(pool, version - 1)
    const person = await db.insertInto('people').values({ first_name: 'Иван', last_name: 'Петров', profile_code: 'parent' }).returning('id').executeTakeFirstOrThrow()
    const matches = async (query: string) =>
      (await sql<{ row_id: number }>`select row_id::int as row_id from search_index where words @@ to_tsquery('vitawin', ${query}) and title_words @@ to_tsquery('vitawin', ${query})`.execute(db)).rows.map((row) => row.row_id)
    expect(await matches('иван:*')).toEqual([])
    await migratePostgres(pool, version)
    expect(await matches('иван:*')).toEqual([person.id * 4 + 1])
    const added = await db.insertInto('organisations').values({ name: 'Jumelage 東京', profile_code: 'association' }).returning('id').executeTakeFirstOrThrow()
    expect(await matches('東京:*')).toEqual([added.id * 4])
  })

  it('let a second instance find the work done when two start at once', async () => {
    const { pool } = await emptyDatabase()
    const results = await Promise.all([migratePostgres(pool), migratePostgres(pool)])
    expect(results.map((result) => result.to)).toEqual([migrations.length, migrations.length])
    expect(results.map((result) => result.from).sort()).toEqual([0, migrations.length])
  })

  it('leave nothing behind when a migration fails', async () => {
    const { pool, db } = await emptyDatabase()
    const failing = [
      ...migrations,
      {
        name: '9999-broken',
        up: async (trx: Kysely<any>) => {
          await trx.schema.createTable('half_done').addColumn('id', 'integer').execute()
          throw new Error('boom')
        },
      },
    ]
    await expect(migratePostgres(pool, failing.length, failing)).rejects.toThrow('boom')
    const { rows } = await sql<{ present: boolean }>`select to_regclass('organisations') is not null as present`.execute(db)
    expect(rows[0]!.present).toBe(false)
  })
})
