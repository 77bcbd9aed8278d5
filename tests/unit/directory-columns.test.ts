import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DIRECTORY_COLUMNS, DIRECTORY_FIELDS } from '../../db/rules/actor-columns'
import { FIELD_LABELS, GATHERED_FIELD_LABELS, recordFieldLabel } from '../../db/rules/field-labels'
import { introspectionOf } from '../../db/introspection'
import { testStore } from '../helpers/temp'

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
  'organisations.sirene_state': 'Fermée le: a closed establishment shows its closing date',
}

const snake = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)

describe('the directory’s columns', () => {
  it('cover every field of an organisation and of a person', async () => {
    const store = await testStore()
    const schema = introspectionOf(store.db)
    const offered = new Set(DIRECTORY_COLUMNS.map((column) => snake(column.id)))
    const missing: string[] = []
    for (const table of ['organisations', 'people']) {
      const columns = (await schema.columns(table)).map((column) => column.name)
      expect(columns.length).toBeGreaterThan(5)
      for (const column of columns) {
        if (NOT_COLUMNS[column] || NOT_COLUMNS[`${table}.${column}`]) continue
        if (!offered.has(column)) missing.push(`${table}.${column}`)
      }
    }
    expect(missing).toEqual([])
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

  it('take their headers from the fields’ labels, with no French of their own', () => {
    for (const column of DIRECTORY_COLUMNS) expect(column.header, column.id).toBe(recordFieldLabel(column.id))
    // A header typed again in the column list (« Téléphone ») is a second copy of field-labels.ts.
    const source = fs.readFileSync(path.resolve(__dirname, '../../db/rules/actor-columns.ts'), 'utf8')
    const labels = new Set([...Object.values(FIELD_LABELS), ...Object.values(GATHERED_FIELD_LABELS)])
    const strings = [...source.matchAll(/'([^'\n]*)'|"([^"\n]*)"/g)].map((match) => match[1] ?? match[2]!)
    expect(strings.filter((text) => labels.has(text))).toEqual([])
    expect(strings.filter((text) => /[A-ZÀ-Ý][a-zà-ÿ]+ [a-zà-ÿ']/.test(text) || /[éèàù]/.test(text))).toEqual([])
  })
})
