import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { caught as appError } from '../../../tests/helpers/errors'
import { type SheetRow, cellAddress, columnLetter, detectDelimiter, headerText, openSpreadsheet, readSpreadsheet } from './index'
import { buildZip, crcParts, deflateParts, tempDir, unzip, writeWorkbook } from '../test-helpers'

const dir = tempDir()
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

let counter = 0
function file(name: string): string {
  return path.join(dir, `${++counter}-${name}`)
}

async function readAll(target: string, options: Parameters<typeof readSpreadsheet>[1] = {}): Promise<SheetRow[]> {
  const rows: SheetRow[] = []
  for await (const row of readSpreadsheet(target, options)) rows.push(row)
  return rows
}

/** What an import screen reads first: the file's kind, its first non-empty row as headers, the next rows. */
async function inspectSpreadsheet(target: string, options: { previewRows?: number } = {}) {
  const source = await openSpreadsheet(target)
  const rows: SheetRow[] = []
  for await (const row of source.rows) {
    rows.push(row)
    if (rows.length > (options.previewRows ?? 5)) break
  }
  const header = rows[0]
  const headers = header ? header.cells.map(headerText) : []
  while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop()
  const lastRow = await source.lastRowEstimate()
  return {
    format: source.format,
    sheets: source.sheets.map((sheet) => sheet.name),
    sheet: source.sheet,
    encoding: source.encoding,
    delimiter: source.delimiter,
    headers,
    headerRowNumber: header?.rowNumber ?? null,
    rowCountEstimate: lastRow === null ? null : header ? Math.max(0, lastRow - header.rowNumber) : 0,
    preview: rows.slice(1),
  }
}

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d))

