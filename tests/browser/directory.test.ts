import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { formatInteger } from '../../db/rules/format'
import { demoApp, screenshotSizes } from '../helpers/browser'
import { directoryScreen, hasHorizontalScroll } from '../helpers/directory'

// The directory on the demo dataset, as an animator works it: pick-list filters for type,
// profile, town and status (« Entreprises » in one town gives the companies, not the people who
// work there), a column chooser with every field of a record, remembered; columns that use the
// screen's width; Enter on a row opens it; and an export of exactly the rows and columns shown,
// in the grid's order; « Tout sélectionner » takes every row the filters keep, loaded or not.

const VINCENNES = '94080'

const demo = demoApp({
  seed: 7,
  // A long name, as the register has them, to see it whole on a wide screen.
  prepare: (store) => {
    store.sqlite
      .prepare(
        "insert into organisations (name, profile_code, town_code, siret, address, postal_code, naf_code, phone) values ('Établissement public territorial (service emploi, fictif) de Vincennes', 'entreprise', ?, '73282932000074', '12 rue de Fontenay', '94300', '47.11F', '0143280000')",
      )
      .run(VINCENNES)
  },
})
const count = (sql: string, ...params: unknown[]) => Number(demo.value(sql, ...params))
const { grid, pickList, openDirectory, displayed, pick, cells, headers, sortBy, clearFilters } = directoryScreen(() => demo.app)

