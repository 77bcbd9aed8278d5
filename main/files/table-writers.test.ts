import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import { caught } from '../../tests/helpers/errors'
import { AppError } from '../../db/errors'
import { readSpreadsheet } from './spreadsheet'
import { tempDir, unzip } from './test-helpers'
import { type ColumnSpec } from './table-output'
import { neutralizeFormula } from '../../db/rules/excel-cells'
import { sanitizeSheetNames, writeTableWorkbook } from './xlsx-writer'
import { writeCsv } from './csv-writer'

const dir = tempDir()
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

let counter = 0
function file(name: string): string {
  return path.join(dir, `${++counter}-${name}`)
}

async function load(target: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(target)
  return workbook
}

function sheetXml(target: string, index = 1): string {
  return unzip(fs.readFileSync(target))
    .find((e) => e.name === `xl/worksheets/sheet${index}.xml`)!
    .data.toString('utf8')
}

const utc = (y: number, m: number, d: number, h = 0, mi = 0) => new Date(Date.UTC(y, m - 1, d, h, mi))

describe('neutralizeFormula and sheet names', () => {
  it('prefixes with an apostrophe what a spreadsheet would read as a formula', () => {
    expect(['=1+1', '+33 6 12 34 56 78', '-5', '@SOMME(A1)', '\tx', '\rx'].map(neutralizeFormula)).toEqual([
      "'=1+1",
      "'+33 6 12 34 56 78",
      "'-5",
      "'@SOMME(A1)",
      "'\tx",
      "'\rx",
    ])
    expect(['Hélène', 'a=b', ' =1', '', "'déjà"].map(neutralizeFormula)).toEqual(['Hélène', 'a=b', ' =1', '', "'déjà"])
  })

  it('sanitises sheet names to Excel rules, unique regardless of case', () => {
    expect(
      sanitizeSheetNames([
        'Données: 2024/2025',
        '[Bilan]*?',
        'Un nom de feuille beaucoup trop long pour Excel',
        'Un nom de feuille beaucoup trop long pour Excel',
        'acteurs',
        'Acteurs',
        '',
        "'cité'",
        'History',
      ]),
    ).toEqual([
      'Données 2024 2025',
      'Bilan',
      'Un nom de feuille beaucoup trop',
      'Un nom de feuille beaucoup (2)',
      'acteurs',
      'Acteurs (2)',
      'Feuille',
      'cité',
      'History (2)',
    ])
    for (const name of sanitizeSheetNames(['x'.repeat(40), 'x'.repeat(40)])) expect(name.length).toBeLessThanOrEqual(31)
  })
})

