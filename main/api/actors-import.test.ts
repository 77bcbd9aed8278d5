import path from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { call, startTestHost } from '../../tests/helpers/api'
import { HEADERS, VALUES, comparable, expectedAnnuaire, landed, writeAnnuaire, writeAnnuaireCsv } from '../../tests/helpers/import-fixtures'
import { convertWithLibreOffice } from '../../tests/helpers/libreoffice'
import { tempDir } from '../../tests/helpers/temp'
import { writeSireneFile } from '../../scripts/sirene-fixture'
import type { ApiHost } from './host'
import type { Store } from '../../db/backend'

// The import of the team's own spreadsheets through the API, on files as they come: written by
// exceljs as Excel would, re-saved by LibreOffice in .xlsx, .ods and .csv, and French Excel's CSVs.
// Each test checks every record that lands, and that nothing else does.

const EMPTY = { organisations: [], people: [], affiliations: [], interactions: [], links: [], others: [] }

async function host(): Promise<ApiHost<Store>> {
  const started = await startTestHost()
  started.services.updateMachine({ animator: 'Camille Laurent' })
  return started
}

/** Inspects, then imports with what the inspection guessed and the user's choice for the unknown type. */
async function importAnnuaire(started: ApiHost<Store>, file: string) {
  const handle = started.files.register(file)
  const inspection = await call(started, 'actors.import.inspect', { fileId: handle.id })
  const args = {
    fileId: handle.id,
    target: inspection.target,
    mapping: inspection.guessed,
    values: VALUES,
    defaultProfile: 'entreprise',
    sheet: inspection.sheet,
    headerRow: inspection.headerRowNumber ?? undefined,
  }
  const preview = await call(started, 'actors.import.preview', args)
  const report = await call(started, 'actors.import.commit', args)
  return { handle, inspection, preview, report, args }
}

