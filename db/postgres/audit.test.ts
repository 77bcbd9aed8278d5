import { sql } from 'kysely'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { postgresDatabase, SKIPPED_POSTGRES } from '../../tests/helpers/postgres'
import { tempStore } from '../../tests/helpers/temp'
import { createOrganisation, createPerson, deleteActor, updateOrganisation } from '../actors/records'
import { runAuditOperation, withoutAudit } from '../audit/context'
import { openStore, parseDatabaseTarget, type Store } from '../backend'
import { installAuditTriggers, missingAuditTriggers } from './audit'

// The PostgreSQL triggers write what SQLite's TEMP triggers write (db/sqlite/audit.ts), with the
// operation and the animator set per transaction by the app's driver (db/postgres/dialect.ts).

async function postgresStore(): Promise<{ store: Store; url: string }> {
  const database = await postgresDatabase()
  return { store: await openStore(parseDatabaseTarget(database.url)), url: database.url }
}

/** The same changes, made the way the app makes them. */
async function script(store: Store): Promise<void> {
  const camille = { kind: 'actors.createOrganisation', label: 'Création', animator: 'Camille Laurent' }
  const organisation = await runAuditOperation(camille, () =>
    store.db.transaction().execute((trx) => createOrganisation(trx, { name: 'Boulangerie du Port', profileCode: 'entreprise', email: 'contact@boulangerie.fr', townCode: '94052' })),
  )
  await runAuditOperation({ kind: 'actors.createPerson', label: 'Création d’un contact', animator: 'Samir Haddad' }, async () => {
    const person = await createPerson(store.db, { firstName: 'Ada', lastName: 'Lovelace', profileCode: 'entreprise' })
    await store.db.insertInto('affiliations').values({ personId: person, organisationId: organisation, role: 'Gérante' }).execute()
  })
  await runAuditOperation({ kind: 'actors.updateOrganisation', label: 'Modification', animator: 'Samir Haddad' }, () =>
    updateOrganisation(store.db, organisation, { name: 'Boulangerie du Port de Nogent', profileCode: 'entreprise', email: null, townCode: '94052' }),
  )
  // Nothing changed but the time: not a change.
  await runAuditOperation({ kind: 'settings.same', label: 'Rien', animator: 'Camille Laurent' }, () =>
    sql`update organisations set updated_at = updated_at where id = ${organisation}`.execute(store.db),
  )
  await withoutAudit(() => createOrganisation(store.db, { name: 'Démonstration', profileCode: 'association' }))
  await runAuditOperation({ kind: 'indicators.setTarget', label: 'Cible', animator: 'Camille Laurent' }, () =>
    sql`insert into settings (key, value) values ('essai', '{"a":1}')`.execute(store.db),
  )
  await runAuditOperation({ kind: 'actors.delete', label: 'Suppression', animator: 'Camille Laurent' }, () => deleteActor(store.db, { kind: 'organisation', id: organisation }))
}

/** The audit trail without its ids and times, in the order written. */
async function trail(store: Store) {
  const { rows: operations } = await sql<{ id: number; kind: string; label: string; animator: string | null }>`select id, kind, label, animator from audit_operations order by id`.execute(store.db)
  const { rows: log } = await sql<{ id: number; operation_id: number; action: string; table_name: string; row_id: number | null; row_key: string | null; changes: string }>`
    select id, operation_id, action, table_name, row_id, row_key, changes from audit_log order by id`.execute(store.db.withoutPlugins())
  const { rows: subjects } = await sql<{ subject: string; audit_id: number }>`select subject, audit_id from audit_subjects`.execute(store.db.withoutPlugins())
  const operationOf = new Map(operations.map((operation) => [operation.id, operation]))
  return {
    operations: operations.map(({ kind, label, animator }) => ({ kind, label, animator })),
    log: log.map((row) => ({
      operation: operationOf.get(row.operation_id)!.kind,
      action: row.action,
      table: row.table_name,
      rowId: row.row_id,
      rowKey: row.row_key,
      changes: JSON.parse(row.changes),
      subjects: subjects.filter((subject) => subject.audit_id === row.id).map((subject) => subject.subject).sort(),
    })),
  }
}