describe('helpers', () => {
  it('names columns and cells as Excel does', () => {
    expect([0, 25, 26, 51, 52, 701, 702, 16_383].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD'])
    expect(cellAddress(4, 2)).toBe('C4')
  })

  it('detects the delimiter from the first line, ignoring quoted text', () => {
    expect(detectDelimiter('Nom;Prénom;Ville')).toBe(';')
    expect(detectDelimiter('Nom,Prénom,Ville')).toBe(',')
    expect(detectDelimiter('Nom\tPrénom\tVille')).toBe('\t')
    expect(detectDelimiter('"Dupont, Jean";Ville')).toBe(';')
    expect(detectDelimiter('Nom')).toBe(';')
  })
})

describe('xlsx', () => {
  it('reads values of every kind, with Excel row numbers, after the first non-empty row', async () => {
    const target = await writeWorkbook(file('types.xlsx'), (workbook) => {
      const sheet = workbook.addWorksheet('Acteurs')
      // Rows 1–2 empty: the header is row 3.
      sheet.getRow(3).values = ['  Nom ', 'Ville', 'Créé le', 'Effectif', 'Actif', 'Site', 'Note', 'Jour court']
      sheet.getRow(4).values = ['Hélène', 'Créteil', utc(2024, 3, 15), 12, true, null, 1.5, utc(2023, 12, 31)]
      sheet.getCell('C4').numFmt = 'dd/mm/yyyy'
      sheet.getCell('H4').numFmt = 'mm-dd-yy' // built-in format 14, Excel's short date
      sheet.getCell('F4').value = { text: 'Le site', hyperlink: 'https://example.org' }
      sheet.getCell('G4').value = { richText: [{ text: 'Très ', font: { bold: true } }, { text: 'bien' }] }
      // Row 5 empty, row 6 sparse (B and D only), row 7 with blanks that are not values.
      sheet.getCell('B6').value = 'Vincennes'
      sheet.getCell('D6').value = 0
      sheet.getCell('A7').value = '   '
      sheet.getCell('B7').value = 'Montreuil'
    })

    const headers: string[][] = []
    const rows = await readAll(target, { onHeader: (h, n) => headers.push([...h, String(n)]) })

    expect(headers).toEqual([['Nom', 'Ville', 'Créé le', 'Effectif', 'Actif', 'Site', 'Note', 'Jour court', '3']])
    expect(rows.map((r) => r.rowNumber)).toEqual([4, 6, 7])
    expect(rows[0]!.cells).toEqual(['Hélène', 'Créteil', utc(2024, 3, 15), 12, true, 'Le site', 'Très bien', utc(2023, 12, 31)])
    expect(rows[0]!.cells[2]).toBeInstanceOf(Date)
    // Padded to the header's width; blank strings are null.
    expect(rows[1]!.cells).toEqual([null, 'Vincennes', null, 0, null, null, null, null])
    expect(rows[2]!.cells).toEqual([null, 'Montreuil', null, null, null, null, null, null])
    expect(rows.every((r) => r.formulas.length === 0 && r.errors.length === 0)).toBe(true)
  })

  it('flags formula cells with their column, keeps their result, and flags error cells', async () => {
    const target = await writeWorkbook(file('formulas.xlsx'), (workbook) => {
      const sheet = workbook.addWorksheet('Calculs')
      sheet.addRow(['A', 'B', 'Somme', 'Texte'])
      sheet.addRow([1, 2, { formula: 'A2+B2', result: 3 }, 'ok'])
      sheet.addRow([3, 4, { formula: 'A3+B3', result: 7 }, { formula: 'IF(A3>1,"grand","petit")', result: 'grand' }])
      sheet.addRow([5, 6, { formula: 'VLOOKUP(A4,Z:Z,1,0)', result: { error: '#N/A' } }, { error: '#DIV/0!' }])
      sheet.addRow([7, 8, { formula: 'TODAY()', result: 45366 }])
      sheet.getCell('C5').numFmt = 'dd/mm/yyyy'
    })

    const rows = await readAll(target)

    expect(rows[0]!.formulas).toEqual([{ column: 2, address: 'C2', formula: 'A2+B2' }])
    expect(rows[0]!.cells).toEqual([1, 2, 3, 'ok'])
    expect(rows[1]!.formulas).toEqual([
      { column: 2, address: 'C3', formula: 'A3+B3' },
      { column: 3, address: 'D3', formula: 'IF(A3>1,"grand","petit")' },
    ])
    expect(rows[1]!.cells).toEqual([3, 4, 7, 'grand'])
    expect(rows[2]!.formulas.map((f) => f.address)).toEqual(['C4'])
    // exceljs's streaming reader drops the error computed by a formula: C4 is a formula, no value.
    expect(rows[2]!.errors).toEqual([{ column: 3, address: 'D4', error: '#DIV/0!' }])
    expect(rows[2]!.cells).toEqual([5, 6, null, null])
    // A formula's cached result under a date format is a date.
    expect(rows[3]!.cells[2]).toEqual(utc(2024, 3, 15))
    expect(rows[3]!.formulas[0]!.address).toBe('C5')
  })

  it('chooses the sheet by name or index, skips a hidden first sheet by default, and lists the sheets', async () => {
    const target = await writeWorkbook(file('sheets.xlsx'), (workbook) => {
      workbook.addWorksheet('Listes', { state: 'hidden' }).addRow(['Liste'])
      const first = workbook.addWorksheet('Établissements')
      first.addRow(['Nom'])
      first.addRow(['Lycée Hector Berlioz'])
      const second = workbook.addWorksheet('Contacts')
      second.addRow(['Courriel'])
      second.addRow(['a@example.org'])
    })

    expect((await readAll(target))[0]!.cells).toEqual(['Lycée Hector Berlioz'])
    expect((await readAll(target, { sheet: 'Contacts' }))[0]!.cells).toEqual(['a@example.org'])
    expect((await readAll(target, { sheet: ' contacts ' }))[0]!.cells).toEqual(['a@example.org'])
    expect((await readAll(target, { sheet: 2 }))[0]!.cells).toEqual(['a@example.org'])
    const missing = await appError(readAll(target, { sheet: 'Budget' }))
    expect(missing.code).toBe('invalid_input')
    expect(missing.message).toContain('« Budget »')
    expect(missing.message).toContain('« Contacts »')

    const info = await inspectSpreadsheet(target)
    expect(info.format).toBe('xlsx')
    expect(info.sheets).toEqual(['Listes', 'Établissements', 'Contacts'])
    expect(info.sheet).toBe('Établissements')
  })

  it('says which columns the sheet hides, once its first row is read', async () => {
    const target = await writeWorkbook(file('hidden.xlsx'), (workbook) => {
      const sheet = workbook.addWorksheet('Données')
      sheet.addRow(['Nom', 'Code interne', 'Ville', 'Ancien tél.', 'Courriel'])
      sheet.addRow(['Collège Jean Moulin', 'X12', 'Vincennes', '01 00 00 00 00', 'a@b.fr'])
      sheet.getColumn(2).hidden = true
      sheet.getColumn(4).hidden = true
    })
    const source = await openSpreadsheet(target)
    const rows: SheetRow[] = []
    for await (const row of source.rows) rows.push(row)
    expect(source.hiddenColumns()).toEqual([1, 3])
    expect(rows[1]!.cells).toEqual(['Collège Jean Moulin', 'X12', 'Vincennes', '01 00 00 00 00', 'a@b.fr'])
  })

  it('inspects: headers, an estimate of the row count, a preview', async () => {
    const target = await writeWorkbook(file('inspect.xlsx'), (workbook) => {
      const sheet = workbook.addWorksheet('Données')
      sheet.addRow([' Nom ', 'Ville '])
      for (let i = 1; i <= 250; i++) sheet.addRow([`Acteur ${i}`, 'Nogent-sur-Marne'])
    })
    const info = await inspectSpreadsheet(target, { previewRows: 3 })
    expect(info.headers).toEqual(['Nom', 'Ville'])
    expect(info.headerRowNumber).toBe(1)
    expect(info.rowCountEstimate).toBe(250)
    expect(info.preview.map((r) => r.cells[0])).toEqual(['Acteur 1', 'Acteur 2', 'Acteur 3'])
  })

  it('keeps accented characters intact across chunk boundaries', async () => {
    // exceljs decodes each chunk of XML on its own: a character cut between two chunks would
    // come out as U+FFFD. Thousands of 2- and 3-byte characters make such cuts certain.
    const names = Array.from({ length: 20_000 }, (_, i) => `Hélène Créteil — éàèùç œ € ${i}`)
    const target = await writeWorkbook(file('accents.xlsx'), (workbook) => {
      const sheet = workbook.addWorksheet('Noms')
      sheet.addRow(['Nom', 'Inline'])
      names.forEach((name, i) => sheet.addRow([name, `${'é'.repeat(i % 7)}${i}`]))
    })
    const rows = await readAll(target)
    expect(rows).toHaveLength(names.length)
    expect(rows.map((r) => r.cells[0])).toEqual(names)
    expect(rows.filter((r) => String(r.cells[1]).includes('\uFFFD'))).toEqual([])
  })

  it('refuses a sheet with a value in column XFD, before reading on', async () => {
    const target = await writeWorkbook(file('xfd.xlsx'), (workbook) => {
      const sheet = workbook.addWorksheet('Large')
      sheet.getCell('A1').value = 'Nom'
      sheet.getCell('XFD1').value = 'Trop loin'
      for (let i = 2; i <= 1000; i++) sheet.getCell(`A${i}`).value = i
    })
    let yielded = 0
    const error = await appError(
      (async () => {
        for await (const _row of readSpreadsheet(target)) yielded++
      })(),
    )
    expect(error.code).toBe('file_invalid')
    expect(error.message).toBe('Le fichier compte trop de colonnes (16\u202f384) : 200 au maximum.')
    expect(error.message).toMatch(/^Le fichier compte trop de colonnes \(16\s384\) : 200 au maximum\.$/)
    expect(yielded).toBe(0)
  })

  it('tolerates empty formatted cells beyond the column limit, and honours maxColumns / maxRows', async () => {
    const target = await writeWorkbook(file('wide.xlsx'), (workbook) => {
      const sheet = workbook.addWorksheet('S')
      sheet.addRow(['A', 'B', 'C'])
      for (let i = 0; i < 20; i++) sheet.addRow([i, i, i])
      sheet.getCell('ZZ5').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } }
    })
    expect(await readAll(target)).toHaveLength(20)
    const columns = await appError(readAll(target, { maxColumns: 2 }))
    expect(columns.message).toMatch(/trop de colonnes \(3\) : 2 au maximum/)
    const rows = await appError(readAll(target, { maxRows: 10 }))
    expect(rows.code).toBe('file_invalid')
    expect(rows.message).toMatch(/trop de lignes.*10 au maximum/)
  })

  it('reads a workbook without shared strings or styles (exceljs would otherwise spill to a temporary file)', async () => {
    const source = await writeWorkbook(file('numbers.xlsx'), (workbook) => {
      const sheet = workbook.addWorksheet('S')
      sheet.addRow([1, 2])
      sheet.addRow([3, 4])
    })
    const entries = unzip(fs.readFileSync(source)).filter((e) => !/sharedStrings|styles/.test(e.name))
    // Worksheet first, as some writers do.
    entries.sort((a, b) => Number(!a.name.includes('worksheets/')) - Number(!b.name.includes('worksheets/')))
    const target = file('reordered.xlsx')
    fs.writeFileSync(target, buildZip(entries.map((e) => ({ name: e.name, data: e.data }))))
    expect((await readAll(target)).map((r) => r.cells)).toEqual([[3, 4]])
  })
})

