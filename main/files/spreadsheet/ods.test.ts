import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { caught as appError } from '../../../tests/helpers/errors'
import { convertWithLibreOffice } from '../../../tests/helpers/libreoffice'
import { type SheetRow, openSpreadsheet, readSpreadsheet } from './index'
import { buildZip, crcParts, deflateParts, tempDir, writeWorkbook } from '../test-helpers'

// .ods files: written by hand to reach each construct of the format, and written by LibreOffice.

const dir = tempDir()
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

let counter = 0
function file(name: string): string {
  return path.join(dir, `${++counter}-${name}`)
}

const NAMESPACES = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"',
].join(' ')

function content(styles: string, tables: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content ${NAMESPACES} office:version="1.3">
<office:automatic-styles>${styles}</office:automatic-styles>
<office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body>
</office:document-content>`
}

function ods(name: string, xml: string | Buffer, extra: { name: string; data: Buffer }[] = []): string {
  const target = file(name)
  fs.writeFileSync(
    target,
    buildZip([
      { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet'), store: true },
      { name: 'content.xml', data: Buffer.isBuffer(xml) ? xml : Buffer.from(xml, 'utf8') },
      ...extra,
    ]),
  )
  return target
}

async function readAll(target: string, options: Parameters<typeof openSpreadsheet>[1] = {}): Promise<SheetRow[]> {
  const source = await openSpreadsheet(target, options)
  const rows: SheetRow[] = []
  for await (const row of source.rows) rows.push(row)
  return rows
}

const utc = (y: number, m: number, d: number, h = 0, min = 0) => new Date(Date.UTC(y, m - 1, d, h, min))
const text = (value: string, attributes = '') => `<table:table-cell office:value-type="string" calcext:value-type="string"${attributes}><text:p>${value}</text:p></table:table-cell>`

describe('ods', () => {
  it('reads every kind of cell, repeated rows and cells, merges, comments and paragraphs, with LibreOffice row numbers', async () => {
    const target = ods(
      'kinds.ods',
      content(
        '<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>',
        `<table:table table:name="Listes" table:style-name="ta2"><table:table-row>${text('Collège')}</table:table-row></table:table>
        <table:table table:name="Annuaire &amp; contacts" table:style-name="ta1">
          <table:table-column table:number-columns-repeated="2"/>
          <table:table-column table:visibility="collapse"/>
          <table:table-column table:number-columns-repeated="1021"/>
          <table:table-row>
            <table:table-cell table:number-columns-spanned="4" office:value-type="string"><text:p>Réseau Vitawin – annuaire</text:p></table:table-cell>
            <table:covered-table-cell table:number-columns-repeated="3"/>
            <table:table-cell table:number-columns-repeated="1020"/>
          </table:table-row>
          <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
          <table:table-row>${text('Nom')}${text('Créé le')}${text('Effectif')}${text('Actif')}${text('Note')}</table:table-row>
          <table:table-row>
            <table:table-cell office:value-type="string"><text:p>Hélène<text:s text:c="2"/>Dupont</text:p><text:p>2<text:sup>e</text:sup> ligne<text:tab/>fin<text:line-break/>!</text:p>
              <office:annotation><text:p>Commentaire à ignorer</text:p></office:annotation></table:table-cell>
            <table:table-cell office:value-type="date" office:date-value="2024-03-15"><text:p>15/03/2024</text:p></table:table-cell>
            <table:table-cell office:value-type="float" office:value="12"><text:p>12</text:p></table:table-cell>
            <table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>VRAI</text:p></table:table-cell>
            <table:table-cell office:value-type="percentage" office:value="0.25"><text:p>25 %</text:p></table:table-cell>
          </table:table-row>
          <table:table-row table:number-rows-repeated="2">${text('Identique')}<table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="3"><text:p>3</text:p></table:table-cell></table:table-row>
          <table:table-row><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
          <table:table-row>
            <table:table-cell table:formula="of:=SUM([.C4:.C7])" office:value-type="float" office:value="18" calcext:value-type="float"><text:p>18</text:p></table:table-cell>
            <table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>
            <table:table-cell office:value-type="date" office:date-value="2024-03-15T10:30:00"><text:p>15/03/2024 10:30</text:p></table:table-cell>
            <table:table-cell office:value-type="string" office:string-value="  "/>
          </table:table-row>
          <table:table-row table:number-rows-repeated="1048566"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
        </table:table>
        <table:table table:name="Notes"><table:table-row>${text('Une note')}</table:table-row></table:table>`,
      ),
    )
    const source = await openSpreadsheet(target)
    expect(source.format).toBe('ods')
    expect(source.sheets).toEqual([
      { name: 'Listes', hidden: true },
      { name: 'Annuaire & contacts', hidden: false },
      { name: 'Notes', hidden: false },
    ])
    expect(source.sheet).toBe('Annuaire & contacts')
    const rows: SheetRow[] = []
    for await (const row of source.rows) rows.push(row)
    expect(source.hiddenColumns()).toEqual([2])
    expect(rows.map((row) => [row.rowNumber, row.cells])).toEqual([
      [1, ['Réseau Vitawin – annuaire']],
      [4, ['Nom', 'Créé le', 'Effectif', 'Actif', 'Note']],
      [5, ['Hélène  Dupont\n2e ligne\tfin\n!', utc(2024, 3, 15), 12, true, 0.25]],
      [6, ['Identique', 3, 3]],
      [7, ['Identique', 3, 3]],
      [9, [18, null, utc(2024, 3, 15, 10, 30)]],
    ])
    expect(rows[5]!.formulas).toEqual([
      { column: 0, address: 'A9', formula: 'SUM([.C4:.C7])' },
      { column: 1, address: 'B9', formula: '1/0' },
    ])
    expect(rows[5]!.errors).toEqual([{ column: 1, address: 'B9', error: '#DIV/0!' }])
    expect((await readAll(target, { sheet: 'Notes' })).map((row) => row.cells)).toEqual([['Une note']])
    expect((await readAll(target, { sheet: 0 })).map((row) => row.cells)).toEqual([['Collège']])
    expect((await appError(readAll(target, { sheet: 'Budget' }))).message).toContain('« Annuaire & contacts »')
  })

  it('reads what LibreOffice writes, as it reads the same workbook in .xlsx', async () => {
    const source = await writeWorkbook(file('libreoffice.xlsx'), (workbook) => {
      const sheet = workbook.addWorksheet('Contacts')
      sheet.addRow(['Structure', 'Date de premier contact', 'Élèves', 'Courriel'])
      sheet.addRow(['Collège Jean Moulin', utc(2025, 9, 15), 450, 'ce.0940001a@ac-creteil.fr'])
      sheet.addRow(['Mairie de Vincennes', utc(2024, 1, 31), { formula: 'C2*2', result: 900 }, null])
      sheet.addRow(['Boulangerie « Au fournil » & fils', null, 0.5, 'contact@fournil.fr'])
      sheet.getCell('B2').numFmt = 'dd/mm/yyyy'
      sheet.getCell('B3').numFmt = 'dd/mm/yyyy'
      sheet.getColumn(3).hidden = true
      workbook.addWorksheet('Vide')
    })
    const converted = convertWithLibreOffice(source, 'ods')
    const fromOds = await readAll(converted)
    expect(fromOds.map((row) => [row.rowNumber, row.cells])).toEqual((await readAll(source)).map((row) => [row.rowNumber, row.cells]))
    // In OpenFormula's own syntax.
    expect(fromOds[2]!.formulas).toEqual([{ column: 2, address: 'C3', formula: '[.C2]*2' }])
    const opened = await openSpreadsheet(converted)
    expect(opened.sheets).toEqual([
      { name: 'Contacts', hidden: false },
      { name: 'Vide', hidden: false },
    ])
    for await (const _row of opened.rows) break
    expect(opened.hiddenColumns()).toEqual([2])
    // The generic reader takes the first non-empty row as the header.
    const data = []
    for await (const row of readSpreadsheet(converted)) data.push(row.cells[0])
    expect(data).toEqual(['Collège Jean Moulin', 'Mairie de Vincennes', 'Boulangerie « Au fournil » & fils'])
  })
})

describe('ods: hostile and broken files', () => {
  const sheet = (rows: string) => content('', `<table:table table:name="Feuille1">${rows}</table:table>`)

  it('refuses entities beyond XML’s own (no « billion laughs »)', async () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE office:document-content [<!ENTITY a "hahahahaha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<office:document-content ${NAMESPACES}><office:body><office:spreadsheet><table:table table:name="F"><table:table-row>${text('&c;')}</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`
    const error = await appError(readAll(ods('laughs.ods', laughs)))
    expect(error.code).toBe('file_invalid')
    expect(error.message).toMatch(/^Le classeur OpenDocument est endommagé : la feuille « F » est illisible/)
  })

  it('refuses a zip bomb, a truncated file, a password and a file that is no .ods, in words of LibreOffice', async () => {
    const start = Buffer.from(sheet(`<table:table-row>${text('Nom')}</table:table-row>`).replace('</table:table>', ''))
    const parts = [start, { repeat: Buffer.alloc(1 << 20, 0x20), times: 300 }, Buffer.from('</table:table></office:spreadsheet></office:body></office:document-content>')]
    const { crc32, size } = crcParts(parts)
    const bomb = file('bomb.ods')
    fs.writeFileSync(
      bomb,
      buildZip([
        { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet'), store: true },
        { name: 'content.xml', data: Buffer.alloc(0), compressed: await deflateParts(parts), declaredSize: size, crc32 },
      ]),
    )
    expect((await appError(readAll(bomb))).message).toBe(
      'Le classeur OpenDocument a une structure anormale (taux de compression démesuré) : il a été refusé par sécurité. Ouvrez-le dans LibreOffice Calc et enregistrez-le de nouveau au format .ods.',
    )

    const whole = fs.readFileSync(ods('whole.ods', sheet(`<table:table-row>${text('Nom')}</table:table-row>`)))
    const truncated = file('truncated.ods')
    fs.writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)))
    expect((await appError(readAll(truncated))).message).toMatch(/^Le classeur OpenDocument est incomplet ou endommagé/)

    const locked = ods('locked.ods', Buffer.from('garbage'), [
      { name: 'META-INF/manifest.xml', data: Buffer.from('<manifest:manifest><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>') },
    ])
    expect((await appError(readAll(locked))).message).toMatch(/protégé par un mot de passe/)

    const notZip = file('texte.ods')
    fs.writeFileSync(notZip, 'Nom;Ville\n')
    expect((await appError(readAll(notZip))).message).toMatch(/n'est pas un classeur OpenDocument \(\.ods\) valide/)
  })

  it('refuses automatic styles beyond reason before the sheets', async () => {
    const styles = `<style:style style:name="ta1" style:family="table">${' '.repeat(17 * 1024 * 1024)}</style:style>`
    const target = file('styles.ods')
    fs.writeFileSync(
      target,
      buildZip([
        { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet'), store: true },
        { name: 'content.xml', data: Buffer.from(content(styles, `<table:table table:name="F"><table:table-row>${text('Nom')}</table:table-row></table:table>`)), store: true },
      ]),
    )
    expect((await appError(readAll(target))).message).toMatch(/^Le classeur OpenDocument a une structure anormale \(styles démesurés\)/)
  })

  it('honours the column and row limits, even for repeated cells and rows', async () => {
    const wide = ods('wide.ods', sheet(`<table:table-row>${text('Nom')}<table:table-cell table:number-columns-repeated="300" office:value-type="float" office:value="1"/></table:table-row>`))
    expect((await appError(readAll(wide))).message).toBe('Le fichier compte trop de colonnes (301) : 200 au maximum.')
    const tall = ods('tall.ods', sheet(`<table:table-row table:number-rows-repeated="30">${text('Même ligne')}</table:table-row>`))
    expect((await appError(readAll(tall, { maxRows: 20 }))).message).toMatch(/trop de lignes \(plus de 20\) : 20 au maximum/)
    // Empty repeated rows and cells cost nothing, however many.
    const sparse = ods('sparse.ods', sheet(`<table:table-row>${text('Nom')}<table:table-cell table:number-columns-repeated="16383"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>`))
    expect((await readAll(sparse)).map((row) => row.cells)).toEqual([['Nom']])
  })
})