describe.skipIf(SKIPPED_POSTGRES)('the audit trail on PostgreSQL', () => {
  it('records what SQLite records: operations with their animator, fields, old and new values, the actors each change is about', async () => {
    const sqlite = await tempStore()
    const { store } = await postgresStore()
    await script(sqlite)
    await script(store)
    const expected = await trail(sqlite)
    const found = await trail(store)
    // Tables keyed by something else than an integer id: SQLite keeps their rowid, PostgreSQL has none (row_key names them on both).
    // Within one statement, SQLite records the rows a cascade deletes before the row deleted, PostgreSQL after.
    const comparable = (log: typeof expected.log) =>
      log
        .map((row) => (row.table === 'settings' ? { ...row, rowId: null } : row))
        .map((row, index, all) => ({ row, key: [all.findIndex((other) => other.operation === row.operation), row.table] as const }))
        .sort((a, b) => a.key[0] - b.key[0] || a.key[1].localeCompare(b.key[1]))
        .map(({ row }) => row)
    expect(found.operations).toEqual(expected.operations)
    expect(comparable(found.log)).toEqual(comparable(expected.log))
    expect(found.log.find((row) => row.table === 'organisations' && row.action === 'update')).toMatchObject({
      changes: { name: ['Boulangerie du Port', 'Boulangerie du Port de Nogent'], email: ['contact@boulangerie.fr', null] },
      subjects: ['organisations:1'],
    })
    expect(found.operations.map((operation) => operation.kind)).not.toContain('settings.same')
  })

  it('records a change made by another client as made outside the app, under the server account, one operation per transaction', async () => {
    const { store, url } = await postgresStore()
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      await client.query('begin')
      await client.query("insert into organisations (name, profile_code) values ('Par psql', 'entreprise'), ('Encore', 'entreprise')")
      await client.query('commit')
      const { rows } = await client.query<{ user: string }>('select session_user as user')
      const found = await trail(store)
      expect(found.operations).toEqual([{ kind: 'direct', label: 'Modification hors de l’application', animator: rows[0]!.user }])
      expect(found.log.map((row) => row.changes.name)).toEqual(['Par psql', 'Encore'])
      // A client that says it is not to be recorded (the app's withoutAudit, a transfer) is not.
      await client.query('begin')
      await client.query(`select set_config('vitawin.audit', '{"enabled":false}', true)`)
      await client.query("insert into organisations (name, profile_code) values ('Copie', 'entreprise')")
      await client.query('commit')
      expect((await trail(store)).log).toHaveLength(2)
    } finally {
      await client.end()
    }
  })

  it('keeps a pooled connection from carrying one operation into the next, and two operations under way apart', async () => {
    const { store } = await postgresStore()
    await Promise.all(
      ['Camille Laurent', 'Samir Haddad', 'Camille Laurent', 'Samir Haddad'].map((animator, index) =>
        runAuditOperation({ kind: `test.${index}`, label: 'Essai', animator }, async () => {
          await createOrganisation(store.db, { name: `Atelier ${index}`, profileCode: 'entreprise' })
          await new Promise((resolve) => setTimeout(resolve, 5))
          await sql`update organisations set notes = ${`note ${index}`} where name = ${`Atelier ${index}`}`.execute(store.db)
        }),
      ),
    )
    // Outside any operation, a write of the app: recorded as made outside an operation, without a name.
    await createOrganisation(store.db, { name: 'Hors opération', profileCode: 'entreprise' })
    const found = await trail(store)
    for (let index = 0; index < 4; index++) {
      const rows = found.log.filter((row) => row.operation === `test.${index}`)
      expect(rows.map((row) => row.action)).toEqual(['insert', 'update'])
      expect(rows[1]!.changes).toEqual({ notes: [null, `note ${index}`] })
    }
    expect(found.operations.at(-1)).toEqual({ kind: 'direct', label: 'Modification hors de l’application', animator: null })
  })

  it('are installed by the migrator on every audited table, regenerated for a table added later, and checked at open', async () => {
    const { store, url } = await postgresStore()
    expect(await missingAuditTriggers(store.db.withoutPlugins())).toEqual([])
    await sql`create table later_notes (id integer generated by default as identity primary key, person_id integer references people(id), body text)`.execute(store.db)
    expect(await missingAuditTriggers(store.db.withoutPlugins())).toEqual(['later_notes'])
    // Opening as the application refuses writes that would not be recorded; the owner's update puts the trigger in.
    await expect(openStore(parseDatabaseTarget(url))).rejects.toMatchObject({ code: 'database_forbidden', message: expect.stringMatching(/journal des modifications .* incomplet .*later_notes/) })
    await installAuditTriggers(store.db.withoutPlugins())
    await installAuditTriggers(store.db.withoutPlugins())
    expect(await missingAuditTriggers(store.db.withoutPlugins())).toEqual([])
    const person = await createPerson(store.db, { firstName: 'Ada', lastName: 'Lovelace', profileCode: 'entreprise' })
    await runAuditOperation({ kind: 'test', label: 'Essai', animator: 'Camille' }, () => sql`insert into later_notes (person_id, body) values (${person}, 'Une note')`.execute(store.db))
    expect((await trail(store)).log.at(-1)).toMatchObject({ table: 'later_notes', action: 'insert', changes: { person_id: person, body: 'Une note' }, subjects: [`people:${person}`] })
  })
})