describe('xlsx: hostile and broken files', () => {
  async function validWorkbook(name: string, rows = 50): Promise<string> {
    return writeWorkbook(file(name), (workbook) => {
      const sheet = workbook.addWorksheet('Feuille')
      sheet.addRow(['Nom', 'Ville'])
      for (let i = 1; i <= rows; i++) sheet.addRow([`Acteur ${i}`, 'Créteil'])
    })
  }

  it('refuses a zip bomb: a sheet padded with 300 MB of whitespace', async () => {
    const source = unzip(fs.readFileSync(await validWorkbook('bomb-source.xlsx')))
    const sheet = source.find((e) => e.name === 'xl/worksheets/sheet1.xml')!
    const xml = sheet.data.toString('utf8')
    const cut = xml.lastIndexOf('</worksheet>')
    const parts = [Buffer.from(xml.slice(0, cut)), { repeat: Buffer.alloc(1 << 20, 0x20), times: 300 }, Buffer.from(xml.slice(cut))]
    const { crc32, size } = crcParts(parts)
    const compressed = await deflateParts(parts)
    expect(size).toBeGreaterThan(300 * 1024 * 1024)
    const target = file('bomb.xlsx')
    fs.writeFileSync(
      target,
      buildZip(source.map((e) => (e === sheet ? { name: e.name, data: Buffer.alloc(0), compressed, declaredSize: size, crc32 } : e))),
    )
    expect(fs.statSync(target).size).toBeLessThan(1024 * 1024)

    const started = Date.now()
    const error = await appError(readAll(target))
    expect(error.code).toBe('file_invalid')
    expect(error.message).toMatch(/compression/)
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('refuses an archive declaring more than 400 MB once uncompressed', async () => {
    const source = unzip(fs.readFileSync(await validWorkbook('huge-source.xlsx')))
    const target = file('huge.xlsx')
    // 450 MB declared for 2.5 MB of data: a ratio of 180, under the ratio limit; only the total is wrong.
    const noise = Buffer.from(Array.from({ length: 2_500_000 }, (_, i) => (i * 2_654_435_761) >>> 24))
    fs.writeFileSync(
      target,
      buildZip([...source, { name: 'xl/media/image1.png', data: Buffer.alloc(0), compressed: noise, declaredSize: 450 * 1024 * 1024 }]),
    )
    const error = await appError(readAll(target))
    expect(error.code).toBe('file_invalid')
    expect(error.message).toMatch(/^Le fichier Excel est trop volumineux une fois décompressé \(451 Mo\) : 400 Mo au maximum\.$/)
  })

  it('stops inflating a part that grows beyond its declared size', async () => {
    const source = unzip(fs.readFileSync(await validWorkbook('liar-source.xlsx')))
    const sheet = source.find((e) => e.name === 'xl/worksheets/sheet1.xml')!
    const xml = sheet.data.toString('utf8')
    const cut = xml.lastIndexOf('</worksheet>')
    const parts = [Buffer.from(xml.slice(0, cut)), { repeat: Buffer.alloc(1 << 20, 0x20), times: 64 }, Buffer.from(xml.slice(cut))]
    const compressed = await deflateParts(parts)
    const { crc32 } = crcParts(parts)
    const target = file('liar.xlsx')
    // Declares 100 × the compressed size: under every directory check, far below the truth.
    fs.writeFileSync(
      target,
      buildZip(source.map((e) => (e === sheet ? { name: e.name, data: Buffer.alloc(0), compressed, declaredSize: compressed.length * 100, crc32 } : e))),
    )
    const error = await appError(readAll(target))
    expect(error.code).toBe('file_invalid')
    expect(error.message).toMatch(/structure anormale/)
  })

  it('refuses a truncated workbook (its first half) without hanging', async () => {
    const bytes = fs.readFileSync(await validWorkbook('whole.xlsx', 2000))
    const target = file('truncated.xlsx')
    fs.writeFileSync(target, bytes.subarray(0, bytes.length >> 1))
    const error = await appError(readAll(target))
    expect(error.code).toBe('file_invalid')
    expect(error.message).toMatch(/^Le fichier Excel est incomplet ou endommagé/)
    expect(error.stack).not.toContain('unzipper')
  })

  it('refuses random bytes named .xlsx, an .xls, and an empty file', async () => {
    const random = file('random.xlsx')
    fs.writeFileSync(random, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)))
    expect((await appError(readAll(random))).message).toMatch(/n'est pas un classeur Excel \(\.xlsx\) valide/)

    const ole = file('ancien.xls')
    fs.writeFileSync(ole, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]))
    expect((await appError(readAll(ole))).message).toMatch(/Excel 97-2003 \(\.xls\)/)

    const empty = file('vide.xlsx')
    fs.writeFileSync(empty, '')
    expect((await appError(readAll(empty))).code).toBe('file_invalid')

    const zipOfNothing = file('autre.xlsx')
    fs.writeFileSync(zipOfNothing, buildZip([{ name: 'readme.txt', data: Buffer.from('bonjour') }]))
    expect((await appError(readAll(zipOfNothing))).message).toMatch(/n'est pas un classeur Excel/)
  })

  it('refuses a sheet whose XML is broken, naming the sheet and the last row read', async () => {
    const source = unzip(fs.readFileSync(await validWorkbook('xml-source.xlsx', 5000)))
    const target = file('broken-xml.xlsx')
    fs.writeFileSync(
      target,
      buildZip(
        source.map((e) =>
          e.name === 'xl/worksheets/sheet1.xml' ? { name: e.name, data: Buffer.from(e.data.toString('utf8').replace('<row r="4000"', '<row r="4000"><<')) } : e,
        ),
      ),
    )
    let lastRow = 0
    const error = await appError(
      (async () => {
        for await (const row of readSpreadsheet(target)) lastRow = row.rowNumber
      })(),
    )
    expect(error.code).toBe('file_invalid')
    expect(lastRow).toBeGreaterThan(1000)
    expect(lastRow).toBeLessThan(4000)
    expect(error.message).toBe(
      `Le fichier Excel est endommagé : la feuille « Feuille » est illisible après la ligne ${new Intl.NumberFormat('fr-FR').format(lastRow)}. Ouvrez-le dans Excel et enregistrez-le de nouveau au format .xlsx.`,
    )
  })

  it('detects corrupted data through the CRC', async () => {
    const source = unzip(fs.readFileSync(await validWorkbook('crc-source.xlsx')))
    const target = file('crc.xlsx')
    fs.writeFileSync(
      target,
      buildZip(
        source.map((e) => {
          if (e.name !== 'xl/sharedStrings.xml') return e
          // Same size, still well-formed XML, one different character: only the CRC can tell.
          const damaged = Buffer.from(e.data.toString('utf8').replace('Acteur 1<', 'Acteur 9<'))
          expect(damaged.equals(e.data)).toBe(false)
          return { name: e.name, data: damaged, crc32: crcParts([e.data]).crc32, store: true }
        }),
      ),
    )
    const error = await appError(readAll(target))
    expect(error.code).toBe('file_invalid')
    expect(error.message).toMatch(/^Le fichier Excel est incomplet ou endommagé/)
  })

  it('reports missing files plainly', async () => {
    const error = await appError(readAll(path.join(dir, 'absent.xlsx')))
    expect(error.code).toBe('not_found')
    expect(error.message).toBe('Le fichier « absent.xlsx » est introuvable.')
  })
})

