import { describe, expect, it } from 'vitest'
import { call, csvFile, importOrganisations, startTestHost } from '../../tests/helpers/api'
import { queryValue, runSql, tempDir } from '../../tests/helpers/temp'
import { readMachineConfig } from '../machine-config'

// What the API host does the same on a local file and on a team database: the audit trail of every
// operation with its animator, the animator of this machine, and the welcome of a new database.
// What is about the file itself (backups, restore, a damaged file, the demo beside it) is in
// data-safety.test.ts and database.test.ts.

describe('audit trail through the API host', () => {
  it('records creations, updates, deletions, an import and a merge as operations, with their animator', async () => {
    const folder = tempDir()
    const host = await startTestHost()
    await call(host, 'settings.setAnimator', { animator: 'Camille Laurent' })
    const created = { id: Number((await call(host, 'actors.createOrganisation', { name: 'Atelier Zéphyr', profileCode: 'entreprise' })).key.slice(1)) }
    await call(host, 'actors.updateOrganisation', { id: created.id, values: { name: 'Atelier Zéphyr & Fils', profileCode: 'entreprise' } })
    const report = await importOrganisations(host, csvFile(folder, 'adherents.csv', ['Raison sociale,Ville', 'Imprimerie Borée,Nogent-sur-Marne', 'Atelier Zefir,Vincennes']))
    expect(report.organisations.created).toBe(2)
    const duplicate = Number(await queryValue(host.store!, "select id from organisations where name = 'Atelier Zefir'"))
    await call(host, 'journal.add', { actor: `o${duplicate}`, kind: 'appel', occurredOn: '2026-01-05', animator: 'Camille Laurent', summary: 'Premier appel' })
    await call(host, 'duplicates.merge', { kind: 'organisation', keepId: created.id, removeId: duplicate, takeFromRemoved: [] })
    await call(host, 'actors.delete', { key: `o${created.id}` })

    const { operations } = await call(host, 'audit.operations', {})
    expect(operations.map((operation) => operation.kind)).toEqual([
      'actors.delete',
      'duplicates.merge',
      'journal.add',
      'actors.import.commit',
      'actors.updateOrganisation',
      'actors.createOrganisation',
    ])
    expect(new Set(operations.map((operation) => operation.animator))).toEqual(new Set(['Camille Laurent']))
    const importOperation = operations.find((operation) => operation.kind === 'actors.import.commit')!
    expect(importOperation.label).toBe('Import d’organisations depuis « adherents.csv »')
    const imported = await call(host, 'audit.entries', { operationId: importOperation.id })
    expect(imported.entries.filter((entry) => entry.table === 'organisations').map((entry) => [entry.action, entry.changes.find((change) => change.field === 'name')?.after])).toEqual([
      ['insert', 'Imprimerie Borée'],
      ['insert', 'Atelier Zefir'],
    ])
    const merge = await call(host, 'audit.entries', { operationId: operations.find((operation) => operation.kind === 'duplicates.merge')!.id })
    expect(merge.entries.map((entry) => `${entry.action} ${entry.table}`)).toEqual(expect.arrayContaining(['update interactions', 'delete organisations']))
    const moved = merge.entries.find((entry) => entry.table === 'interactions')!
    // (Both organisations are gone by now: the ids are shown with their table, as gone.)
    expect(moved.changes).toEqual([
      { field: 'organisation_id', label: 'Organisation', before: `Organisation n° ${duplicate} (n’existe plus)`, after: `Organisation n° ${created.id} (n’existe plus)` },
    ])
    // The kept actor's history shows the merge, the journal entry it received and its deletion.
    const history = await call(host, 'audit.entries', { subject: `o${created.id}` })
    expect(history.entries.map((entry) => entry.operationLabel)).toEqual(
      expect.arrayContaining(['Suppression d’un acteur', expect.stringContaining('Fusion de doublons'), 'Modification d’une organisation', 'Création d’une organisation']),
    )
  })
})

describe('the animator of this machine', () => {
  it('is read from the machine configuration, falls back on the database setting, and is changed there', async () => {
    const host = await startTestHost()
    const dataDir = host.services.dataDir
    expect(await call(host, 'settings.get')).toEqual({ animator: null, animatorConfirmed: false })
    await runSql(host.store!, "insert into settings (key, value) values ('animator', '\"Samir Haddad\"')")
    expect(await call(host, 'settings.get')).toEqual({ animator: 'Samir Haddad', animatorConfirmed: false })
    await call(host, 'settings.setAnimator', { animator: 'Camille Laurent' })
    expect(readMachineConfig(dataDir)).toEqual({ animator: 'Camille Laurent' })
    expect(await call(host, 'settings.get')).toEqual({ animator: 'Camille Laurent', animatorConfirmed: true })
    await call(host, 'actors.createOrganisation', { name: 'Par Camille', profileCode: 'entreprise' })
    expect((await call(host, 'audit.operations', {})).operations[0]!.animator).toBe('Camille Laurent')
  })
})

describe('a new database', () => {
  it('welcomes: nothing of the team in it yet', async () => {
    const host = await startTestHost()
    const state = await call(host, 'database.get')
    expect(state).toMatchObject({ kind: 'real', isNew: true, demoExists: false })
    expect(state.file).toBe(state.realFile)
    await call(host, 'actors.createOrganisation', { name: 'Première organisation', profileCode: 'entreprise' })
    expect((await call(host, 'database.get')).isNew).toBe(false)
  })
})
