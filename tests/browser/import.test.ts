import path from 'node:path'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectedAnnuaire, landed, writeAnnuaire } from '../helpers/import-fixtures'
import { screenshotSizes, startApp, suiteBrowser, type AppUnderTest } from '../helpers/browser'
import { tempDir } from '../helpers/temp'

// The import as the animators do it, in Chromium, on a file as they write them: the table found
// under its title (and another header tried), a value the tables of words do not know mapped by
// hand, the preview, the import, and its undo — from the screen, then from Paramètres → Journal.

let app: AppUnderTest
let page: Page

const EMPTY = { organisations: [], people: [], affiliations: [], interactions: [], links: [], others: [] }

const chromium = suiteBrowser()

beforeAll(async () => {
  app = await startApp(chromium.browser)
  page = app.page
})

afterAll(async () => {
  await app?.close()
})

async function chooseFile(file: string): Promise<void> {
  await app.open('/acteurs/import')
  const chooser = page.waitForEvent('filechooser')
  await page.getByRole('button', { name: 'Choisir un fichier…' }).click()
  await (await chooser).setFiles(file)
}

describe('import of a spreadsheet in the browser', () => {
  it('finds the table, maps an unknown value, previews, imports and undoes', async () => {
    const file = await writeAnnuaire(path.join(tempDir(), 'annuaire.xlsx'))
    await app.open('/acteurs/import')
    await page.getByRole('button', { name: 'Choisir un fichier…' }).waitFor()
    await screenshotSizes(page, 'import-1-empty')

    await chooseFile(file)
    const firstRows = page.getByRole('table', { name: 'Premières lignes de la feuille' })
    await firstRows.waitFor()
    // The title and the note above are passed over: the header is row 4.
    expect(await page.getByRole('radio', { name: 'Ligne 4' }).isChecked()).toBe(true)
    await page.getByText("La ligne 4 a été prise pour les titres").waitFor()
    await page.getByLabel('Bilan de la vérification').waitFor()
    await screenshotSizes(page, 'import-2-table')

    // Another header row, then back: the columns follow.
    await page.getByRole('radio', { name: 'Ligne 2' }).check()
    await page.getByText('La ligne 2 a été prise pour les titres').waitFor()
    await page.getByRole('alert').filter({ hasText: "Associez une colonne du fichier au champ « Nom de l'organisation »" }).waitFor()
    await page.getByRole('radio', { name: 'Ligne 4' }).check()
    await page.getByText('La ligne 4 a été prise pour les titres').waitFor()
    const columns = page.getByRole('table', { name: 'Correspondance des colonnes' })
    await columns.getByText('masquée').waitFor()
    expect(await page.locator('input[aria-label="Champ pour la colonne A « Structure »"]').inputValue()).toBe("Nom de l'organisation *")
    expect(await page.locator('input[aria-label="Champ pour la colonne C « Code interne »"]').inputValue()).toBe('— Ne pas importer —')
    expect(await page.locator('input[aria-label="Champ pour la colonne G « Contact »"]').inputValue()).toBe('Contact : nom complet')

    // The preview: a type nobody's table knows is an error until it is mapped.
    const summary = page.getByLabel('Bilan de la vérification')
    await summary.getByText('1 ligne en erreur').waitFor()
    expect(await summary.innerText()).toMatch(/4 organisations à créer[\s\S]*4 contacts à créer[\s\S]*4 rattachements[\s\S]*3 échanges au journal[\s\S]*1 ligne en erreur[\s\S]*4 lignes ignorées/)
    const problems = page.getByRole('table', { name: 'Lignes à vérifier' })
    expect(await problems.innerText()).toMatch(/11\s+Agence régionale de santé\s+—\s+Erreur : Profil inconnu : « Structure publique »\. Valeurs acceptées : « Associations »/)
    const ignored = page.getByRole('table', { name: 'Lignes ignorées' })
    expect(await ignored.innerText()).toMatch(/13\s+TOTAL · 6\s+Ligne de total/)
    await page.getByText(/Colonnes masquées dans le fichier, non importées : C « Code interne »/).waitFor()
    expect(await page.getByRole('button', { name: /^Importer 6 lignes$/ }).isDisabled()).toBe(true)
    await screenshotSizes(page, 'import-3-preview')

    const unknown = page.locator('input[aria-label="Correspondance de « Structure publique » (Profil)"]')
    await unknown.click()
    await page.getByRole('option', { name: 'Institutions' }).click()
    await page.getByText('Aperçu à mettre à jour').waitFor()
    await screenshotSizes(page, 'import-4-values')
    await page.getByRole('button', { name: 'Vérifier de nouveau' }).click()
    await summary.getByText('0 ligne en erreur').waitFor()
    expect(await summary.innerText()).toMatch(/5 organisations à créer/)
    expect(await landed(app.host.store!)).toEqual(EMPTY)

    await page.getByLabel('Enregistrer la correspondance sous le nom (facultatif)').fill('Annuaire PEMB')
    await page.getByRole('button', { name: 'Importer 7 lignes' }).click()
    const done = page.getByLabel("Bilan de l'import")
    await done.waitFor()
    expect(await done.innerText()).toMatch(/5 organisations créées[\s\S]*4 contacts créés[\s\S]*4 rattachements[\s\S]*3 échanges au journal/)
    expect(await landed(app.host.store!)).toEqual(expectedAnnuaire('annuaire.xlsx', 'Camille Laurent'))
    await screenshotSizes(page, 'import-5-done')

    await page.getByRole('button', { name: 'Annuler cet import…' }).click()
    const confirm = page.getByRole('dialog', { name: 'Annuler cet import ?' })
    await confirm.getByRole('button', { name: "Garder l'import" }).waitFor()
    // The dialog's opening transition.
    await page.waitForTimeout(400)
    await screenshotSizes(page, 'import-6-undo-confirm')
    await confirm.getByRole('button', { name: "Annuler l'import" }).click()
    await page.getByRole('status').filter({ hasText: 'Import annulé' }).waitFor()
    expect(await landed(app.host.store!)).toEqual(EMPTY)
    await screenshotSizes(page, 'import-7-undone')
  })

  it('undoes an import from Paramètres → Journal des modifications, or says what changed since', async () => {
    const file = await writeAnnuaire(path.join(tempDir(), 'annuaire.xlsx'))
    await chooseFile(file)
    // The mapping saved by the first import is taken up: columns and values.
    await page.getByText('Correspondance « Annuaire PEMB » reprise').waitFor()
    await page.getByLabel('Bilan de la vérification').getByText('0 ligne en erreur').waitFor()
    await page.getByRole('button', { name: 'Importer 7 lignes' }).click()
    await page.getByLabel("Bilan de l'import").waitFor()
    expect(await landed(app.host.store!)).toEqual(expectedAnnuaire('annuaire.xlsx', 'Camille Laurent'))
    // A record changed since the import: the undo is refused, and says which.
    app.host.store!.sqlite.prepare("update organisations set phone = '+33148080000' where name = 'Collège Jean Moulin'").run()

    await app.open('/parametres?onglet=journal')
    await page.locator('label').filter({ hasText: /^Imports$/ }).click()
    const operations = page.getByRole('table', { name: 'Opérations' })
    await operations.getByText('annulé').waitFor()
    await operations.getByText('Import d’organisations et de contacts depuis « annuaire.xlsx »').first().click()
    await page.getByRole('button', { name: 'Annuler cet import…' }).click()
    await page.getByRole('dialog', { name: 'Annuler cet import ?' }).getByRole('button', { name: "Annuler l'import" }).click()
    const refusal = page.getByRole('alert').filter({ hasText: 'Annulation impossible' })
    await refusal.waitFor()
    expect(await refusal.innerText()).toMatch(/Organisation « Collège Jean Moulin » : a changé depuis \(Téléphone : \(vide\) devenu « \+33148080000 »\)/)
    await screenshotSizes(page, 'import-8-journal-refused')
    expect((await landed(app.host.store!)).organisations).toHaveLength(5)

    app.host.store!.sqlite.prepare("update organisations set phone = null where name = 'Collège Jean Moulin'").run()
    await page.getByRole('button', { name: 'Annuler cet import…' }).click()
    await page.getByRole('dialog', { name: 'Annuler cet import ?' }).getByRole('button', { name: "Annuler l'import" }).click()
    await page.getByRole('status').filter({ hasText: 'Import annulé' }).waitFor()
    expect(await landed(app.host.store!)).toEqual(EMPTY)
    await screenshotSizes(page, 'import-9-journal-undone')
  })
  it('says which rows the file hides, and leaves them out when asked', async () => {
    const folder = tempDir()
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Partenaires')
    sheet.addRows([['Structure', 'Ville'], ['Lycée Berlioz', 'Vincennes'], ['Association dissoute', 'Fontenay-sous-Bois'], ['Mairie de Bry', 'Bry-sur-Marne']])
    sheet.getRow(3).hidden = true
    const file = path.join(folder, 'partenaires-masquees.xlsx')
    await workbook.xlsx.writeFile(file)
    await chooseFile(file)
    const summary = page.getByLabel('Bilan de la vérification')
    await summary.waitFor()
    await page.getByText('La ligne 3 est masquée dans le fichier : elle est importée comme les autres.', { exact: false }).waitFor()
    const skip = page.getByRole('checkbox', { name: 'Laisser de côté les lignes masquées dans le fichier (1)' })
    await page.getByRole('button', { name: 'Importer 3 lignes' }).waitFor()
    await skip.check()
    await page.getByText('elle est laissée de côté, comme demandé.', { exact: false }).waitFor()
    const ignored = page.getByRole('table', { name: 'Lignes ignorées' })
    expect(await ignored.innerText()).toMatch(/3\s+Association dissoute · Fontenay-sous-Bois\s+Ligne masquée dans le fichier/)
    await screenshotSizes(page, 'import-hidden-rows')
    await page.getByRole('button', { name: 'Importer 2 lignes' }).click()
    await page.getByLabel("Bilan de l'import").waitFor()
    const names = ((await landed(app.host.store!)).organisations as { name: string }[]).map((organisation) => organisation.name)
    expect(names).toEqual(expect.arrayContaining(['Lycée Berlioz', 'Mairie de Bry']))
    expect(names).not.toContain('Association dissoute')
  })
})
