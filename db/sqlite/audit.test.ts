import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { tempDir, tempStore } from '../../tests/helpers/temp'
import { createOrganisation, deleteActor, updateOrganisation } from '../actors/records'
import { listAuditEntries, listAuditOperations } from '../audit/trail'
import { runAuditOperation, withoutAudit } from '../audit/context'
import { UNAUDITED_TABLES } from '../audit/tables'
import { auditedTables, installAuditTriggers, missingAuditTriggers } from './audit'
import { openStore } from './connection'

describe('audit triggers', () => {
  it('cover every data table of the live schema, and neither the full-text index nor the reference lists', async () => {
    const store = await tempStore()
    const tables = auditedTables(store.sqlite)
    expect(tables).toContain('organisations')
    expect(tables).toContain('pupils')
    expect(tables).toContain('interactions')
    expect(tables).toContain('settings')
    expect(tables.some((table) => table.startsWith('search_index'))).toBe(false)
    for (const table of UNAUDITED_TABLES) expect(tables).not.toContain(table)
    expect(missingAuditTriggers(store.sqlite)).toEqual([])
  })

  it('are regenerated from the schema, so a table added later is covered, and installing twice changes nothing', async () => {
    const store = await tempStore()
    store.sqlite.exec('create table later_notes (id integer primary key, person_id integer references people(id), body text)')
    expect(missingAuditTriggers(store.sqlite)).toEqual(['later_notes (insert)', 'later_notes (delete)'])
    installAuditTriggers(store.sqlite)
    installAuditTriggers(store.sqlite)
    expect(missingAuditTriggers(store.sqlite)).toEqual([])
    const person = store.sqlite.prepare("insert into people (first_name, last_name, profile_code) values ('Ada', 'Lovelace', 'entreprise')").run().lastInsertRowid
    runAuditOperation({ kind: 'test', label: 'Essai', animator: 'Camille' }, () =>
      store.sqlite.prepare("insert into later_notes (person_id, body) values (?, 'Une note')").run(person),
    )
    const { entries } = await listAuditEntries(store.db, { subject: `people:${person}` })
    expect(entries.map((entry) => [entry.table, entry.action])).toContainEqual(['later_notes', 'insert'])
  })

  it('record who, when, which record, which fields, old and new values, under one operation', async () => {
    const store = await tempStore()
    const id = await runAuditOperation({ kind: 'actors.createOrganisation', label: 'Création', animator: 'Camille Laurent' }, () =>
      createOrganisation(store.db, { name: 'Boulangerie du Port', profileCode: 'entreprise', email: 'contact@boulangerie.fr' }),
    )
    await runAuditOperation({ kind: 'actors.updateOrganisation', label: 'Modification', animator: 'Samir Haddad' }, () =>
      updateOrganisation(store.db, id, { name: 'Boulangerie du Port de Nogent', profileCode: 'entreprise', email: 'contact@boulangerie.fr' }),
    )
    await runAuditOperation({ kind: 'actors.delete', label: 'Suppression', animator: 'Camille Laurent' }, () =>
      deleteActor(store.db, { kind: 'organisation', id }),
    )
    const { entries } = await listAuditEntries(store.db, { subject: `organisations:${id}` })
    const mine = entries.filter((entry) => entry.table === 'organisations').reverse()
    expect(mine.map((entry) => entry.action)).toEqual(['insert', 'update', 'delete'])
    expect(mine.map((entry) => entry.animator)).toEqual(['Camille Laurent', 'Samir Haddad', 'Camille Laurent'])
    expect(mine[0]!.changes).toContainEqual({ field: 'name', label: 'Nom', after: 'Boulangerie du Port' })
    expect(mine[1]!.changes).toEqual([{ field: 'name', label: 'Nom', before: 'Boulangerie du Port', after: 'Boulangerie du Port de Nogent' }])
    expect(mine[2]!.changes).toContainEqual({ field: 'email', label: 'Courriel', before: 'contact@boulangerie.fr' })
    for (const entry of mine) expect(entry.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    const operations = (await listAuditOperations(store.db)).operations
    expect(operations.map((operation) => operation.kind)).toEqual(['actors.delete', 'actors.updateOrganisation', 'actors.createOrganisation'])
    // An update that changes nothing but the timestamps is not a change.
    const before = (await listAuditEntries(store.db, {})).total
    store.sqlite.prepare("update settings set value = value where key = 'none'").run()
    expect((await listAuditEntries(store.db, {})).total).toBe(before)
  })

  it('keep two operations under way apart, whatever the order in which their awaits resume', async () => {
    const store = await tempStore()
    const gate = () => {
      let open!: () => void
      return { opened: new Promise<void>((resolve) => (open = resolve)), open: () => open() }
    }
    const [first, second] = [gate(), gate()]
    const camille = runAuditOperation({ kind: 'test', label: 'Première', animator: 'Camille Laurent' }, async () => {
      await first.opened
      return createOrganisation(store.db, { name: 'Atelier A', profileCode: 'entreprise' })
    })
    const samir = runAuditOperation({ kind: 'test', label: 'Seconde', animator: 'Samir Haddad' }, async () => {
      await second.opened
      return createOrganisation(store.db, { name: 'Atelier B', profileCode: 'entreprise' })
    })
    first.open()
    const a = await camille
    second.open()
    const b = await samir
    const animatorOf = async (id: number) => (await listAuditEntries(store.db, { subject: `organisations:${id}` })).entries.map((entry) => entry.animator)
    expect(await animatorOf(a)).toEqual(['Camille Laurent'])
    expect(await animatorOf(b)).toEqual(['Samir Haddad'])
  })

  it('record nothing for generated data run without audit', async () => {
    const store = await tempStore()
    withoutAudit(() => store.sqlite.prepare("insert into organisations (name, profile_code) values ('Démo', 'entreprise')").run())
    expect((await listAuditEntries(store.db, {})).total).toBe(0)
  })

  it('live with the connection: a plain SQLite connection to the file still writes', async () => {
    const file = path.join(tempDir(), 'plain.sqlite')
    const store = await openStore(file)
    await store.close()
    const raw = new BetterSqlite3(file)
    raw.prepare("insert into tags (name) values ('sans audit')").run()
    raw.close()
    const again = await openStore(file)
    expect(again.sqlite.prepare('select count(*) from tags').pluck().get()).toBe(1)
    expect(missingAuditTriggers(again.sqlite)).toEqual([])
    await again.close()
  })
})