describe('actors.import through the API', () => {
  it('finds the table of a messy workbook and lands its organisations, contacts, affiliations, towns and journal, exactly', async () => {
    const started = await host()
    const file = await writeAnnuaire(path.join(tempDir(), 'annuaire.xlsx'))
    const handle = started.files.register(file)

    const inspection = await call(started, 'actors.import.inspect', { fileId: handle.id })
    expect(inspection).toMatchObject({
      format: 'xlsx',
      sheets: [
        { name: 'Annuaire', hidden: false },
        { name: 'Listes', hidden: false },
      ],
      sheet: 'Annuaire',
      headerRowNumber: 4,
      headers: HEADERS,
      hiddenColumns: [2],
      target: 'contacts',
      detectedKind: 'contacts',
      saved: null,
      warnings: ["Le classeur a d'autres feuilles, qui ne sont pas importées : « Listes ». Choisissez la feuille à importer au besoin."],
    })
    expect(inspection.guessed).toEqual({
      0: 'name',
      1: 'profile',
      2: null, // hidden
      3: 'siret',
      4: 'town',
      5: 'postalCode',
      6: 'fullName',
      7: 'jobTitle',
      8: 'email',
      9: 'phone',
      10: 'firstContactOn',
      11: 'notes',
    })
    expect(inspection.candidates.map((row) => [row.rowNumber, row.cells[0]])).toEqual([
      [1, 'Réseau Vitawin – annuaire des partenaires'],
      [2, 'Mis à jour le 12/03/2025 – fichier partagé du service développement économique'],
      [4, 'Structure'],
      [5, 'Collège Jean Moulin'],
      [6, ''],
      [7, 'Boulangerie Dupont'],
      [8, 'Mairie de Nogent'],
      [9, 'Club Gravelle Entreprendre'],
      [10, 'Boulangerie Dupont'],
      [11, 'Agence régionale de santé'],
      [13, 'TOTAL'],
      [15, 'Source : service du développement économique, PEMB'],
    ])
    expect(inspection.preview[0]!.cells.slice(9, 11)).toEqual(['01 43 28 00 00', '15/09/2025'])

    const args = { fileId: handle.id, target: inspection.target, mapping: inspection.guessed, defaultProfile: 'entreprise', sheet: 'Annuaire', headerRow: 4 }
    // A type the tables of words do not know: an error naming the accepted values, until it is mapped.
    const unmapped = await call(started, 'actors.import.preview', args)
    expect(unmapped.failed).toBe(1)
    expect(unmapped.rows.find((row) => row.rowNumber === 11)!.problems[0]).toMatch(/^Profil inconnu : « Structure publique »\. Valeurs acceptées : « Associations », /)
    const refused = await started.call('actors.import.commit', args)
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/^Import annulé : 1 ligne comporte des erreurs .*Rien n'a été enregistré\.$/) } })
    expect(await landed(started.store!)).toEqual(EMPTY)

    const preview = await call(started, 'actors.import.preview', { ...args, values: VALUES })
    expect(preview).toMatchObject({ headerRowNumber: 4, dataRows: 7, imported: 7, failed: 0 })
    expect(preview.ignored).toEqual([
      { rowNumber: 1, text: 'Réseau Vitawin – annuaire des partenaires', reason: 'Au-dessus du tableau (titre ou note)' },
      { rowNumber: 2, text: 'Mis à jour le 12/03/2025 – fichier partagé du service développement économique', reason: 'Au-dessus du tableau (titre ou note)' },
      { rowNumber: 13, text: 'TOTAL · 6', reason: 'Ligne de total' },
      { rowNumber: 15, text: 'Source : service du développement économique, PEMB', reason: 'Note sous le tableau' },
    ])
    expect(preview.unusedColumns).toEqual([{ column: 2, letter: 'C', header: 'Code interne', hidden: true, filled: 7 }])
    expect(preview.values.find((each) => each.field === 'profile')!.values.map((value) => [value.raw, value.count, value.target, value.origin])).toEqual([
      ['PME', 2, 'entreprise', 'words'],
      ["Club d'entreprises", 1, 'institution', 'words'],
      ['Collège', 1, 'education', 'words'],
      ['mairie', 1, 'collectivite', 'name'],
      ['Structure publique', 1, 'institution', 'chosen'],
    ])

    const report = await call(started, 'actors.import.commit', { ...args, values: VALUES, saveMappingAs: 'Annuaire PEMB' })
    // The preview is the import, rolled back.
    expect(comparable(started.store!, report)).toEqual(comparable(started.store!, { ...preview, committed: true, operationId: expect.any(Number) }))
    expect(await landed(started.store!)).toEqual(expectedAnnuaire('annuaire.xlsx', 'Camille Laurent'))

    // The mapping saved with it (columns and values) is offered for the same file again, which changes nothing.
    const again = await call(started, 'actors.import.inspect', { fileId: handle.id })
    expect(again.saved).toMatchObject({ name: 'Annuaire PEMB', target: 'contacts', values: VALUES })
    const second = await call(started, 'actors.import.commit', { ...args, mapping: again.saved!.mapping, values: again.saved!.values })
    expect(second).toMatchObject({ organisations: { created: 0, updated: 0, unchanged: 5 }, people: { created: 0, updated: 0, unchanged: 4 }, affiliations: 0, journal: 0, operationId: null })
    expect(await landed(started.store!)).toEqual(expectedAnnuaire('annuaire.xlsx', 'Camille Laurent'))

    // The undo removes all of it, in one operation of the journal.
    const undone = await call(started, 'actors.import.undo', { operationId: report.operationId! })
    expect(undone).toMatchObject({ operationId: report.operationId, removed: 16, restored: 0 })
    expect(await landed(started.store!)).toEqual(EMPTY)
    const { operations } = await call(started, 'audit.operations', { kind: 'imports' })
    expect(operations.map((operation) => [operation.kind, operation.label, operation.undoneBy])).toEqual([
      ['actors.import.undo', `Annulation : Import d’organisations et de contacts depuis « annuaire.xlsx » (opération n° ${report.operationId})`, null],
      ['actors.import.commit', 'Import d’organisations et de contacts depuis « annuaire.xlsx »', operations[0]!.id],
    ])
    const twice = await started.call('actors.import.undo', { operationId: report.operationId! })
    expect(twice).toMatchObject({ ok: false, error: { code: 'conflict' } })
    const notAnImport = await started.call('actors.import.undo', { operationId: operations[0]!.id })
    expect(notAnImport).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Seuls les imports peuvent être annulés : cette opération n’en est pas un.' } })
  })

  it('lands the same records from the workbook re-saved by LibreOffice in .xlsx, .ods and .csv', async () => {
    const source = await writeAnnuaire(path.join(tempDir(), 'annuaire.xlsx'))
    for (const format of ['xlsx', 'ods', 'csv'] as const) {
      const converted = convertWithLibreOffice(source, format)
      const started = await host()
      const { inspection, preview, report } = await importAnnuaire(started, converted)
      expect(inspection, format).toMatchObject({ format, headerRowNumber: 4, headers: HEADERS, target: 'contacts' })
      expect(inspection.hiddenColumns, format).toEqual(format === 'csv' ? [] : [2])
      expect(report, format).toMatchObject({ imported: 7, failed: 0, committed: true })
      expect(preview.ignored.map((row) => row.rowNumber), format).toEqual([1, 2, 13, 15])
      expect(await landed(started.store!), format).toEqual(expectedAnnuaire(path.basename(converted), 'Camille Laurent'))
    }
  })

  it('lands the same records from French Excel’s CSVs: Windows-1252 or UTF-8 with BOM, semicolons, CRLF', async () => {
    for (const encoding of ['windows-1252', 'utf-8-bom'] as const) {
      const file = writeAnnuaireCsv(path.join(tempDir(), `annuaire-${encoding}.csv`), encoding)
      const started = await host()
      const { inspection, preview } = await importAnnuaire(started, file)
      expect(inspection, encoding).toMatchObject({ format: 'csv', encoding: encoding === 'windows-1252' ? 'windows-1252' : 'utf-8', delimiter: ';', headerRowNumber: 4, headers: HEADERS })
      expect(preview.ignored.map((row) => [row.rowNumber, row.reason]), encoding).toEqual([
        [1, 'Au-dessus du tableau (titre ou note)'],
        [2, 'Au-dessus du tableau (titre ou note)'],
        [13, 'Ligne de total'],
        [15, 'Note sous le tableau'],
      ])
      expect(preview.unusedColumns, encoding).toEqual([{ column: 2, letter: 'C', header: 'Code interne', hidden: false, filled: 7 }])
      expect(await landed(started.store!), encoding).toEqual(expectedAnnuaire(path.basename(file), 'Camille Laurent'))
    }
  })

  it('recognises English headers, and another sheet or header row when asked', async () => {
    const started = await host()
    const folder = tempDir()
    const csv = path.join(folder, 'contacts.csv')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(csv, 'Company,City,Zip,First name,Last name,Job title,Email,Phone\nLycée Louis Armand,Nogent-sur-Marne,94130,Hélène,Dupont,Proviseure,helene.dupont@ac-creteil.fr,01 45 14 28 28\n')
    const handle = started.files.register(csv)
    const inspection = await call(started, 'actors.import.inspect', { fileId: handle.id })
    expect(inspection).toMatchObject({ target: 'contacts', guessed: { 0: 'name', 1: 'town', 2: 'postalCode', 3: 'firstName', 4: 'lastName', 5: 'jobTitle', 6: 'email', 7: 'phone' } })
    await call(started, 'actors.import.commit', { fileId: handle.id, target: 'contacts', mapping: inspection.guessed, defaultProfile: 'entreprise' })
    expect(await landed(started.store!)).toMatchObject({
      organisations: [{ name: 'Lycée Louis Armand', profile_code: 'education', town_code: '94052', email: null }],
      people: [{ first_name: 'Hélène', last_name: 'Dupont', email: 'helene.dupont@ac-creteil.fr', phone: '+33145142828', job_title: 'Proviseure' }],
      affiliations: [{ person: 'Hélène Dupont', organisation: 'Lycée Louis Armand', role: 'Proviseure' }],
      others: [],
    })

    const workbook = await writeAnnuaire(path.join(folder, 'annuaire.xlsx'))
    const other = started.files.register(workbook)
    expect(await call(started, 'actors.import.inspect', { fileId: other.id, sheet: 'Listes' })).toMatchObject({ sheet: 'Listes', headerRowNumber: 1, headers: ['Types'], warnings: [expect.stringContaining('« Annuaire »')] })
    expect(await call(started, 'actors.import.inspect', { fileId: other.id, headerRow: 2, target: 'organisations' })).toMatchObject({ sheet: 'Annuaire', headerRowNumber: 2, target: 'organisations' })
  })

  it('reads the headers under merged group labels (« Structure », « Contact »), in the workbook and as LibreOffice re-saves it', async () => {
    const folder = tempDir()
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Partenaires')
    sheet.addRow(['Partenaires Vitawin 2025'])
    sheet.addRow([])
    sheet.addRow(['Structure', null, null, 'Contact', null, null, null, null, 'Suivi'])
    sheet.addRow(['Nom', 'Ville', 'Téléphone', 'Civilité', 'Nom', 'Prénom', 'Fonction', 'E-mail', 'Date de premier contact'])
    sheet.addRow(['Collège Jean Moulin', 'Vincennes', '01 43 28 00 00', 'Mme', 'Benali', 'Nadia', 'Principale', 'nadia.benali@ac-creteil.fr', '15/09/2025'])
    sheet.addRow(['Boulangerie Dupont', 'Saint-Maur-des-Fossés', '', 'M.', 'Lefèvre', 'Jean-Marc', 'Gérant', 'jm@boulangerie.fr', ''])
    sheet.mergeCells('A1:I1')
    sheet.mergeCells('A3:C3')
    sheet.mergeCells('D3:H3')
    const file = path.join(folder, 'partenaires-groupes.xlsx')
    await workbook.xlsx.writeFile(file)
    for (const target of [file, convertWithLibreOffice(file, 'ods')]) {
      const started = await host()
      const handle = started.files.register(target)
      const inspection = await call(started, 'actors.import.inspect', { fileId: handle.id })
      expect(inspection, target).toMatchObject({
        headerRowNumber: 4,
        headers: ['Nom de la structure', 'Ville', 'Téléphone', 'Civilité du contact', 'Nom du contact', 'Prénom du contact', 'Fonction du contact', 'E-mail du contact', 'Date de premier contact'],
        target: 'contacts',
        guessed: { 0: 'name', 1: 'town', 2: 'phone', 3: 'civility', 4: 'lastName', 5: 'firstName', 6: 'jobTitle', 7: 'personEmail', 8: 'firstContactOn' },
      })
      const args = { fileId: handle.id, target: inspection.target, mapping: inspection.guessed, defaultProfile: 'entreprise', sheet: inspection.sheet, headerRow: 4 }
      const report = await call(started, 'actors.import.commit', args)
      expect(report.ignored.map((row) => [row.rowNumber, row.reason]), target).toEqual([
        [1, 'Au-dessus du tableau (titre ou note)'],
        [3, "Titres de groupes de colonnes, lus avec l'en-tête"],
      ])
      expect(await landed(started.store!), target).toMatchObject({
        organisations: [
          { name: 'Collège Jean Moulin', profile_code: 'education', town_code: '94080', phone: '+33143280000', email: null },
          { name: 'Boulangerie Dupont', profile_code: 'entreprise', town_code: '94068', phone: null, email: null },
        ],
        people: [
          { first_name: 'Nadia', last_name: 'Benali', town_code: '94080', email: 'nadia.benali@ac-creteil.fr', phone: null, job_title: 'Principale' },
          { first_name: 'Jean-Marc', last_name: 'Lefèvre', town_code: '94068', email: 'jm@boulangerie.fr', phone: null, job_title: 'Gérant' },
        ],
        affiliations: [
          { person: 'Nadia Benali', organisation: 'Collège Jean Moulin', role: 'Principale' },
          { person: 'Jean-Marc Lefèvre', organisation: 'Boulangerie Dupont', role: 'Gérant' },
        ],
        others: [],
      })
    }
  }, 120_000)

  it('undoes a SIRENE import too, and leaves what was there before', async () => {
    const started = await host()
    await call(started, 'actors.createOrganisation', { name: 'Boulangerie du Marché', profileCode: 'entreprise', townCode: '94080' })
    const before = await landed(started.store!)
    const file = path.join(tempDir(), 'StockEtablissement.csv')
    await writeSireneFile(file, { rows: 300, territoryShare: 0.3, seed: 3, closedShare: 0.2 })
    const imported = await call(started, 'actors.import.sirene', { fileId: started.files.register(file).id })
    expect(imported.created).toBeGreaterThan(20)
    const { operations } = await call(started, 'audit.operations', { kind: 'imports' })
    const undone = await call(started, 'actors.import.undo', { operationId: operations[0]!.id })
    expect(undone.removed).toBeGreaterThanOrEqual(imported.created)
    expect(await landed(started.store!)).toEqual(before)
  })
})
