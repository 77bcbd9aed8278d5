import { describe, expect, it } from 'vitest'
import { caught } from '../../tests/helpers/errors'
import { ENGINES, engineDb, writeAuditOperation } from '../../tests/helpers/engines'
import type { Db } from '../schema'
import { runAuditOperation, withoutAudit } from './context'
import { listAuditEntries, listAuditOperations } from './trail'
import { undoOperation } from './undo'

// The audit trail read, and an operation undone, the same way on SQLite and PostgreSQL. The rows
// are written as the triggers would write them (PostgreSQL's triggers are not in yet), and the
// records themselves are arranged without audit.

async function arrange(db: Db) {
  return withoutAudit(async () => {
    const { id: school } = await db.insertInto('organisations').values({ name: 'Collège Jean-Moulin', profileCode: 'education', townCode: '94080' }).returning('id').executeTakeFirstOrThrow()
    const { id: nadia } = await db
      .insertInto('people')
      .values({ firstName: 'Nadia', lastName: 'Benali', profileCode: 'education', phone: '01 43 28 00 00', joinedOn: '2025-09-15' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const imported = await writeAuditOperation(db, { kind: 'actors.import.commit', label: 'Import d’organisations', animator: 'Camille Laurent' }, [
      { action: 'insert', table: 'organisations', rowId: school, changes: { name: 'Collège Jean-Moulin', profile_code: 'education', town_code: '94080' }, subjects: [`organisations:${school}`] },
    ])
    const edited = await writeAuditOperation(db, { kind: 'actors.updatePerson', label: 'Fiche modifiée', animator: 'Samir Haddad' }, [
      { action: 'update', table: 'people', rowId: nadia, changes: { phone: [null, '01 43 28 00 00'], joined_on: ['2025-09-01', '2025-09-15'] }, subjects: [`people:${nadia}`] },
    ])
    const linked = await writeAuditOperation(db, { kind: 'direct', label: 'Modification hors de l’application', animator: null }, [
      { action: 'insert', table: 'affiliations', rowId: 99, changes: { person_id: nadia, organisation_id: 12345, role: 'Principale' }, subjects: [`people:${nadia}`, 'organisations:12345'] },
    ])
    return { school, nadia, imported, edited, linked }
  })
}

describe.each(ENGINES)('the audit trail on %s', (engine) => {
  it('lists operations, newest first, with what each changed, and the imports alone when asked', async () => {
    const db = await engineDb(engine)
    const { imported, edited, linked } = await arrange(db)
    const { operations, total } = await listAuditOperations(db)
    expect(total).toBe(3)
    expect(operations.map((operation) => [operation.id, operation.kind, operation.inserts, operation.updates, operation.deletes, operation.others, operation.undoneBy])).toEqual([
      [linked, 'direct', 1, 0, 0, 0, null],
      [edited, 'actors.updatePerson', 0, 1, 0, 0, null],
      [imported, 'actors.import.commit', 1, 0, 0, 0, null],
    ])
    expect(await listAuditOperations(db, { kind: 'imports' })).toEqual({ operations: [expect.objectContaining({ id: imported, animator: 'Camille Laurent' })], total: 1 })
    expect((await listAuditOperations(db, { limit: 1, offset: 1 })).operations.map((operation) => operation.id)).toEqual([edited])
  })

  it('shows one person’s history in French: names behind ids, dates as dd/mm/yyyy, a link to the record', async () => {
    const db = await engineDb(engine)
    const { nadia, school, imported } = await arrange(db)
    const { entries, total } = await listAuditEntries(db, { subject: `people:${nadia}` })
    expect(total).toBe(2)
    const [link, update] = entries
    expect(link).toMatchObject({ action: 'insert', table: 'affiliations', rowId: 99, record: 'Rattachement n° 99', animator: null, link: null })
    expect(link!.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'person_id', after: `Nadia Benali (n° ${nadia})` }),
        expect.objectContaining({ field: 'organisation_id', after: 'Organisation n° 12345 (n’existe plus)' }),
      ]),
    )
    expect(update).toMatchObject({ action: 'update', record: 'Personne « Nadia Benali »', link: `/acteurs/p${nadia}`, animator: 'Samir Haddad', operationLabel: 'Fiche modifiée' })
    expect(update!.changes).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'joined_on', before: '01/09/2025', after: '15/09/2025' })]))

    const { entries: created } = await listAuditEntries(db, { operationId: imported })
    expect(created).toHaveLength(1)
    expect(created[0]).toMatchObject({ record: 'Organisation « Collège Jean-Moulin »', link: `/acteurs/o${school}` })
    expect(created[0]!.changes).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'town_code', after: 'Vincennes' })]))
  })
})

describe.each(ENGINES)('undoing an operation on %s', (engine) => {
  async function importedOnce(db: Db) {
    return withoutAudit(async () => {
      const { id: martin } = await db.insertInto('organisations').values({ name: 'Cabinet Martin', profileCode: 'entreprise', phone: '01 00 00 00 00' }).returning('id').executeTakeFirstOrThrow()
      const { id: atelier } = await db.insertInto('organisations').values({ name: 'Atelier Neuf', profileCode: 'entreprise' }).returning('id').executeTakeFirstOrThrow()
      const operation = await writeAuditOperation(db, { kind: 'actors.import.commit', label: 'Import de « annuaire.xlsx »', animator: 'Camille Laurent' }, [
        { action: 'update', table: 'organisations', rowId: martin, changes: { phone: [null, '01 00 00 00 00'] } },
        { action: 'insert', table: 'organisations', rowId: atelier, changes: { name: 'Atelier Neuf', profile_code: 'entreprise', status: 'prospect', source: 'saisie' } },
      ])
      return { martin, atelier, operation }
    })
  }
  const undo = (db: Db, operation: number) => runAuditOperation({ kind: 'actors.import.undo', label: 'Annulation d’un import', animator: 'Camille Laurent' }, () => undoOperation(db, operation))

  it('removes what the operation created and puts back what it changed', async () => {
    const db = await engineDb(engine)
    const { martin, operation } = await importedOnce(db)
    expect(await undo(db, operation)).toEqual({ operationId: operation, label: 'Import de « annuaire.xlsx »', removed: 1, restored: 1, recreated: 0 })
    expect(await db.selectFrom('organisations').select(['id', 'name', 'phone']).orderBy('id').execute()).toEqual([{ id: martin, name: 'Cabinet Martin', phone: null }])
  })

  it('changes nothing, and says what changed since, when a record it wrote was changed since', async () => {
    const db = await engineDb(engine)
    const { martin, operation } = await importedOnce(db)
    await withoutAudit(() => db.updateTable('organisations').set({ phone: '06 12 34 56 78' }).where('id', '=', martin).execute())
    const error = await caught(undo(db, operation))
    expect(error.code).toBe('conflict')
    expect(error.message).toContain('Organisation « Cabinet Martin » : a changé depuis (Téléphone : « 01 00 00 00 00 » devenu « 06 12 34 56 78 »)')
    expect(await db.selectFrom('organisations').select('name').orderBy('id').execute()).toEqual([{ name: 'Cabinet Martin' }, { name: 'Atelier Neuf' }])
  })
})
