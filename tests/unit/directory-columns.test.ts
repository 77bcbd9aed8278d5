import { describe, expect, it } from 'vitest'
import { DIRECTORY_COLUMNS, DIRECTORY_FIELDS } from '../../db/rules/actor-columns'
import { tempStore } from '../helpers/temp'

// The directory's column chooser offers every field a record has: each column of the
// organisations and people tables is a column of the grid, or is named here with the reason why
// not. A column added to a table fails this test until the grid offers it (or says why not).

/** Table columns shown through another column of the grid, or not fields at all. */
const NOT_COLUMNS: Record<string, string> = {
  id: 'the row itself (its key opens the record)',
  version: 'the record’s change counter (db/versions.ts), not a field',
  'organisations.name': 'Nom',
  'people.first_name': 'Nom (« prénom nom »)',
  'people.last_name': 'Nom (« prénom nom »)',
  'organisations.outside_town': 'Commune (a town outside the territory, as typed)',
  'people.outside_town': 'Commune (a town outside the territory, as typed)',
  'people.name_key': 'a search key derived from the name',
  'organisations.name_key': 'a search key derived from the name',
  'organisations.sirene_state': 'Fermeture (SIRENE): a closed establishment shows its closing date',
}

const snake = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)

describe('the directory’s columns', () => {
  it('cover every field of an organisation and of a person', async () => {
    const store = await tempStore()
    try {
      const offered = new Set(DIRECTORY_COLUMNS.map((column) => snake(column.id)))
      const missing: string[] = []
      for (const table of ['organisations', 'people']) {
        const columns = store.sqlite.prepare(`select name from pragma_table_info('${table}')`).pluck().all() as string[]
        expect(columns.length).toBeGreaterThan(5)
        for (const column of columns) {
          if (NOT_COLUMNS[column] || NOT_COLUMNS[`${table}.${column}`]) continue
          if (!offered.has(column)) missing.push(`${table}.${column}`)
        }
      }
      expect(missing).toEqual([])
    } finally {
      await store.close()
    }
  })

  it('are each a field the directory reads, once', () => {
    const ids = DIRECTORY_COLUMNS.map((column) => column.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(DIRECTORY_FIELDS).toContain(id)
    for (const column of DIRECTORY_COLUMNS) {
      expect(column.header.trim(), column.id).toBeTruthy()
      expect(column.minWidth, column.id).toBeLessThanOrEqual(column.width)
    }
  })
})
