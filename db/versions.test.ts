import { describe, expect, it } from 'vitest'
import { handlers } from '../main/api'
import { call, startTestHost } from '../tests/helpers/api'
import { caught } from '../tests/helpers/errors'
import { demoTestStore, testStore } from '../tests/helpers/temp'
import { runAuditOperation } from './audit/context'
import { saveOffer } from './actors/engagement'
import { createOrganisation, deleteActor, updateOrganisation } from './actors/records'
import { introspectionOf } from './introspection'
import { indicatorTable, setNarrative, setTarget } from './indicators/indicators'
import { formatParisTime } from './rules/format'
import { claimForDeletion, sqlTableName, staleMessage, updateVersioned, VERSIONED_TABLES, type VersionedById } from './versions'

const AS_CAMILLE = { kind: 'test', label: 'Modification', animator: 'Camille' }

describe('the stale-save message', () => {
  const now = new Date('2026-12-03T15:00:00Z')
  it('names who changed the record and when, on a French clock', () => {
    expect(staleMessage({ at: '2026-12-03T09:42:10.000Z', animator: 'Camille', kind: 'actors.updateOrganisation', label: 'x' }, now)).toBe(
      'Cette fiche a été modifiée par Camille à 10 h 42.',
    )
    // Summer time: UTC+2.
    expect(staleMessage({ at: '2026-07-01T08:05:00.000Z', animator: 'Mehdi', kind: 'x', label: 'x' }, now)).toBe('Cette fiche a été modifiée par Mehdi le 01/07/2026 à 10 h 05.')
    // 23:30 UTC on the 2nd is already the 3rd in Paris.
    expect(staleMessage({ at: '2026-12-02T23:30:00.000Z', animator: 'Camille', kind: 'x', label: 'x' }, now)).toBe('Cette fiche a été modifiée par Camille à 00 h 30.')
  })

  it('says so when the change was made outside the app, or is not known', () => {
    expect(staleMessage({ at: '2026-12-03T09:42:00.000Z', animator: null, kind: 'direct', label: 'Modification hors de l’application' }, now)).toBe(
      'Cette fiche a été modifiée à 10 h 42, en dehors de l’application.',
    )
    expect(staleMessage({ at: '2026-12-03T09:42:00.000Z', animator: null, kind: 'cli.import', label: 'Import « annuaire.xlsx »' }, now)).toBe(
      'Cette fiche a été modifiée à 10 h 42 (Import « annuaire.xlsx »).',
    )
    expect(staleMessage(null, now)).toBe('Cette fiche a été modifiée entre-temps.')
  })
})

