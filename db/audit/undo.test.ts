import { describe, expect, it } from 'vitest'
import { caught } from '../../tests/helpers/errors'
import { queryRows, queryValue, runSql, testStore } from '../../tests/helpers/temp'
import { guessMapping, runImport, saveMapping, type ImportRow } from '../actors/import'
import { createOrganisation, updateOrganisation } from '../actors/records'
import { addInteraction } from '../actors/journal'
import type { Store } from '../backend'
import { introspectionOf, quoteId } from '../introspection'
import { runAuditOperation } from './context'
import { undoOperation } from './undo'

// Undoing an import from the audit trail: what it created goes, what it changed comes back, and
// nothing moves when a record changed since.

const SIRET_A = '94123456900015'
const HEADERS = ['Structure', 'SIRET', 'Ville', 'Contact', 'Fonction', 'Courriel', 'Téléphone', 'Étiquettes', 'Réseaux', 'Offres', 'Date de premier contact']

function file(): ImportRow[] {
  return [
    { rowNumber: 1, cells: HEADERS },
    { rowNumber: 2, cells: ['Cabinet Martin', SIRET_A, 'Vincennes', null, null, null, '01 43 28 00 00', 'Forum', null, null, null] },
    { rowNumber: 3, cells: ['Collège Jean Moulin', null, 'Vincennes', 'Mme Nadia Benali', 'Principale', 'nadia@ac-creteil.fr', null, 'Forum', 'Réseau des collèges', 'Stage de 3e', '15/09/2025'] },
    { rowNumber: 4, cells: [null, null, null, 'Jean DUPONT', 'CPE', null, '06 12 34 56 78', null, null, null, null] },
  ]
}

/** Every row of every table but the audit trail's, and the search index's rows for the names imported. */
async function everything(store: Store): Promise<Record<string, unknown[]>> {
  const schema = introspectionOf(store.db)
  // (Neither engine's introspection lists the full-text index among the tables.)
  const tables = (await schema.tables()).filter((name) => !name.startsWith('audit'))
  const result: Record<string, unknown[]> = {}
  // The time of the last change is the undo's, not the one before the import; so is the version,
  // moved on so that a form opened before the undo is refused. Ordered by every column: rows alike
  // in their first come in one order on PostgreSQL too.
  for (const table of tables) {
    const order = (await schema.columns(table)).map((_, index) => index + 1).join(', ')
    result[table] = (await queryRows(store, `select * from ${quoteId(table)} order by ${order}`)).map(({ updated_at: _, version: _version, ...row }) => row)
  }
  result.search = await queryRows(
    store,
    store.kind === 'sqlite'
      ? "select rowid from search_index where search_index match '\"jean\"* OR \"martin\"* OR \"nadia\"*' order by rowid"
      : "select row_id as rowid from search_index where words @@ to_tsquery('vitawin', 'jean:* | martin:* | nadia:*') order by row_id",
  )
  return result
}

async function importFile(store: Store): Promise<number> {
  const report = await runAuditOperation({ kind: 'actors.import.commit', label: 'Import d’organisations et de contacts depuis « annuaire.xlsx »', animator: 'Camille Laurent' }, () =>
    runImport(
      store.db,
      file(),
      {
        target: 'contacts',
        mapping: guessMapping(HEADERS, 'contacts'),
        defaultProfile: 'entreprise',
        animator: 'Camille Laurent',
        beforeCommit: (trx) => saveMapping(trx, 'Annuaire', 'contacts', HEADERS, guessMapping(HEADERS, 'contacts'), 'entreprise'),
      },
      true,
    ),
  )
  expect(report).toMatchObject({ failed: 0, organisations: { created: 1, updated: 1 }, people: { created: 2 }, affiliations: 2, journal: 1 })
  return report.operationId!
}

function undo(store: Store, operationId: number) {
  return runAuditOperation({ kind: 'actors.import.undo', label: 'Annulation d’un import', animator: 'Camille Laurent' }, () =>
    undoOperation(store.db, operationId, { kept: new Set(['import_mappings']) }),
  )
}

async function storeWithMartin(): Promise<{ store: Store; martin: number }> {
  const store = await testStore()
  const martin = await runAuditOperation({ kind: 'actors.createOrganisation', label: 'Création', animator: null }, () =>
    createOrganisation(store.db, { name: 'Cabinet Martin', profileCode: 'entreprise', townCode: '94080', siret: SIRET_A, notes: 'Client historique', tags: ['Mentorat'] }),
  )
  return { store, martin }
}