describe('csv', () => {
  function csv(name: string, content: string | Buffer): string {
    const target = file(name)
    fs.writeFileSync(target, content)
    return target
  }

  it('reads a windows-1252 file (French Excel « CSV ») with its accents', async () => {
    const text = 'Nom;Ville;Montant\r\nHélène;Créteil;12,50 €\r\nFrançois;Saint-Maur-des-Fossés;œuvre « 1 »\r\n'
    const target = csv('cp1252.csv', Buffer.from(text.replace('€', '\u0080').replace('œ', '\u009c').replace('«', '\u00ab').replace('»', '\u00bb'), 'latin1'))
    const rows = await readAll(target)
    expect(rows.map((r) => r.cells)).toEqual([
      ['Hélène', 'Créteil', '12,50 €'],
      ['François', 'Saint-Maur-des-Fossés', 'œuvre « 1 »'],
    ])
    const info = await inspectSpreadsheet(target)
    expect(info).toMatchObject({ format: 'csv', encoding: 'windows-1252', delimiter: ';', headers: ['Nom', 'Ville', 'Montant'] })
  })

  it('falls back to windows-1252 even when the first accent comes late in the file', async () => {
    const filler = 'Acteur;Ville\r\n' + 'Dupont;Paris\r\n'.repeat(10_000)
    const target = csv('late-accent.csv', Buffer.concat([Buffer.from(filler, 'latin1'), Buffer.from('Hélène;Créteil\r\n', 'latin1')]))
    const rows = await readAll(target)
    expect(rows.at(-1)!.cells).toEqual(['Hélène', 'Créteil'])
  })

  it('reads UTF-8 with BOM and « ; », UTF-8 without BOM and « , », and tabs', async () => {
    const semicolon = csv('bom.csv', '\uFEFFNom;Ville\r\nHélène;Créteil\r\n')
    expect(await inspectSpreadsheet(semicolon)).toMatchObject({ encoding: 'utf-8', delimiter: ';', headers: ['Nom', 'Ville'] })
    expect((await readAll(semicolon)).map((r) => r.cells)).toEqual([['Hélène', 'Créteil']])

    const comma = csv('comma.csv', 'Nom,Ville,Note\nHélène,Créteil,"1,5"\n"Dupont, Jean",Vincennes,2\n')
    expect(await inspectSpreadsheet(comma)).toMatchObject({ encoding: 'utf-8', delimiter: ',' })
    expect((await readAll(comma)).map((r) => r.cells)).toEqual([
      ['Hélène', 'Créteil', '1,5'],
      ['Dupont, Jean', 'Vincennes', '2'],
    ])

    const tab = csv('tab.tsv', 'Nom\tVille\nHélène\tCréteil\n')
    expect((await readAll(tab)).map((r) => r.cells)).toEqual([['Hélène', 'Créteil']])
  })

  it('reads UTF-16 with BOM (Excel « Texte Unicode »)', async () => {
    const target = csv('unicode.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Nom\tVille\r\nHélène\tCréteil\r\n', 'utf16le')]))
    expect((await readAll(target)).map((r) => r.cells)).toEqual([['Hélène', 'Créteil']])
  })

  it('numbers rows as Excel shows them: quoted line breaks, empty lines, ragged rows, a « sep= » line', async () => {
    const target = csv('layout.csv', 'Nom;Adresse;Ville\r\n"Hélène";"12 rue de Paris\r\nBâtiment B";Créteil\r\n\r\nFrançois\r\n  ;;\r\nLéa;;Vincennes;;;\r\n')
    const rows = await readAll(target)
    expect(rows.map((r) => [r.rowNumber, r.cells])).toEqual([
      [2, ['Hélène', '12 rue de Paris\r\nBâtiment B', 'Créteil']],
      [4, ['François', null, null]],
      [6, ['Léa', null, 'Vincennes']],
    ])

    const sep = csv('sep.csv', 'sep=,\r\nNom,Ville\r\nHélène,Créteil\r\n')
    const sepRows = await readAll(sep)
    expect(sepRows.map((r) => [r.rowNumber, r.cells])).toEqual([[2, ['Hélène', 'Créteil']]])
  })

  it('refuses an unterminated quote, naming the line where it opens', async () => {
    const target = csv('quote.csv', 'Nom;Ville\r\nHélène;Créteil\r\n"Dupont;Vincennes\r\nLéa;Nogent\r\n')
    const error = await appError(readAll(target))
    expect(error.code).toBe('file_invalid')
    expect(error.message).toBe(
      "Le fichier CSV est mal formé : le guillemet ouvert à la ligne 3 n'est jamais refermé. Corrigez cette ligne (ou enregistrez de nouveau le fichier depuis Excel), puis réessayez.",
    )
  })

  it('keeps a quote inside an unquoted cell, as Excel does', async () => {
    const target = csv('inner-quote.csv', 'Nom;Ville\r\nAssociation "Les amis";Créteil\r\n')
    expect((await readAll(target))[0]!.cells).toEqual(['Association "Les amis"', 'Créteil'])
  })

  it('refuses too many columns (values beyond the limit) but accepts trailing empty ones', async () => {
    const wide = csv('wide.csv', `${Array.from({ length: 250 }, (_, i) => `C${i + 1}`).join(';')}\r\n`)
    const error = await appError(readAll(wide))
    expect(error.message).toBe('Le fichier compte trop de colonnes (250) : 200 au maximum.')

    const trailing = csv('trailing.csv', `Nom;Ville${';'.repeat(300)}\r\nHélène;Créteil${';'.repeat(300)}\r\n`)
    expect((await readAll(trailing)).map((r) => r.cells)).toEqual([['Hélène', 'Créteil']])

    const absurd = csv('absurd.csv', `Nom\r\nx${';'.repeat(20_000)}\r\n`)
    expect((await appError(readAll(absurd))).message).toMatch(/trop de colonnes \(20\s001\)/)
  })

  it('refuses more rows than maxRows', async () => {
    const target = csv('rows.csv', 'Nom\r\n' + 'x\r\n'.repeat(30))
    const error = await appError(readAll(target, { maxRows: 20 }))
    expect(error.message).toMatch(/trop de lignes \(plus de 20\) : 20 au maximum/)
  })

  it('reads an empty file as a sheet without header nor rows', async () => {
    const target = csv('empty.csv', '')
    expect(await readAll(target)).toEqual([])
    expect(await inspectSpreadsheet(target)).toMatchObject({ headers: [], headerRowNumber: null, rowCountEstimate: 0, preview: [] })
  })

  it('refuses a binary file named .csv', async () => {
    const target = csv('binary.csv', Buffer.from([0x4e, 0x6f, 0x6d, 0x00, 0x01, 0x02, 0xff, 0x00]))
    expect((await appError(readAll(target))).message).toMatch(/ni un classeur Excel \(\.xlsx\) ni un fichier texte CSV/)
  })

  it('reports progress in bytes up to the file size, and estimates the row count', async () => {
    const target = csv('progress.csv', 'Nom;Ville\r\n' + 'Hélène;Créteil\r\n'.repeat(50_000))
    const size = fs.statSync(target).size
    const reports: Array<[number, number | undefined]> = []
    let count = 0
    for await (const _row of readSpreadsheet(target, { onProgress: (done, total) => reports.push([done, total]) })) count++
    expect(count).toBe(50_000)
    expect(reports.length).toBeGreaterThan(2)
    expect(reports.every(([, total]) => total === size)).toBe(true)
    expect(reports.map(([done]) => done)).toEqual([...reports.map(([done]) => done)].sort((a, b) => a - b))
    expect(reports.at(-1)![0]).toBe(size)
    expect((await inspectSpreadsheet(target)).rowCountEstimate).toBe(50_000)
  })

  it('stops reading and releases the file when the caller breaks out early', async () => {
    const target = csv('early.csv', 'Nom\r\n' + 'x\r\n'.repeat(100_000))
    let seen = 0
    for await (const _row of readSpreadsheet(target)) if (++seen === 3) break
    expect(seen).toBe(3)
    fs.rmSync(target) // would fail on Windows if the file were still open
  })
})
