import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { caught } from '../../tests/helpers/errors'
import { postgresDatabase, postgresUrl, SKIPPED_POSTGRES, type TestDatabase } from '../../tests/helpers/postgres'
import { tempDir } from '../../tests/helpers/temp'
import { runAuditOperation, withoutAudit } from '../audit/context'
import { migrations } from '../migrations'
import { openPostgresStore, type PostgresStore } from '../postgres/connection'
import { parsePostgresUrl } from '../postgres/target'
import { openStore, type Store } from '../sqlite/connection'
import { generateDemo } from '../sqlite/demo'
import { searchAll } from '../sqlite/search'
import { copyDatabase } from './copy'
import { databaseDigests, differingTables, digestBuilder, encodeValue } from './digest'
import { exportTeamToFile, moveFileToTeam, restoreFileToTeam } from './files'
import { readIdCounters } from './engines'
import { transferPlan } from './plan'

// The transfer between a local file and a team database, on a real PostgreSQL server: the small
// demo moved in and exported back gives the same digests table by table; an occupied target, a
// refused row, a connection lost halfway and another schema version all leave the target as it was.

const opened: (Store | PostgresStore)[] = []
afterEach(async () => {
  for (const store of opened.splice(0).reverse()) await store.close()
})

async function team(database: TestDatabase): Promise<PostgresStore> {
  const store = await openPostgresStore(parsePostgresUrl(database.url))
  opened.push(store)
  return store
}

async function local(file: string, options: Parameters<typeof openStore>[1] = {}): Promise<Store> {
  const store = await openStore(file, options)
  opened.push(store)
  return store
}

/**
 * The small demo, plus what the demo lacks: audit rows (an operation undone by a later one), an
 * edition copied from a later edition, a deleted organisation (ids are never given twice), and
 * text and numbers that must come back exactly.
 */
let demoTemplate: string | undefined
async function demoFile(): Promise<string> {
  const file = path.join(tempDir(), 'locale.sqlite')
  if (demoTemplate) {
    fs.copyFileSync(demoTemplate, file)
    return file
  }
  const store = await openStore(file)
  generateDemo(store.sqlite, { seed: 3, today: '2026-11-02' })
  await runAuditOperation({ kind: 'test', label: 'Renommage', animator: 'Camille' }, () =>
    store.db.updateTable('organisations').set({ name: 'Café « L’Œuf » — 🥚\nsur deux lignes', notes: '  espaces  ' }).where('id', '=', 1).execute(),
  )
  await runAuditOperation({ kind: 'test', label: 'Création puis suppression', animator: 'Lucas' }, async () => {
    const { id } = await store.db.insertInto('organisations').values({ name: 'Éphémère', profileCode: 'association' }).returning('id').executeTakeFirstOrThrow()
    await store.db.deleteFrom('organisations').where('id', '=', id).execute()
  })
  withoutAudit(() => {
    store.sqlite.prepare('update audit_operations set undone_by = (select max(id) from audit_operations) where id = (select min(id) from audit_operations)').run()
    store.sqlite.prepare('update editions set copied_from_id = (select max(id) from editions) where id = (select min(id) from editions)').run()
    store.sqlite.prepare('update sequence_sessions set intervention_hours = 0.1 + 0.2, satisfaction = 4.35 where id = 1').run()
  })
  await store.close()
  demoTemplate = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vitawin-demo-')), 'demo.sqlite')
  fs.copyFileSync(file, demoTemplate)
  return file
}
afterAll(() => {
  if (demoTemplate) fs.rmSync(path.dirname(demoTemplate), { recursive: true, force: true })
})

/** The demo changed by one statement, then moved into a new team database: the error it gives. */
async function moveDemoWith(statement: string) {
  const file = await demoFile()
  const store = await openStore(file)
  store.sqlite.prepare(statement).run()
  await store.close()
  const database = await postgresDatabase()
  return { database, error: await caught(moveFileToTeam(file, parsePostgresUrl(database.url), { pageRows: 50 })) }
}

describe('a row digest', () => {
  it('tells apart values that print alike', () => {
    const values = [1, '1', null, 'null', '', 0, 0.1 + 0.2, 0.3, Buffer.from('1'), 's1:1']
    expect(new Set(values.map(encodeValue)).size).toBe(values.length)
    expect(encodeValue(-0)).toBe(encodeValue(0))
  })

  it('finds the tables whose rows differ, by count or by content', () => {
    const digest = (table: string, rows: Record<string, unknown>[]) => {
      const builder = digestBuilder(table, ['id', 'name'])
      for (const row of rows) builder.add(row)
      return builder.done()
    }
    const source = [digest('tags', [{ id: 1, name: 'a' }]), digest('networks', [{ id: 1, name: 'b' }])]
    expect(differingTables(source, [digest('tags', [{ id: 1, name: 'a' }]), digest('networks', [{ id: 1, name: 'b' }])])).toEqual([])
    const changed = [digest('tags', [{ id: 1, name: 'A' }]), digest('networks', [{ id: 1, name: 'b' }, { id: 2, name: 'c' }])]
    expect(differingTables(source, changed).map(({ table }) => table)).toEqual(['tags', 'networks'])
    expect(differingTables(source, source.slice(1)).map(({ table }) => table)).toEqual(['tags'])
  })
})

