import { describe, expect, it } from 'vitest'
import { queryRows, tempDir, testStore } from '../../tests/helpers/temp'
import { dispatch } from './dispatch'
import { FileRegistry } from './files'

describe('dispatch', () => {
  it('answers territory.get from the database', async () => {
    const store = await testStore()
    const result = await dispatch({ store, appVersion: 'test', files: new FileRegistry(tempDir()) }, 'territory.get', undefined)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const territory = result.value as { name: string; towns: { name: string; population: number }[]; population: number }
    expect(territory.name).toBe('Paris Est Marne et Bois')
    expect(territory.towns).toHaveLength(13)
    expect(territory.population).toBe(territory.towns.reduce((sum, town) => sum + town.population, 0))
  })

  it('counts live rows for the dashboard', async () => {
    const store = await testStore()
    await store.db
      .insertInto('organisations')
      .values([
        { name: 'Club Gravelle Entreprendre', profileCode: 'association', status: 'vitawiner' },
        { name: 'CCI 94', profileCode: 'institution', status: 'prospect' },
      ])
      .execute()
    const result = await dispatch({ store, appVersion: 'test', files: new FileRegistry(tempDir()) }, 'dashboard.overview', {})
    expect(result).toMatchObject({ ok: true, value: { organisations: 2, vitawinerOrganisations: 1, people: 0, towns: 13 } })
  })

  it('refuses an unknown operation in French', async () => {
    const store = await testStore()
    const result = await dispatch({ store, appVersion: 'test', files: new FileRegistry(tempDir()) }, 'actors.drop', {})
    expect(result).toEqual({ ok: false, error: { code: 'unknown_command', message: 'Opération inconnue : « actors.drop ».' } })
  })

  it('refuses invalid arguments with a French message', async () => {
    const store = await testStore()
    const result = await dispatch({ store, appVersion: 'test', files: new FileRegistry(tempDir()) }, 'territory.get', { unexpected: true })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('invalid_input')
    expect(result.error.message).toMatch(/^Données invalides/)
    expect(result.error.message).toMatch(/[Cc]lé/)
  })

  it('does not treat inherited properties as operations', async () => {
    const store = await testStore()
    const result = await dispatch({ store, appVersion: 'test', files: new FileRegistry(tempDir()) }, 'constructor', {})
    expect(result.ok).toBe(false)
  })
})

describe('actors.bulkTag', () => {
  it('removes tags whatever their case, accents included', async () => {
    const store = await testStore()
    const files = new FileRegistry(tempDir())
    const created = await dispatch({ store, appVersion: 'test', files }, 'actors.createOrganisation', { name: 'Club', profileCode: 'association', tags: ['Égalité des chances', 'RSE'] })
    expect(created.ok).toBe(true)
    const key = (created as { value: { key: string } }).value.key
    const result = await dispatch({ store, appVersion: 'test', files }, 'actors.bulkTag', { keys: [key], add: [], remove: ['ÉGALITÉ DES CHANCES'] })
    expect(result.ok).toBe(true)
    const left = await queryRows<{ name: string }>(store, 'select t.name from actor_tags l join tags t on t.id = l.tag_id')
    expect(left.map((row) => row.name)).toEqual(['RSE'])
  })
})

describe('actors.bulkStatus', () => {
  it('refuses a joining date in the future as the record does, on its field, and changes nobody', async () => {
    const store = await testStore()
    const files = new FileRegistry(tempDir())
    const created = await dispatch({ store, appVersion: 'test', files }, 'actors.createOrganisation', { name: 'Club', profileCode: 'association' })
    const key = (created as { value: { key: string } }).value.key
    const result = await dispatch({ store, appVersion: 'test', files }, 'actors.bulkStatus', { keys: [key], status: 'vitawiner', joinedOn: '2999-01-01' })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { issues: [{ path: ['joinedOn'], message: "Date d'adhésion : la date ne peut pas être dans le futur" }] } } })
    const missing = await dispatch({ store, appVersion: 'test', files }, 'actors.bulkStatus', { keys: [key], status: 'vitawiner', joinedOn: null })
    expect(missing).toMatchObject({ ok: false, error: { details: { field: 'joinedOn' } } })
    expect(await queryRows(store, 'select status, joined_on from organisations')).toEqual([{ status: 'prospect', joined_on: null }])
  })
})