describe('undoOperation', () => {
  it('removes what the import created and puts back what it changed, in one operation of the journal', async () => {
    const { store } = await storeWithMartin()
    const before = await everything(store)
    const operationId = await importFile(store)
    const imported = await everything(store)
    expect(imported.people).toHaveLength(2)
    expect(imported.organisations).toHaveLength(2)
    expect(imported.networks).toHaveLength(1)
    expect(imported.engagement_offers).toHaveLength(1)
    expect(imported.interactions).toHaveLength(1)

    const result = await undo(store, operationId)
    expect(result).toEqual({ operationId, label: 'Import d’organisations et de contacts depuis « annuaire.xlsx »', removed: 12, restored: 1, recreated: 0 })
    // Everything as before, but the mapping saved with the import.
    const { import_mappings: mappings, ...after } = await everything(store)
    const { import_mappings: _none, ...expected } = before
    expect(after).toEqual(expected)
    expect(mappings).toHaveLength(1)

    const operations = await queryRows<{ id: number }>(store, 'select id, kind, label, undone_by from audit_operations order by id')
    // A PostgreSQL identity does not give back a number a rolled-back write took (a savepoint of the
    // import's rows), so the numbers are SQLite's 1, 2, 3 there only.
    if (store.kind === 'sqlite') expect(operations.map((operation) => operation.id)).toEqual([1, 2, 3])
    const [created, undoing] = [operations[0]?.id, operations[2]?.id]
    expect(operations).toEqual([
      { id: created, kind: 'actors.createOrganisation', label: 'Création', undone_by: null },
      { id: operationId, kind: 'actors.import.commit', label: 'Import d’organisations et de contacts depuis « annuaire.xlsx »', undone_by: undoing },
      { id: undoing, kind: 'actors.import.undo', label: `Annulation : Import d’organisations et de contacts depuis « annuaire.xlsx » (opération n° ${operationId})`, undone_by: null },
    ])
    const again = await caught(Promise.resolve().then(() => undo(store, operationId)))
    expect(again.code).toBe('conflict')
    expect(again.message).toMatch(/^Cette opération a déjà été annulée le \d\d\/\d\d\/\d{4}\.$/)
    expect((await caught(Promise.resolve().then(() => undo(store, 99)))).code).toBe('not_found')
  })

  it('refuses, and changes nothing, when a record the import created or a field it changed was changed since', async () => {
    const { store, martin } = await storeWithMartin()
    const operationId = await importFile(store)
    const college = await queryValue<number>(store, "select id from organisations where name = 'Collège Jean Moulin'")
    await runAuditOperation({ kind: 'actors.updateOrganisation', label: 'Modification d’une organisation', animator: 'Samir Haddad' }, () =>
      updateOrganisation(store.db, college, { name: 'Collège Jean Moulin', profileCode: 'education', townCode: '94080', phone: '01 48 08 00 00' }),
    )
    const before = await everything(store)
    const error = await caught(Promise.resolve().then(() => undo(store, operationId)))
    expect(error.code).toBe('conflict')
    expect(error.message).toMatch(
      /^« Import d’organisations et de contacts depuis « annuaire\.xlsx » » ne peut pas être annulé : une fiche a changé depuis \(Organisation « Collège Jean Moulin » : a changé depuis \(Téléphone : \(vide\) devenu « \+33148080000 »\), le \d\d\/\d\d\/\d{4} par Samir Haddad\)\. Rien n'a été modifié\.$/,
    )
    expect(error.details).toMatchObject({ conflicts: [{ record: 'Organisation « Collège Jean Moulin »', operation: 'Modification d’une organisation', animator: 'Samir Haddad' }] })
    expect(await everything(store)).toEqual(before)
    expect(await queryValue(store, 'select undone_by from audit_operations where id = ?', operationId)).toBeNull()

    // A field the import changed, changed again since: refused too.
    await runAuditOperation({ kind: 'direct', label: 'x', animator: null }, async () => {
      await runSql(store, 'update organisations set phone = null where id = ?', college)
      await runSql(store, "update organisations set phone = '+33600000000' where id = ?", martin)
    })
    const martinChanged = await caught(Promise.resolve().then(() => undo(store, operationId)))
    expect(martinChanged.message).toContain('Organisation « Cabinet Martin » : a changé depuis (Téléphone : « +33143280000 » devenu « +33600000000 »)')
  })

  it('keeps a later change of a field the import did not touch, and refuses when something was attached to a record it created', async () => {
    const { store, martin } = await storeWithMartin()
    const operationId = await importFile(store)
    // Martin's notes, which the import did not touch, are changed since: the undo keeps them.
    await runAuditOperation({ kind: 'direct', label: 'Notes', animator: null }, () => runSql(store, "update organisations set notes = 'Rappeler en janvier' where id = ?", martin))
    const college = await queryValue<number>(store, "select id from organisations where name = 'Collège Jean Moulin'")
    await runAuditOperation({ kind: 'journal.add', label: 'Nouvel échange dans le journal', animator: 'Samir Haddad' }, () =>
      addInteraction(store.db, { actor: `o${college}`, kind: 'appel', occurredOn: '2026-01-12', animator: 'Samir Haddad', summary: 'Appel pour le forum' }),
    )
    const before = await everything(store)
    const error = await caught(Promise.resolve().then(() => undo(store, operationId)))
    expect(error.code).toBe('conflict')
    expect(error.details).toMatchObject({ conflicts: [{ record: 'Échange du journal « Appel pour le forum »', change: 'ajout postérieur, rattaché à une fiche que l’opération a créée' }] })
    // The deletions were rolled back with the rest: one transaction.
    expect(await everything(store)).toEqual(before)

    await runSql(store, "delete from interactions where summary = 'Appel pour le forum'")
    await undo(store, operationId)
    expect(await queryRows(store, 'select name, phone, notes from organisations')).toEqual([{ name: 'Cabinet Martin', phone: null, notes: 'Rappeler en janvier' }])
    expect(await queryValue(store, 'select count(*) from people')).toBe(0)
  })
})
