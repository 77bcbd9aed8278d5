import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parse as parseCsvSync } from 'csv-parse/sync'
import { afterAll, describe, expect, it } from 'vitest'
import { writeSireneFile } from '../../scripts/sirene-fixture'
import { parseRecord } from './sirene-import'

// The SIRENE import's own record splitter: what csv-parse reads, on every kind of line, and a
// refusal wherever csv-parse refuses the quoting.

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vitawin-sirene-record-'))
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }))

const csvParse = (line: string) => (parseCsvSync(line, { delimiter: ',', record_delimiter: '\n', relax_column_count: true }) as string[][])[0] ?? []

describe('parseRecord', () => {
  it('reads every line of a generated file as csv-parse does', async () => {
    const file = path.join(folder, 'sirene.csv')
    await writeSireneFile(file, { rows: 3000, territoryShare: 0.5, seed: 5 })
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)
    expect(lines.some((line) => line.includes('"'))).toBe(true)
    for (const line of lines) expect(parseRecord(line)).toEqual(csvParse(line))
  })

  it('reads quoted fields: commas, doubled quotes, line breaks, empty values', () => {
    const samples = [
      'a,"b,c",d',
      '"",x,""',
      '"LE ""FOURNIL"" DE VINCENNES",94080',
      '"DUPONT, MARTIN ET ASSOCIES","BAT A\nESCALIER 2",',
      ',,',
      '"a"',
      'x,"""quoted"""',
    ]
    for (const line of samples) expect(parseRecord(line), line).toEqual(csvParse(line))
  })

  it('refuses what csv-parse refuses: a stray quote, text after a closing quote, a quote left open', () => {
    for (const line of ['a,NAF"Rev"2,c', 'a,"b"c,d', 'a,"b', 'a,"b"",c', '"a" ,b']) {
      expect(() => csvParse(line), line).toThrow()
      expect(parseRecord(line), line).toBeNull()
    }
  })
})