describe.skipIf(SKIPPED_POSTGRES)('moving a database between a file and a team database', () => {
  it('copies the demo into an empty team database and back into a file, with the same digests, audit trail, id counters and search', async () => {
    const file = await demoFile()
    const database = await postgresDatabase()
    const progress: string[] = []
    const moved = await moveFileToTeam(file, parsePostgresUrl(database.url), { pageRows: 97, onProgress: (p) => progress.push(p.phase) })
    expect(progress).toContain('Copie : audit_log')
    expect(progress.at(-1)).toBe('Vérification')

    const source = await local(file)
    const expected = await databaseDigests(source.db)
    expect(moved.tables).toEqual(expected)
    expect(expected.find((table) => table.table === 'audit_log')!.rows).toBeGreaterThan(0)

    const teamStore = await team(database)
    expect(await databaseDigests(teamStore.db)).toEqual(expected)
    // The audit trail was copied, not recorded again by the copy.
    const auditRows = await teamStore.db.selectFrom('auditLog').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
    expect(auditRows.n).toBe(expected.find((table) => table.table === 'audit_log')!.rows)
    // The next organisation gets the id after the deleted one, as it would have locally.
    const counters = await readIdCounters(source.db)
    expect(moved.idCounters.organisations).toBe(counters.get('organisations'))
    const { maxId } = (await sql<{ maxId: number }>`select max(id) as max_id from organisations`.execute(source.db)).rows[0]!
    expect(counters.get('organisations')).toBe(maxId + 1)
    // (Written unaudited, so that the trail stays the one moved in.)
    const created = await withoutAudit(() => teamStore.db.insertInto('organisations').values({ name: 'Nouvelle', profileCode: 'association' }).returning('id').executeTakeFirstOrThrow())
    expect(created.id).toBe(counters.get('organisations')! + 1)
    await withoutAudit(() => teamStore.db.deleteFrom('organisations').where('id', '=', created.id).execute())
    const searchRows = await sql<{ n: number }>`select count(*) as n from search_index where title like ${'%oeuf%'}`.execute(teamStore.db)
    expect(searchRows.rows[0]!.n).toBe(1)

    const out = path.join(tempDir(), 'export', 'equipe.sqlite')
    const exported = await exportTeamToFile(parsePostgresUrl(database.url), out, { pageRows: 101 })
    expect(exported.file).toBe(out)
    const back = await local(out)
    // The organisation created and deleted on the team database moved its counter on by one.
    expect({ ...exported.idCounters, organisations: exported.idCounters.organisations! - 1 }).toEqual(Object.fromEntries([...counters].sort()))
    expect(await databaseDigests(back.db)).toEqual(expected)
    expect(searchAll(back.sqlite, 'oeuf').map((hit) => hit.actorKey)).toEqual(['o1'])
    // The same hits in the same order (bm25's scores depend on how the index was written, not on what it holds).
    const hits = (store: Store, query: string) => searchAll(store.sqlite, query).map(({ score: _score, ...hit }) => hit)
    for (const query of ['oeuf', 'association', 'lycee mar', 'stage']) expect(hits(back, query), query).toEqual(hits(source, query))
  })

  it('restores a backup file into an empty team database only', async () => {
    const file = await demoFile()
    const database = await postgresDatabase()
    const report = await restoreFileToTeam(file, parsePostgresUrl(database.url))
    const source = await local(file)
    expect(report.tables).toEqual(await databaseDigests(source.db))
    const error = await caught(restoreFileToTeam(file, parsePostgresUrl(database.url)))
    expect(error).toMatchObject({ code: 'conflict' })
    expect(error.message).toMatch(/^La base cible n'est pas vide : interactions \(\d[\d\s]* lignes\), .* et 36 autres tables\. .* Rien n'a été copié\.$/)
  })

  it('refuses a target holding anything besides what its migrations wrote, and leaves it as it was', async () => {
    const file = await demoFile()
    const database = await postgresDatabase()
    const target = await team(database)
    await withoutAudit(() => target.db.insertInto('tags').values({ name: 'Déjà là' }).execute())
    const before = await databaseDigests(target.db)
    const error = await caught(moveFileToTeam(file, parsePostgresUrl(database.url)))
    expect(error).toMatchObject({ code: 'conflict' })
    expect(error.message).toBe("La base cible n'est pas vide : tags (1 ligne). Les données ne sont copiées que dans une base vide, pour ne jamais se mêler à d'autres. Rien n'a été copié.")
    expect(await databaseDigests(target.db)).toEqual(before)

    // A new local file is empty although its migrations wrote towns and profiles; one more town is not.
    const fresh = await local(path.join(tempDir(), 'neuve.sqlite'))
    fresh.sqlite.prepare("insert into towns (insee_code, name, population, sort_order) values ('99999', 'Ailleurs', 1, 99)").run()
    expect((await caught(copyDatabase(target.db, fresh.db))).message).toMatch(/^La base cible n'est pas vide : towns \(14 lignes\)/)
  })

  it('leaves the team database empty when a row is refused halfway, and names the row', async () => {
    // SQLite keeps text in an integer column; PostgreSQL refuses it.
    const { database, error } = await moveDemoWith("update session_classes set pupils_count = 'vingt' where id = 3")
    expect(error).toMatchObject({ code: 'invalid_input' })
    expect(error.message).toMatch(/^La ligne session_classes n° 3 ne peut pas être copiée : une valeur n'a pas la forme que la base cible attend \(détail : .*"vingt".*\)\. Rien n'a été copié/)
    const target = await team(database)
    for (const table of ['organisations', 'people', 'interactions', 'audit_log', 'session_classes']) {
      expect(await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(target.db).then((r) => r.rows[0]!.n), table).toBe(0)
    }
    expect(await sql<{ n: number }>`select count(*) as n from search_index`.execute(target.db).then((r) => r.rows[0]!.n)).toBe(0)
  })

  it('names a character PostgreSQL cannot keep before writing anything', async () => {
    const { error } = await moveDemoWith("update people set notes = 'avant' || char(0) || 'après' where id = 5")
    expect(error.message).toMatch(/^Caractère invalide dans people n° 5, champ notes/)
  })

  it('leaves the team database empty when its connection is cut halfway', async () => {
    const file = await demoFile()
    const database = await postgresDatabase()
    let cut = false
    const error = await caught(
      moveFileToTeam(file, parsePostgresUrl(database.url), {
        pageRows: 100,
        onProgress: (progress) => {
          if (cut || progress.phase !== 'Copie : people' || progress.done === 0) return
          cut = true
          const admin = new pg.Client({ connectionString: postgresUrl! })
          void admin
            .connect()
            .then(() => admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database.name]))
            .finally(() => admin.end())
        },
      }),
    )
    expect(cut).toBe(true)
    expect(error).toMatchObject({ code: 'server_unreachable' })
    expect(error.message).toMatch(/^La connexion au serveur de la base d'équipe \(127\.0\.0\.1:\d+\) a été coupée pendant la copie : rien n'a été enregistré dans la base d'équipe\./)
    const target = await team(database)
    for (const table of ['organisations', 'people', 'actor_profiles']) {
      const expected = table === 'actor_profiles' ? 7 : 0
      expect(await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(target.db).then((r) => r.rows[0]!.n), table).toBe(expected)
    }
  })

  it('refuses two databases at different schema versions', async () => {
    const older = await local(path.join(tempDir(), 'ancienne.sqlite'), { targetVersion: migrations.length - 1 })
    const database = await postgresDatabase()
    const target = await team(database)
    const error = await caught(copyDatabase(older.db, target.db))
    expect(error).toMatchObject({ code: 'conflict' })
    expect(error.message).toBe(
      `La base source est au schéma ${migrations.length - 1} et la base cible au schéma ${migrations.length} : les deux doivent être à la même version de Vitawin Back-office (mettez d'abord à jour la plus ancienne). Rien n'a été copié.`,
    )
  })

  it('walks the same tables, keys and foreign-key order on both engines', async () => {
    const fresh = await local(path.join(tempDir(), 'neuve.sqlite'))
    const target = await team(await postgresDatabase())
    const sqlitePlan = await transferPlan(fresh.db)
    expect(await transferPlan(target.db)).toEqual(sqlitePlan)
    const position = (table: string) => sqlitePlan.findIndex((plan) => plan.name === table)
    expect(position('organisations')).toBeLessThan(position('interactions'))
    expect(position('actor_profiles')).toBeLessThan(position('organisations'))
    expect(sqlitePlan.find((plan) => plan.name === 'editions')!.selfReferences).toEqual(['copied_from_id'])
    expect(sqlitePlan.find((plan) => plan.name === 'audit_subjects')!.key).toEqual(['subject', 'audit_id'])
    expect(sqlitePlan.map((plan) => plan.name)).not.toContain('schema_migrations')
  })
})