describe('record versions', () => {
  it('are on exactly the tables the code lists', async () => {
    const store = await testStore()
    const schema = introspectionOf(store.db)
    const withVersion: string[] = []
    for (const table of await schema.tables()) if ((await schema.columns(table)).some((column) => column.name === 'version')) withVersion.push(table)
    expect(withVersion.sort()).toEqual(VERSIONED_TABLES.map(sqlTableName).sort())
  })

  it('refuse a stale save or deletion on every versioned table, accept a fresh one and move the version on', async () => {
    const store = await demoTestStore({ seed: 7, today: '2026-03-10' })
    const byId = VERSIONED_TABLES.filter((table): table is VersionedById => table !== 'indicatorTargets' && table !== 'impactNarratives')
    for (const table of byId) {
      const versionOf = async (id: number) =>
        (await store.db.selectFrom(table as 'organisations').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version
      const row = await store.db.selectFrom(table as 'organisations').select(['id', 'version']).orderBy('id').limit(1).executeTakeFirst()
      expect(row, `${table}: the demo has a record`).toBeDefined()
      const { id, version } = row!
      // A fresh save: accepted, the version moved on by one.
      await runAuditOperation(AS_CAMILLE, () => updateVersioned(store.db, table, id, version, {}, 'disparu'))
      expect(await versionOf(id), table).toBe(version + 1)
      // Any other update (an import, a bulk change) moves it on too: the database does it.
      await store.db.updateTable(table as 'organisations').set({ id }).where('id', '=', id).execute()
      expect(await versionOf(id), table).toBe(version + 2)
      // The copy a form loaded before both is refused, the record left as it is.
      const stale = await caught(updateVersioned(store.db, table, id, version, {}, 'disparu'))
      expect(stale.code, table).toBe('conflict')
      expect(stale.message, table).toMatch(/^Cette fiche a été modifiée .* : vos modifications n’ont pas été enregistrées\.$/)
      expect(stale.details, table).toMatchObject({ stale: true })
      const refusedDeletion = await caught(claimForDeletion(store.db, table, id, version + 1))
      expect(refusedDeletion.message, table).toMatch(/^Cette fiche a été modifiée .* : elle n’a pas été supprimée\.$/)
      expect(await versionOf(id), table).toBe(version + 2)
      // A record gone: not found for a save, nothing to do for a deletion.
      expect((await caught(updateVersioned(store.db, table, 99_999_999, 1, {}, 'Cet enregistrement n’existe plus.'))).code, table).toBe('not_found')
      expect(await claimForDeletion(store.db, table, 99_999_999, 1), table).toBe(false)
    }
  })

  it('name the animator and the time of the last change, from the audit trail', async () => {
    const store = await testStore()
    const id = await createOrganisation(store.db, { name: 'Boulangerie du Château', profileCode: 'entreprise', townCode: '94080' })
    await runAuditOperation(AS_CAMILLE, () => updateOrganisation(store.db, id, { name: 'Boulangerie du Château (Vincennes)', profileCode: 'entreprise', townCode: '94080' }, 1))
    const change = await store.db.selectFrom('auditLog').select('at').where('tableName', '=', 'organisations').where('rowId', '=', id).orderBy('id', 'desc').executeTakeFirstOrThrow()
    const error = await caught(updateOrganisation(store.db, id, { name: 'Boulangerie', profileCode: 'entreprise', townCode: '94080' }, 1))
    expect(error.message).toBe(`Cette fiche a été modifiée par Camille à ${formatParisTime(change.at)} : vos modifications n’ont pas été enregistrées.`)
    expect(error.details).toEqual({ stale: true, animator: 'Camille', at: change.at })
    expect((await store.db.selectFrom('organisations').select(['name', 'version']).where('id', '=', id).executeTakeFirstOrThrow())).toEqual({ name: 'Boulangerie du Château (Vincennes)', version: 2 })
    // The deletion of the stale copy is refused too, the fresh one goes through.
    expect((await caught(deleteActor(store.db, { kind: 'organisation', id }, 1))).code).toBe('conflict')
    await deleteActor(store.db, { kind: 'organisation', id }, 2)
    expect(await store.db.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined()
  })

  it('are not recorded in the audit trail, and a save without a version (the command line) changes the latest', async () => {
    const store = await testStore()
    const organisation = await createOrganisation(store.db, { name: 'Collège Jean Moulin', profileCode: 'education', townCode: '94080' })
    const offer = await saveOffer(store.db, null, { actor: `o${organisation}`, offerTypeCode: 'visite_entreprise' })
    await saveOffer(store.db, offer, { actor: `o${organisation}`, offerTypeCode: 'visite_entreprise', capacity: 12 })
    await saveOffer(store.db, offer, { actor: `o${organisation}`, offerTypeCode: 'visite_entreprise', capacity: 15 }, 2)
    expect((await caught(saveOffer(store.db, offer, { actor: `o${organisation}`, offerTypeCode: 'visite_entreprise', capacity: 20 }, 2))).code).toBe('conflict')
    const changes = await store.db.selectFrom('auditLog').select('changes').where('tableName', '=', 'engagement_offers').where('action', '=', 'update').execute()
    expect(changes.map((row) => JSON.parse(row.changes))).toEqual([{ capacity: [null, 12] }, { capacity: [12, 15] }])
  })
})

describe('records saved by their key', () => {
  it('refuse a target, a value or a narrative changed since the form showed it', async () => {
    const store = await testStore()
    const target = { indicatorCode: 'eleves_touches', period: '2025-2026' }
    const row = async () => (await indicatorTable(store.db, '2025-2026')).indicators.find((indicator) => indicator.code === 'eleves_touches')!
    expect((await row()).targetVersion).toBeNull()
    await runAuditOperation(AS_CAMILLE, () => setTarget(store.db, { ...target, target: 500, version: null }))
    // Both forms saw no target: the second is refused, not silently written over the first.
    expect((await caught(setTarget(store.db, { ...target, target: 800, version: null }))).message).toMatch(/^Cette fiche a été modifiée par Camille à \d\d h \d\d : /)
    expect(await row()).toMatchObject({ target: 500, targetVersion: 1 })
    await setTarget(store.db, { ...target, target: 600, version: 1 })
    expect(await row()).toMatchObject({ target: 600, targetVersion: 2 })
    await setNarrative(store.db, { dimensionCode: 'confiance', period: '2025-2026', text: 'Premier récit', version: null })
    expect((await caught(setNarrative(store.db, { dimensionCode: 'confiance', period: '2025-2026', text: 'Autre récit', version: null }))).code).toBe('conflict')
  })
})

describe('the API', () => {
  // Every call that saves or deletes one record of a versioned table takes the version its screen showed.
  const NOT_RECORDS = ['settings.setAnimator', 'layouts.save', 'database.deleteDemo', 'views.save', 'views.delete', 'programmes.deleteCandidate', 'backups.setFolder', 'privacy.retention.set']
  const VERSIONED_CALLS = Object.keys(handlers).filter((name) => /\.(save|update|delete|set)\w*$/.test(name) && !NOT_RECORDS.includes(name))

  it('takes a version on every call that saves or deletes a record a form edits', () => {
    expect(VERSIONED_CALLS.length).toBeGreaterThanOrEqual(45)
    for (const name of VERSIONED_CALLS) {
      const input = handlers[name as keyof typeof handlers].input as unknown as { shape?: Record<string, unknown> }
      expect(Object.keys(input.shape ?? {}), name).toContain('version')
    }
  })

  it('gives the change feed’s position, which moves with every change and not with a read', async () => {
    const host = await startTestHost()
    const before = await call(host, 'changes.since', {})
    const { key } = await call(host, 'actors.createOrganisation', { name: 'Garage des Vignes', profileCode: 'entreprise', townCode: '94080' })
    const after = await call(host, 'changes.since', { after: before.position })
    expect(after.operation).not.toBe(before.operation)
    await call(host, 'actors.get', { key })
    expect((await call(host, 'changes.since', { after: after.position })).position).toBe(after.position)
  })

  it('refuses a stale save through the host with the animator of Paramètres', async () => {
    const host = await startTestHost()
    await call(host, 'settings.setAnimator', { animator: 'Camille' })
    const { key } = await call(host, 'actors.createOrganisation', { name: 'Garage des Vignes', profileCode: 'entreprise', townCode: '94080' })
    const id = Number(key.slice(1))
    const values = { name: 'Garage des Vignes et Fils', profileCode: 'entreprise', townCode: '94080' }
    await call(host, 'actors.updateOrganisation', { id, version: 1, values })
    const refused = await host.call('actors.updateOrganisation', { id, version: 1, values: { ...values, notes: 'Autre saisie' } })
    expect(refused.ok).toBe(false)
    if (!refused.ok) {
      expect(refused.error.code).toBe('conflict')
      expect(refused.error.message).toMatch(/^Cette fiche a été modifiée par Camille à \d\d h \d\d : vos modifications n’ont pas été enregistrées\.$/)
    }
    expect((await call(host, 'actors.get', { key })).organisation).toMatchObject({ notes: null, version: 2 })
  })
})
