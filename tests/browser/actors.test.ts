import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { demoApp, fillDate, screenshot, type AppUnderTest } from '../helpers/browser'
import { tempDir } from '../helpers/temp'

// The actor CRM as the animators use it, in Chromium through browser mode, on the demo dataset.

const demo = demoApp({ seed: 7 })
let app: AppUnderTest
let page: Page
beforeAll(() => ({ app, page } = demo))

async function count(sql: string): Promise<number> {
  return Number(demo.value(sql))
}

async function openDirectory(): Promise<void> {
  await app.open('/acteurs')
  await page.getByTestId('directory-grid').locator('.ag-row').first().waitFor()
  await page.getByTestId('directory-count').getByText(/acteurs affichés/).waitFor()
}

/** The rows the grid shows, once the server has counted them for the filters of the moment. */
async function displayedCount(): Promise<number> {
  const count = page.getByTestId('directory-count').getByText(/acteurs affichés/)
  await count.waitFor()
  return Number((await count.innerText()).split(' sur ')[0]!.replace(/\D/g, ''))
}

describe('actor CRM in the browser', () => {
  it('creates an organisation with a validated SIRET, and refuses the same SIRET with a link to the existing record', async () => {
    await openDirectory()
    await page.getByRole('button', { name: 'Nouvelle organisation' }).click()
    const form = page.getByRole('form', { name: "Fiche de l'organisation" })
    await form.getByLabel('Nom').fill('Imprimerie des Bords de Marne')
    await form.getByLabel('Commune').click()
    await page.getByRole('option', { name: 'Nogent-sur-Marne' }).click()
    await form.getByLabel('SIRET').fill('732 829 320 00075')
    await form.getByRole('button', { name: 'Créer la fiche' }).click()
    await form.getByText(/clé de contrôle incorrecte/).waitFor()
    await form.getByLabel('SIRET').fill('732 829 320 00074')
    await form.getByLabel('Courriel').fill('Contact@Imprimerie-Bords.exemple.fr')
    await screenshot(page, 'crm-new-organisation')
    await form.getByRole('button', { name: 'Créer la fiche' }).click()
    await page.getByRole('heading', { level: 2, name: 'Imprimerie des Bords de Marne' }).waitFor()
    const createdUrl = page.url()
    expect(await count("select count(*) from organisations where siret = '73282932000074' and email = 'contact@imprimerie-bords.exemple.fr'")).toBe(1)

    await openDirectory()
    await page.getByRole('button', { name: 'Nouvelle organisation' }).click()
    await form.getByLabel('Nom').fill('Imprimerie bis')
    await form.getByLabel('SIRET').fill('73282932000074')
    await form.getByRole('button', { name: 'Créer la fiche' }).click()
    const alert = page.getByRole('alert').filter({ hasText: 'Enregistrement impossible' })
    await alert.waitFor()
    expect(await alert.innerText()).toContain('Imprimerie des Bords de Marne')
    await alert.getByRole('link', { name: 'Ouvrir la fiche existante' }).click()
    await page.getByRole('heading', { level: 2, name: 'Imprimerie des Bords de Marne' }).waitFor()
    expect(page.url()).toBe(createdUrl)
  })

  it('notes an interaction with a next step, lists it under « À relancer », and marks it done', async () => {
    const key = `o${await count("select id from organisations where siret = '73282932000074'")}`
    await app.open(`/acteurs/${key}`)
    await page.getByRole('button', { name: 'Noter un échange' }).click()
    const dialog = page.getByRole('dialog', { name: 'Noter un échange' })
    await dialog.getByLabel('Animateur ou animatrice').fill('Camille Laurent')
    await dialog.getByLabel('Résumé').fill('Rencontre au salon : intéressés par le forum des métiers.')
    await dialog.getByLabel('Prochaine étape convenue').fill('Envoyer la convention de partenariat')
    await dialog.getByLabel('Échéance').fill('01/01/2020')
    await dialog.getByLabel('Échéance').press('Tab')
    // Before the exchange itself: refused on the field (issue 14), until the exchange is dated earlier.
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await dialog.getByText("Échéance : la prochaine étape ne peut pas être due avant la date de l'échange").waitFor()
    await fillDate(dialog, 'Date', '15/12/2019')
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await page.getByTestId('timeline-event').filter({ hasText: 'intéressés par le forum' }).waitFor()

    await app.open('/acteurs/relances')
    const row = page.getByRole('table', { name: 'À relancer' }).getByRole('row').filter({ hasText: 'Envoyer la convention de partenariat' })
    // The oldest overdue step: on the last page of « En retard », the freshest coming first.
    const lastOverduePage = async () => {
      await page.getByText(/^En retard \(\d+\)$/).click()
      await page.getByTestId('follow-ups-count').getByText(/^1–/).waitFor()
      const last = page.getByRole('button', { name: 'Dernière page' })
      if ((await last.count()) > 0) await last.click()
    }
    await lastOverduePage()
    await row.waitFor()
    expect(await row.innerText()).toContain('01/01/2020')
    expect(await row.innerText()).toMatch(/en retard/i)
    await screenshot(page, 'crm-follow-ups')
    // Only what is due this week: the overdue step is not among them.
    await page.getByText(/^Cette semaine \(\d+\)$/).click()
    await row.waitFor({ state: 'detached' })
    await lastOverduePage()
    await row.getByRole('button', { name: 'Fait' }).click()
    await row.waitFor({ state: 'detached' })
    expect(await count("select count(*) from interactions where next_step = 'Envoyer la convention de partenariat' and next_step_done_on is not null")).toBe(1)
  })

  it('finds people and notes with Ctrl+K, whatever the accents and case', async () => {
    const person = app.host.store!.sqlite.prepare("insert into people (first_name, last_name, profile_code) values ('Hélène', 'Cœurderoy-Test', 'education')").run()
    await app.open('/acteurs')
    await page.keyboard.press('Control+k')
    const search = page.getByRole('textbox', { name: 'Recherche globale' })
    await search.fill('helene coeurd')
    const hit = page.getByRole('button', { name: /Hélène Cœurderoy-Test/ })
    await hit.waitFor()
    await screenshot(page, 'crm-search')
    await hit.click()
    await page.getByRole('heading', { level: 2, name: 'Hélène Cœurderoy-Test' }).waitFor()
    expect(page.url()).toContain(`/acteurs/p${person.lastInsertRowid}`)
    await search.waitFor({ state: 'hidden' })

    await page.keyboard.press('Control+k')
    await search.fill('salon forum')
    await page.getByRole('button', { name: /Imprimerie des Bords de Marne — échange du/ }).waitFor()
    await page.keyboard.press('Escape')
  })

  it('filters the grid, saves the view, tags a selection in bulk and exports the view to a real workbook', async () => {
    await openDirectory()
    const total = await displayedCount()
    expect(total).toBeGreaterThan(800)
    await page.getByRole('textbox', { name: "Filtrer l'annuaire" }).fill('boulangerie')
    await expect.poll(displayedCount).toBeLessThan(total)
    const filtered = await displayedCount()
    expect(filtered).toBeGreaterThan(0)

    await page.getByRole('button', { name: 'Vue', exact: true }).click()
    await page.getByRole('menuitem', { name: 'Enregistrer la vue…' }).click()
    await page.getByRole('dialog', { name: 'Enregistrer la vue' }).getByLabel('Nom de la vue').fill('Boulangeries')
    await page.getByRole('dialog', { name: 'Enregistrer la vue' }).getByRole('button', { name: 'Enregistrer' }).click()
    await expect.poll(() => count("select count(*) from saved_views where name = 'Boulangeries'")).toBe(1)
    // The dialog stays open until every query has reloaded; the filter behind it is not to be touched before.
    await page.getByRole('dialog', { name: 'Enregistrer la vue' }).waitFor({ state: 'detached' })

    await page.getByRole('textbox', { name: "Filtrer l'annuaire" }).fill('')
    await expect.poll(displayedCount).toBe(total)
    await page.getByRole('textbox', { name: 'Vue enregistrée' }).or(page.getByRole('combobox', { name: 'Vue enregistrée' })).first().click()
    await page.getByRole('option', { name: 'Boulangeries' }).click()
    await expect.poll(displayedCount).toBe(filtered)

    const grid = page.getByTestId('directory-grid')
    const checkboxes = grid.locator('.ag-row input.ag-checkbox-input')
    await checkboxes.nth(0).check()
    await checkboxes.nth(1).check()
    await page.getByText('2 sélectionnés').waitFor()
    await page.getByRole('button', { name: 'Étiqueter…' }).click()
    const tagDialog = page.getByRole('dialog', { name: /Étiqueter 2 acteur/ })
    await tagDialog.getByLabel('Ajouter les étiquettes').fill('Tournée boulangers')
    await tagDialog.getByLabel('Ajouter les étiquettes').press('Enter')
    await tagDialog.getByRole('heading', { name: /Étiqueter 2 acteur/ }).click()
    await tagDialog.getByRole('button', { name: 'Appliquer' }).click()
    await expect.poll(() => count("select count(*) from actor_tags l join tags t on t.id = l.tag_id where t.name = 'Tournée boulangers'")).toBe(2)
    await screenshot(page, 'crm-directory-selection')

    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Exporter (Excel)' }).click()
    const file = await (await download).path()
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(file)
    const sheet = workbook.worksheets[0]!
    expect(sheet.getRow(1).getCell(1).value).toBe('Nom')
    expect(sheet.actualRowCount - 1).toBe(filtered)
    for (let row = 2; row <= sheet.actualRowCount; row++) expect(String(sheet.getRow(row).getCell(1).value).toLowerCase()).toContain('boulangerie')
  })

  it('imports a spreadsheet: preview with row problems, nothing written until confirmed, then the valid rows', async () => {
    const folder = tempDir()
    const file = path.join(folder, 'contacts-forum.xlsx')
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Contacts')
    sheet.addRow(['Raison sociale', 'N° SIRET', 'Commune', 'E-mail', 'Statut'])
    sheet.addRow(['Menuiserie Import Un', '552 100 554 00013', 'Vincennes', 'menuiserie@import.exemple.fr', 'Prospect'])
    sheet.addRow(['Garage Import Deux', '12345678901234', 'Saint-Mandé', '', ''])
    sheet.addRow(['Traiteur Import Trois', '', 'Fontenay-sous-Bois', 'traiteur@import.exemple.fr', 'Prospect'])
    await workbook.xlsx.writeFile(file)
    const before = await count('select count(*) from organisations')

    await app.open('/acteurs/import')
    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: 'Choisir un fichier…' }).click()
    await (await chooser).setFiles(file)
    await page.getByRole('table', { name: 'Correspondance des colonnes' }).waitFor()
    // The preview runs as soon as the file is read.
    const summary = page.getByLabel('Bilan de la vérification')
    await summary.waitFor()
    expect(await summary.innerText()).toMatch(/2 organisations à créer[\s\S]*1 ligne en erreur/i)
    const problems = page.getByRole('table', { name: 'Lignes à vérifier' })
    expect(await problems.innerText()).toMatch(/3\s+Garage Import Deux\s+Erreur : Le SIRET 123\s456\s789\s01234 n'est pas valide/)
    await screenshot(page, 'crm-import-preview')
    expect(await count('select count(*) from organisations')).toBe(before)
    expect(await page.getByRole('button', { name: /Importer 2 lignes/ }).isDisabled()).toBe(true)

    await page.getByLabel('Importer les autres lignes et laisser de côté les lignes en erreur (1)').check()
    await page.getByRole('button', { name: /Importer 2 lignes/ }).click()
    await page.getByText('Import terminé').waitFor()
    expect(await count('select count(*) from organisations')).toBe(before + 2)
    expect(await count("select count(*) from organisations where name = 'Garage Import Deux'")).toBe(0)
  })

  it('refuses a hostile spreadsheet with a clear message and writes nothing', async () => {
    const file = path.join(tempDir(), 'piege.xlsx')
    fs.writeFileSync(file, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(5000, 1)]))
    const before = await count('select count(*) from organisations')
    await app.open('/acteurs/import')
    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: 'Choisir un fichier…' }).click()
    await (await chooser).setFiles(file)
    const alert = page.getByRole('alert').filter({ hasText: 'Import impossible' })
    await alert.waitFor()
    expect(await alert.innerText()).toMatch(/fichier/i)
    expect(await count('select count(*) from organisations')).toBe(before)
  })

  it('merges two look-alike organisations, moving their links to the kept one', async () => {
    const sqlite = app.host.store!.sqlite
    const first = Number(sqlite.prepare("insert into organisations (name, profile_code, town_code) values ('Fleuriste Lavande', 'entreprise', '94080')").run().lastInsertRowid)
    const second = Number(sqlite.prepare("insert into organisations (name, profile_code, town_code, email) values ('Fleuriste Lavande SARL', 'entreprise', '94080', 'lavande@exemple.fr')").run().lastInsertRowid)
    sqlite.prepare("insert into interactions (organisation_id, kind, occurred_on, animator, summary) values (?, 'appel', '2026-10-01', 'Samir Haddad', 'Appel de présentation')").run(second)
    await app.open('/acteurs/doublons')
    const row = page.getByRole('table', { name: 'Doublons probables' }).getByRole('row').filter({ hasText: 'Fleuriste Lavande SARL' })
    await row.waitFor()
    await row.getByRole('button', { name: 'Fusionner…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Fusionner deux fiches' })
    await dialog.getByLabel('Courriel : prendre lavande@exemple.fr').waitFor()
    await screenshot(page, 'crm-merge')
    await dialog.getByRole('button', { name: 'Fusionner', exact: true }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(await count(`select count(*) from organisations where id in (${first}, ${second})`)).toBe(1)
    expect(await count(`select count(*) from interactions where organisation_id = ${first} and summary = 'Appel de présentation'`)).toBe(1)
    expect(await count(`select count(*) from organisations where id = ${first} and email = 'lavande@exemple.fr'`)).toBe(1)
  })
})