describe('writeTableWorkbook', () => {
  const actorColumns: ColumnSpec[] = [
    { header: 'Nom', key: 'name', type: 'text' },
    { header: 'Effectif', key: 'staff', type: 'integer' },
    { header: 'Heures', key: 'hours', type: 'decimal' },
    { header: 'Créé le', key: 'created', type: 'date' },
    { header: 'Modifié', key: 'updated', type: 'datetime' },
    { header: 'Taux', key: 'rate', type: 'percent' },
    { header: 'Actif', key: 'active', type: 'boolean', width: 9 },
  ]

  it('round-trips a 3-sheet workbook: values, types, number formats, frozen header, filter, styles', async () => {
    const target = file('export.xlsx')
    async function* asyncRows() {
      yield { indicator: 'Jeunes accueillis', value: 1234, period: '2025' }
      yield { indicator: 'Entreprises engagées', value: 56, period: '2025' }
    }
    const result = await writeTableWorkbook(
      target,
      [
        {
          name: 'Acteurs',
          columns: actorColumns,
          rows: [
            { name: 'Lycée Hector Berlioz', staff: 1234, hours: 12.25, created: '2024-03-15', updated: '2024-03-15 10:20:00', rate: 0.253, active: true },
            { name: 'Hélène « Créteil »', staff: 0, hours: null, created: utc(2023, 12, 31), updated: null, rate: 1, active: 0 },
            { name: null, staff: 12n, hours: '3.5', created: '', updated: undefined, rate: null, active: null },
          ],
        },
        { name: 'Indicateurs: 2025', columns: [
          { header: 'Indicateur', key: 'indicator', type: 'text' },
          { header: 'Valeur', key: 'value', type: 'integer' },
          { header: 'Période', key: 'period', type: 'text' },
        ], rows: asyncRows(), title: "Indicateurs d'impact 2025" },
        { name: 'Vide', columns: [{ header: 'Rien', key: 'nothing', type: 'text' }], rows: [] },
      ],
      { creator: 'Test' },
    )
    expect(result).toEqual({ rows: 5 })

    const workbook = await load(target)
    expect(workbook.creator).toBe('Test')
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Acteurs', 'Indicateurs 2025', 'Vide'])

    const actors = workbook.getWorksheet('Acteurs')!
    expect(actors.getRow(1).values).toEqual([undefined, 'Nom', 'Effectif', 'Heures', 'Créé le', 'Modifié', 'Taux', 'Actif'])
    const header = actors.getCell('A1')
    expect(header.font?.bold).toBe(true)
    expect(header.fill).toMatchObject({ type: 'pattern', pattern: 'solid' })
    expect(header.border?.bottom?.style).toBe('thin')
    expect(actors.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(actors.autoFilter).toBe('A1:G1')

    const row2 = actors.getRow(2)
    expect(row2.getCell(1).value).toBe('Lycée Hector Berlioz')
    expect(row2.getCell(2).value).toBe(1234)
    expect(row2.getCell(2).numFmt).toBe('#,##0')
    expect(row2.getCell(3).value).toBe(12.25)
    expect(row2.getCell(3).numFmt).toBe('#,##0.0')
    expect(row2.getCell(4).value).toEqual(utc(2024, 3, 15))
    expect(row2.getCell(4).type).toBe(ExcelJS.ValueType.Date)
    expect(row2.getCell(4).numFmt).toBe('dd/mm/yyyy')
    expect(row2.getCell(5).value).toEqual(utc(2024, 3, 15, 10, 20))
    expect(row2.getCell(5).numFmt).toBe('dd/mm/yyyy hh:mm')
    expect(row2.getCell(6).value).toBe(0.253)
    expect(row2.getCell(6).numFmt).toBe('0.0%')
    expect(row2.getCell(7).value).toBe('Oui')

    const row3 = actors.getRow(3)
    expect(row3.getCell(1).value).toBe('Hélène « Créteil »')
    expect(row3.getCell(3).value).toBeNull()
    expect(row3.getCell(4).value).toEqual(utc(2023, 12, 31))
    expect(row3.getCell(7).value).toBe('Non')
    const row4 = actors.getRow(4)
    expect([1, 4, 5, 6, 7].map((c) => row4.getCell(c).value)).toEqual([null, null, null, null, null])
    expect(row4.getCell(2).value).toBe(12)
    expect(row4.getCell(3).value).toBe(3.5)

    // Real Excel dates: 2024-03-15 is serial 45366 (days since 1899-12-30), no timezone shift.
    expect(sheetXml(target)).toMatch(/<c r="D2"[^>]*><v>45366<\/v><\/c>/)

    // Widths: computed, bounded, or as given.
    expect(actors.getColumn(1).width).toBeGreaterThanOrEqual('Lycée Hector Berlioz'.length)
    expect(actors.getColumn(1).width).toBeLessThanOrEqual(60)
    expect(actors.getColumn(7).width).toBeCloseTo(9, 1)

    const indicators = workbook.worksheets[1]!
    expect(indicators.getCell('A1').value).toBe("Indicateurs d'impact 2025")
    expect(indicators.getCell('A1').font?.bold).toBe(true)
    expect(indicators.getRow(2).hasValues).toBe(false)
    expect(indicators.getRow(3).values).toEqual([undefined, 'Indicateur', 'Valeur', 'Période'])
    expect(indicators.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 })
    expect(indicators.autoFilter).toBe('A3:C3')
    expect(indicators.getCell('B4').value).toBe(1234)
    expect(indicators.getCell('A5').value).toBe('Entreprises engagées')

    const empty = workbook.worksheets[2]!
    expect(empty.getCell('A1').value).toBe('Rien')
    expect(empty.rowCount).toBe(1)
  })

  it('never writes a formula: formula-like texts are plain strings, unchanged, formatted as Text', async () => {
    const target = file('injection.xlsx')
    const texts = ['=1+1', '+33 6 12 34 56 78', '-5', '@SOMME(A1)', '\tTab', '\rRetour', '=HYPERLINK("http://evil","clic")', 'normal']
    await writeTableWorkbook(target, [
      { name: 'S', columns: [{ header: '=Titre', key: 't', type: 'text' }, { header: 'Nombre', key: 'n', type: 'integer' }], rows: texts.map((t) => ({ t, n: -5 })) },
    ])
    const sheet = (await load(target)).worksheets[0]!
    expect(sheet.getCell('A1').type).toBe(ExcelJS.ValueType.String)
    expect(sheet.getCell('A1').value).toBe('=Titre')
    texts.forEach((text, i) => {
      const cell = sheet.getCell(`A${i + 2}`)
      expect(cell.type).toBe(ExcelJS.ValueType.String)
      expect(cell.formula).toBeUndefined()
      // Line breaks are LF in xlsx (XML reads a CR as LF).
      expect(cell.value).toBe(text.replace('\r', '\n'))
      expect(cell.numFmt).toBe(text === 'normal' ? undefined : '@')
      expect(sheet.getCell(`B${i + 2}`).value).toBe(-5)
    })
    expect(sheetXml(target)).not.toMatch(/<f[ >]/)
  })

  it('exports 60,000 rows from a generator, with progress, and reads them back', async () => {
    const target = file('big.xlsx')
    function* rows() {
      for (let i = 1; i <= 60_000; i++) {
        yield { name: `Acteur ${i} — Hélène`, staff: i, hours: i / 4, created: '2024-01-01', updated: null, rate: i / 60_000, active: i % 2 === 0 }
      }
    }
    const reports: number[] = []
    const started = Date.now()
    const result = await writeTableWorkbook(target, [{ name: 'Acteurs', columns: actorColumns, rows: rows() }], {
      onProgress: (done, total) => {
        expect(total).toBeUndefined()
        reports.push(done)
      },
    })
    expect(result).toEqual({ rows: 60_000 })
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(reports.at(-1)).toBe(60_000)
    expect(reports).toEqual([...reports].sort((a, b) => a - b))

    let count = 0
    let last: unknown[] = []
    const reading: Array<[number, number | undefined]> = []
    for await (const row of readSpreadsheet(target, { onProgress: (done, total) => reading.push([done, total]) })) {
      count++
      last = row.cells
    }
    expect(count).toBe(60_000)
    expect(reading.length).toBeGreaterThan(2)
    expect(reading.at(-1)![0]).toBe(reading.at(-1)![1])
    expect(last).toEqual(['Acteur 60000 — Hélène', 60_000, 15_000, utc(2024, 1, 1), null, 1, 'Oui'])
  })

  it('reports the total when rows are arrays', async () => {
    const reports: Array<[number, number | undefined]> = []
    await writeTableWorkbook(
      file('total.xlsx'),
      [
        { name: 'A', columns: [{ header: 'N', key: 'n', type: 'integer' }], rows: Array.from({ length: 1200 }, (_, n) => ({ n })) },
        { name: 'B', columns: [{ header: 'N', key: 'n', type: 'integer' }], rows: [{ n: 1 }] },
      ],
      { onProgress: (done, total) => reports.push([done, total]) },
    )
    expect(reports.every(([, total]) => total === 1201)).toBe(true)
    expect(reports.at(-1)).toEqual([1201, 1201])
  })

  it('refuses a wrong value with a French message, leaving no file behind', async () => {
    const target = file('bad.xlsx')
    const error = await caught(
      writeTableWorkbook(target, [{ name: 'Acteurs', columns: actorColumns, rows: [{ name: 'x', staff: 'beaucoup' }] }]),
    )
    expect(error.code).toBe('invalid_input')
    expect(error.message).toBe(
      "Export impossible : la valeur « beaucoup » de la colonne « Effectif » (feuille « Acteurs », ligne 1) n'est pas un nombre.",
    )
    expect(fs.existsSync(target)).toBe(false)
    const dateError = await caught(
      writeTableWorkbook(target, [{ name: 'Acteurs', columns: actorColumns, rows: [{ created: '2024-02-30' }] }]),
    )
    expect(dateError.message).toMatch(/« 2024-02-30 » de la colonne « Créé le ».*n'est pas une date/)
  })

  it('leaves an existing file untouched when the export fails midway', async () => {
    const target = file('existing.xlsx')
    fs.writeFileSync(target, 'ancien contenu')
    const folder = fs.mkdtempSync(path.join(dir, 'atomic-'))
    const inFolder = path.join(folder, 'export.xlsx')
    fs.writeFileSync(inFolder, 'ancien contenu')
    async function* failing() {
      for (let i = 0; i < 5000; i++) yield { n: i }
      throw new AppError('internal', 'Lecture interrompue.')
    }
    const error = await caught(writeTableWorkbook(inFolder, [{ name: 'S', columns: [{ header: 'N', key: 'n', type: 'integer' }], rows: failing() }]))
    expect(error.message).toBe('Lecture interrompue.')
    expect(fs.readFileSync(inFolder, 'utf8')).toBe('ancien contenu')
    expect(fs.readdirSync(folder)).toEqual(['export.xlsx'])
  })

  it('reports an unwritable destination in French instead of crashing', async () => {
    const error = await caught(
      writeTableWorkbook(path.join(dir, 'dossier-absent', 'export.xlsx'), [{ name: 'S', columns: [{ header: 'N', key: 'n', type: 'integer' }], rows: [] }]),
    )
    expect(error.code).toBe('io_error')
    expect(error.message).toBe("Le dossier de destination de « export.xlsx » n'existe pas.")
  })
})

describe('writeCsv', () => {
  const columns: ColumnSpec[] = [
    { header: 'Nom', key: 'name', type: 'text' },
    { header: 'Effectif', key: 'staff', type: 'integer' },
    { header: 'Heures', key: 'hours', type: 'decimal' },
    { header: 'Taux', key: 'rate', type: 'percent' },
    { header: 'Créé le', key: 'created', type: 'date' },
    { header: 'Modifié', key: 'updated', type: 'datetime' },
    { header: 'Actif', key: 'active', type: 'boolean' },
  ]

  it('writes what French Excel opens directly: BOM, « ; », CRLF, dd/mm/yyyy, decimal comma, quoting', async () => {
    const target = file('export.csv')
    const result = await writeCsv(target, columns, [
      { name: 'Hélène', staff: 1234, hours: 12.5, rate: 0.253, created: '2024-03-15', updated: '2024-03-15 09:05', active: true },
      { name: 'Dupont; Jean', staff: -5, hours: -0.25, rate: 0.07, created: utc(2023, 12, 31), updated: null, active: false },
      { name: 'Il a dit "bonjour"\nà tous', staff: null, hours: null, rate: null, created: null, updated: null, active: null },
    ])
    expect(result).toEqual({ rows: 3 })
    const bytes = fs.readFileSync(target)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.subarray(3).toString('utf8')).toBe(
      'Nom;Effectif;Heures;Taux;Créé le;Modifié;Actif\r\n' +
        'Hélène;1234;12,5;25,3%;15/03/2024;15/03/2024 09:05;Oui\r\n' +
        '"Dupont; Jean";-5;-0,25;7%;31/12/2023;;Non\r\n' +
        '"Il a dit ""bonjour""\nà tous";;;;;;\r\n',
    )
  })

  it('neutralises formula-like texts (not numbers), and reads back with the reader', async () => {
    const target = file('injection.csv')
    await writeCsv(
      target,
      [
        { header: 'Texte', key: 't', type: 'text' },
        { header: 'Nombre', key: 'n', type: 'integer' },
      ],
      ['=1+1', '+33 6', '-5', '@SOMME(A1)', '\tx', '\rx', 'a;b'].map((t) => ({ t, n: -5 })),
    )
    const rows = []
    for await (const row of readSpreadsheet(target)) rows.push(row.cells)
    expect(rows).toEqual([
      ["'=1+1", '-5'],
      ["'+33 6", '-5'],
      ["'-5", '-5'],
      ["'@SOMME(A1)", '-5'],
      ["'\tx", '-5'],
      ["'\rx", '-5'],
      ['a;b', '-5'],
    ])
  })

  it('streams an async iterable and leaves no file behind on failure', async () => {
    const target = file('async.csv')
    async function* rows() {
      for (let i = 0; i < 20_000; i++) yield { name: `Acteur ${i}`, staff: i }
    }
    expect(await writeCsv(target, columns.slice(0, 2), rows())).toEqual({ rows: 20_000 })
    expect(fs.readFileSync(target, 'utf8').split('\r\n')).toHaveLength(20_002)

    const failed = file('failed.csv')
    const error = await caught(writeCsv(failed, columns, [{ created: 'demain' }]))
    expect(error.code).toBe('invalid_input')
    expect(fs.existsSync(failed)).toBe(false)
  })
})
