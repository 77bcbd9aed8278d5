import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely'
import { describe, expect, it } from 'vitest'
import { caught } from '../../tests/helpers/errors'
import { postgresDatabase, SKIPPED_POSTGRES } from '../../tests/helpers/postgres'
import type { Database } from '../schema'
import { claimForDeletion, updateVersioned } from '../versions'

// The record versions (0013-record-versions) on PostgreSQL: the same conditional update as on
// SQLite, and the database moving the version on at any other update (a BEFORE trigger here).

describe.skipIf(SKIPPED_POSTGRES)('record versions on PostgreSQL', () => {
  it('refuse a stale save or deletion, accept a fresh one, and move on at every update', async () => {
    const database = await postgresDatabase()
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: database.pool() }), plugins: [new CamelCasePlugin()] })
    const { id } = await db.insertInto('organisations').values({ name: 'Boulangerie du Château', profileCode: 'entreprise', townCode: '94080' }).returning('id').executeTakeFirstOrThrow()
    const version = async () => (await db.selectFrom('organisations').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version
    expect(await version()).toBe(1)
    await updateVersioned(db, 'organisations', id, 1, { notes: 'Premier contact.' }, 'disparue')
    // Moved on once, not twice (the trigger leaves a version the update moved itself).
    expect(await version()).toBe(2)
    await db.updateTable('organisations').set({ status: 'vitawiner', joinedOn: '2026-01-05' }).where('id', '=', id).execute()
    expect(await version()).toBe(3)
    const stale = await caught(updateVersioned(db, 'organisations', id, 2, { notes: 'Écrasé ?' }, 'disparue'))
    expect(stale.code).toBe('conflict')
    expect(stale.message).toMatch(/^Cette fiche a été modifiée .*: vos modifications n’ont pas été enregistrées\.$/)
    expect((await caught(claimForDeletion(db, 'organisations', id, 2))).code).toBe('conflict')
    expect(await db.selectFrom('organisations').select(['notes', 'version']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ notes: 'Premier contact.', version: 3 })
    expect((await caught(updateVersioned(db, 'organisations', id + 1000, 1, {}, 'Cette organisation n’existe plus.'))).code).toBe('not_found')
    expect(await claimForDeletion(db, 'organisations', id, 3)).toBe(true)
    await db.destroy()
  })
})