describe('the directory at work', () => {
  it('filters with pick-lists: « Entreprises » in one town gives the companies only', async () => {
    await openDirectory()
    const total = await displayed()
    await pick('Profil', 'Entreprises')
    await pick('Commune', 'Vincennes')
    const companies = count("select count(*) from organisations where profile_code = 'entreprise' and town_code = ?", VINCENNES)
    const workingThere = count("select count(*) from people where profile_code = 'entreprise' and town_code = ?", VINCENNES)
    expect(workingThere).toBeGreaterThan(0)
    await expect.poll(displayed).toBe(companies)
    expect(new Set(await cells('kind'))).toEqual(new Set(['Organisation']))
    await screenshotSizes(demo.page, 'directory-filters')

    // The people of that world are a pick of their own, and the type narrows as well.
    await pick('Profil', 'Entreprises (personnes)')
    await expect.poll(displayed).toBe(companies + workingThere)
    await pick('Type', 'Personnes')
    await expect.poll(displayed).toBe(workingThere)
    await pick('Type', 'Tous')

    await clearFilters()
    await expect.poll(displayed).toBe(total)
    await pick('Statut', 'Vitawiner', 'Ancien membre')
    await expect.poll(displayed).toBe(count("select (select count(*) from organisations where status in ('vitawiner', 'ancien')) + (select count(*) from people where status in ('vitawiner', 'ancien'))"))
    await clearFilters()
  })

  it('offers every field of a record as a column, and remembers the choice', async () => {
    await openDirectory()
    await demo.page.getByRole('button', { name: 'Colonnes' }).click()
    const chooser = demo.page.getByRole('dialog', { name: 'Colonnes affichées' })
    for (const field of ['Téléphone', 'SIRET', 'SIREN', 'RNA', 'UAI', 'Adresse', 'Code postal', 'Code NAF', 'Site internet', 'Fonction', 'Notes', "Tranche d'effectif", 'Réseaux et clubs', "Offres d'engagement"]) {
      await chooser.getByRole('checkbox', { name: field, exact: true }).waitFor()
    }
    await chooser.getByRole('checkbox', { name: 'SIRET', exact: true }).check()
    await chooser.getByRole('checkbox', { name: 'Adresse', exact: true }).check()
    await chooser.getByRole('checkbox', { name: 'Code NAF', exact: true }).check()
    await screenshotSizes(demo.page, 'directory-columns')
    await demo.page.keyboard.press('Escape')
    await demo.page.getByRole('textbox', { name: "Filtrer l'annuaire" }).fill('Établissement public territorial')
    await expect.poll(displayed).toBe(1)
    await expect.poll(async () => (await cells('siret')).map((text) => text.replace(/\s/g, ' '))).toEqual(['732 829 320 00074'])
    expect(await cells('address')).toEqual(['12 rue de Fontenay'])
    expect(await cells('nafCode')).toEqual(['47.11F'])

    // Remembered on this machine: after a reload, and in a new session of the browser.
    await demo.page.reload()
    await openDirectory()
    // The remembered columns are applied once the machine's layout is read: wait for them.
    await expect.poll(headers).toEqual(expect.arrayContaining(['SIRET', 'Adresse', 'Code NAF']))
    const session = await demo.browser.newContext({ locale: 'fr-FR', viewport: { width: 1400, height: 900 } })
    try {
      const other = await session.newPage()
      await other.goto(`${demo.app.server.url}#/acteurs`)
      await other.getByTestId('directory-count').getByText(/acteurs affichés/).waitFor()
      const otherHeaders = async () => (await other.locator('[data-testid="directory-grid"] .ag-header-cell-text').allInnerTexts()).map((text) => text.trim())
      await expect.poll(otherHeaders).toEqual(expect.arrayContaining(['SIRET', 'Adresse', 'Code NAF']))
    } finally {
      await session.close()
    }
  })

  it('saves the pick-list filters and the columns in a view', async () => {
    await openDirectory()
    await pick('Profil', 'Entreprises')
    await pick('Commune', 'Vincennes')
    const companies = await displayed()
    const shown = await headers()
    await demo.page.getByRole('button', { name: 'Vue', exact: true }).click()
    await demo.page.getByRole('menuitem', { name: 'Enregistrer la vue…' }).click()
    const dialog = demo.page.getByRole('dialog', { name: 'Enregistrer la vue' })
    await dialog.getByLabel('Nom de la vue').fill('Entreprises de Vincennes')
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await dialog.waitFor({ state: 'detached' })
    await clearFilters()
    await demo.page.getByRole('button', { name: 'Colonnes' }).click()
    await demo.page.getByRole('dialog', { name: 'Colonnes affichées' }).getByRole('checkbox', { name: 'SIRET', exact: true }).uncheck()
    await demo.page.keyboard.press('Escape')
    expect(await headers()).not.toContain('SIRET')

    await demo.page.getByLabel('Vue enregistrée').first().click()
    await demo.page.getByRole('option', { name: 'Entreprises de Vincennes' }).click()
    await expect.poll(displayed).toBe(companies)
    expect(await headers()).toEqual(shown)
    await expect(pickList('Commune').innerText()).resolves.toBe('Vincennes')
  })

  it('uses the width of the screen: whole names at 1920 px, no needless scrolling at 1400 px', async () => {
    await demo.page.setViewportSize({ width: 1920, height: 1080 })
    await openDirectory()
    await demo.page.getByRole('button', { name: 'Colonnes' }).click()
    await demo.page.getByRole('button', { name: 'Colonnes par défaut' }).click()
    await demo.page.keyboard.press('Escape')
    await demo.page.getByRole('textbox', { name: "Filtrer l'annuaire" }).fill('fictif')
    await expect.poll(displayed).toBeGreaterThan(3)
    const cut = () =>
      grid()
        .locator('.ag-grid-scrolling-container .ag-row [col-id="name"]')
        .evaluateAll((nodes) => nodes.filter((node) => node.scrollWidth > node.clientWidth + 1).map((node) => node.textContent))
    await expect.poll(cut).toEqual([])
    expect(await hasHorizontalScroll(grid())).toBe(false)
    await screenshotSizes(demo.page, 'directory-widths')

    // The columns shown by default fit a 1400 px screen, without cutting their headers.
    await demo.page.setViewportSize({ width: 1400, height: 900 })
    await expect.poll(() => hasHorizontalScroll(grid())).toBe(false)
    const cutHeaders = await grid()
      .locator('.ag-header-cell-text')
      .evaluateAll((nodes) => nodes.filter((node) => node.scrollWidth > node.clientWidth + 1).map((node) => node.textContent))
    expect(cutHeaders).toEqual([])

    // At 1280 px the default columns still fit, and no header breaks inside a word (« Étiquett/es »).
    await demo.page.setViewportSize({ width: 1280, height: 720 })
    await expect.poll(() => hasHorizontalScroll(grid())).toBe(false)
    const brokenWords = await grid()
      .locator('.ag-header-cell-text')
      .evaluateAll((nodes) =>
        nodes
          .filter((node) => {
            const range = document.createRange()
            range.selectNodeContents(node)
            const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size
            return lines > (node.textContent ?? '').trim().split(/\s+/).length
          })
          .map((node) => node.textContent),
      )
    expect(brokenWords).toEqual([])
    await demo.page.setViewportSize({ width: 1400, height: 900 })
  })

  it('opens the focused row with Enter', async () => {
    await openDirectory()
    await demo.page.getByRole('textbox', { name: "Filtrer l'annuaire" }).fill('')
    const first = grid().locator('.ag-grid-scrolling-container .ag-row[row-index="0"]')
    await first.locator('[col-id="status"]').focus()
    await demo.page.keyboard.press('ArrowDown')
    const second = grid().locator('.ag-grid-scrolling-container .ag-row[row-index="1"]')
    const key = await second.getAttribute('row-id')
    await demo.page.keyboard.press('Enter')
    await expect.poll(() => demo.page.url()).toContain(`#/acteurs/${key}`)
    await demo.page.getByRole('link', { name: "Retour à l'annuaire" }).waitFor()
  })

  it('exports exactly the rows and columns shown, in the grid’s order', async () => {
    await openDirectory()
    await clearFilters()
    await demo.page.getByRole('textbox', { name: "Filtrer l'annuaire" }).fill('')
    await pick('Profil', 'Entreprises')
    await pick('Commune', 'Vincennes')
    const shown = await displayed()
    // Sorted by name, descending.
    await sortBy('name', 'descending')
    const columns = await headers()
    // The rows come again from the server, in the new order.
    await expect.poll(async () => (await cells('name')).filter((name) => name === '').length).toBe(0)
    const firstNames = (await cells('name')).slice(0, 8)
    expect(firstNames.length).toBeGreaterThan(1)

    const download = demo.page.waitForEvent('download')
    await demo.page.getByRole('button', { name: 'Exporter (Excel)' }).click()
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(await (await download).path())
    const sheet = workbook.worksheets[0]!
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    expect(header).toEqual(columns)
    expect(sheet.actualRowCount - 1).toBe(shown)
    const nameColumn = columns.indexOf('Nom') + 1
    const kindColumn = columns.indexOf('Type') + 1
    const exported = Array.from({ length: sheet.actualRowCount - 1 }, (_, i) => String(sheet.getRow(i + 2).getCell(nameColumn).value))
    expect(exported.slice(0, firstNames.length)).toEqual(firstNames)
    expect(exported).toEqual([...exported].sort((a, b) => b.localeCompare(a, 'fr')))
    for (let row = 2; row <= sheet.actualRowCount; row++) expect(sheet.getRow(row).getCell(kindColumn).value).toBe('Organisation')
  })

  it('selects every row the filters keep, loaded or not, and changes their status in one go', async () => {
    await openDirectory()
    await clearFilters()
    await demo.page.getByRole('textbox', { name: "Filtrer l'annuaire" }).fill('')
    // The whole directory: more rows than the grid has loaded.
    const total = await displayed()
    expect(total).toBeGreaterThan(await grid().locator('.ag-row').count())
    await demo.page.getByRole('button', { name: /^Tout sélectionner/ }).click()
    await demo.page.getByText(`${formatInteger(total)} sélectionnés`).waitFor()
    await demo.page.getByRole('button', { name: 'Tout désélectionner' }).click()
    await demo.page.getByRole('group', { name: 'Actions sur la sélection' }).waitFor({ state: 'detached' })

    await pick('Profil', 'Entreprises')
    await pick('Commune', 'Vincennes')
    const companies = await displayed()
    await demo.page.getByRole('button', { name: `Tout sélectionner (${companies})` }).click()
    await demo.page.getByText(`${companies} sélectionnés`).waitFor()
    await expect.poll(() => grid().locator('.ag-row input.ag-checkbox-input:checked').count()).toBe(companies)
    await screenshotSizes(demo.page, 'directory-select-all')
    await demo.page.getByRole('button', { name: 'Changer le statut…' }).click()
    const dialog = demo.page.getByRole('dialog', { name: /Changer le statut de/ })
    await dialog.getByText('Ancien membre').click()
    await dialog.getByRole('button', { name: 'Appliquer' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(count("select count(*) from organisations where profile_code = 'entreprise' and town_code = ? and status = 'ancien'", VINCENNES)).toBe(companies)
    expect(count("select count(*) from people where town_code = ? and status = 'ancien' and updated_at > datetime('now', '-1 minute')", VINCENNES)).toBe(0)
    await clearFilters()
  })
})
