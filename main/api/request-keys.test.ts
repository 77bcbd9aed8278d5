import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Store } from '../../db/backend'
import { keepAnswer } from '../../db/audit/replay'
import { queryRows, queryValue, runSql } from '../../tests/helpers/temp'
import { startTestHost } from '../../tests/helpers/api'
import { ALREADY_DONE } from './host'

// A write sent again with its request key (the screen's « Réessayer » after a lost answer) is not
// written twice: the host answers the first write's result. On both engines.

const ORGANISATION = { name: 'Garage des Vignes', profileCode: 'entreprise', townCode: '94080' } as const

/** A host on the engine under test, and a first save made with a request key. */
async function firstSave() {
  const host = await startTestHost()
  const key = crypto.randomUUID()
  const first = await host.call('actors.createOrganisation', ORGANISATION, undefined, key)
  expect(first.ok).toBe(true)
  return { host, store: host.store as Store, key, first }
}

describe('a write sent again with the same request key', () => {
  it('is written once and answered with the first result; another key writes again', async () => {
    const { host, store, key, first } = await firstSave()
    const again = await host.call('actors.createOrganisation', ORGANISATION, undefined, key)
    expect(again).toEqual(first)
    expect(await queryValue(store, 'select count(*) from organisations')).toBe(1)
    const operations = await queryRows<{ request_key: string }>(store, 'select request_key from audit_operations where request_key is not null')
    expect(operations).toEqual([{ request_key: key }])

    // A new save (a new key) is a new record.
    const other = await host.call('actors.createOrganisation', ORGANISATION, undefined, crypto.randomUUID())
    expect(other.ok && other.value).not.toEqual(first.ok && first.value)
    expect(await queryValue(store, 'select count(*) from organisations')).toBe(2)
  })

  it('says the write was made when its result was not kept (the connection cut before it could be)', async () => {
    const { host, store, key } = await firstSave()
    await runSql(store, 'update audit_operations set answer = null')
    expect(await host.call('actors.createOrganisation', ORGANISATION, undefined, key)).toEqual({ ok: false, error: { code: 'already_done', message: ALREADY_DONE } })
    expect(await queryValue(store, 'select count(*) from organisations')).toBe(1)
  })

  it('writes again when the first attempt was refused, and forgets results after a day', async () => {
    const host = await startTestHost()
    const store = host.store as Store
    const key = crypto.randomUUID()
    const refused = await host.call('actors.createOrganisation', { ...ORGANISATION, profileCode: 'inconnu' }, undefined, key)
    expect(refused.ok).toBe(false)
    expect((await host.call('actors.createOrganisation', ORGANISATION, undefined, key)).ok).toBe(true)
    expect(await queryValue(store, 'select count(*) from organisations')).toBe(1)
    expect(await queryValue(store, 'select count(*) from audit_operations where answer is not null')).toBe(1)
    // The next write a day later clears it (a result can name a person).
    await keepAnswer(store.db, 0, null, new Date(Date.now() + 25 * 3600 * 1000))
    expect(await queryValue(store, 'select count(*) from audit_operations where answer is not null')).toBe(0)
  })

  it('ignores a key on a read, and a malformed key', async () => {
    const host = await startTestHost()
    const store = host.store as Store
    const key = crypto.randomUUID()
    expect((await host.call('copil.sessions', undefined, undefined, key)).ok).toBe(true)
    expect((await host.call('actors.createOrganisation', ORGANISATION, undefined, 'pas une clé !')).ok).toBe(true)
    expect((await host.call('actors.createOrganisation', ORGANISATION, undefined, 'pas une clé !')).ok).toBe(true)
    expect(await queryValue(store, 'select count(*) from organisations')).toBe(2)
  })
})
