import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../../db/sqlite/connection'
import { suiteBrowser, screenshot, startApp } from '../helpers/browser'
import { tempDir } from '../helpers/temp'

const chromium = suiteBrowser()

const ENTRIES = ['Tableau de bord', 'Acteurs', 'Groupes de travail', 'COPIL', 'Programmes', 'Indicateurs', 'Paramètres']

describe('navigation', () => {
  it('shows the seven entries and each one opens its screen', async () => {
    const app = await startApp(chromium.browser)
    const { page } = app
    const nav = page.getByRole('navigation', { name: 'Navigation principale' })
    await expect(nav.getByRole('link').allInnerTexts()).resolves.toEqual(ENTRIES)
    for (const entry of ENTRIES) {
      await nav.getByRole('link', { name: entry, exact: true }).click()
      // A new database: the dashboard's place holds the welcome.
      const heading = entry === 'Tableau de bord' ? 'Bienvenue dans Vitawin Back-office' : entry
      await page.getByRole('heading', { level: 2, name: heading, exact: true }).waitFor()
      await screenshot(page, `nav-${entry}`)
    }
    await app.close()
  })

  it('says plainly that an unknown address leads to no screen, and leads back', async () => {
    const app = await startApp(chromium.browser)
    await app.open('/page-inconnue')
    await app.page.getByRole('heading', { level: 2, name: 'Page introuvable' }).waitFor()
    await app.page.getByText('Cette adresse ne mène à aucun écran').waitFor()
    await app.page.getByRole('link', { name: 'revenez au tableau de bord' }).click()
    // A new database: the dashboard's place holds the welcome.
    await app.page.getByRole('heading', { level: 2, name: 'Bienvenue dans Vitawin Back-office' }).waitFor()
    await app.close()
  })

  it('shows the territory and its 13 towns with populations in Paramètres', async () => {
    const app = await startApp(chromium.browser)
    await app.open('/parametres')
    const table = app.page.getByRole('table', { name: 'Communes du territoire' })
    await table.waitFor()
    const rows = table.locator('tbody tr')
    expect(await rows.count()).toBe(13)
    await expect(rows.first().innerText()).resolves.toMatch(/Bry-sur-Marne\s+94015\s+94360\s+18\s503/)
    await expect(app.page.getByText('Territoire : Paris Est Marne et Bois').count()).resolves.toBe(1)
    await app.close()
  })

  it('shows live counts on the dashboard', async () => {
    const file = path.join(tempDir(), 'counts.sqlite')
    const store = await openStore(file)
    await store.db
      .insertInto('organisations')
      .values(
        Array.from({ length: 1234 }, (_, i) => ({
          name: `Entreprise ${i}`,
          profileCode: 'entreprise',
          status: i < 3 ? ('vitawiner' as const) : ('prospect' as const),
        })),
      )
      .execute()
    await store.close()
    const app = await startApp(chromium.browser, file)
    const figure = app.page.getByTestId('figure-Organisations')
    await figure.waitFor()
    // French grouping uses a narrow no-break space.
    expect((await figure.innerText()).replace(/\s/g, ' ')).toBe('1 234')
    expect(await app.page.getByTestId('figure-Vitawiners').innerText()).toBe('3')
    // Nothing engaged yet: each chart says so instead of drawing empty axes.
    await app.page.getByText("Aucun élève accompagné ni acteur engagé sur ces six années scolaires pour l'instant.").waitFor()
    await app.page.getByText('Aucun acteur engagé cette année.').waitFor()
    expect(await app.page.locator('.recharts-surface').count()).toBe(0)
    await app.close()
  })

  it('explains in French why a damaged database cannot be opened', async () => {
    const file = path.join(tempDir(), 'damaged.sqlite')
    fs.writeFileSync(file, 'pas une base de données '.repeat(500))
    const app = await startApp(chromium.browser, file)
    await app.page.getByText('Les données ne peuvent pas être ouvertes').waitFor()
    await expect(app.page.getByText(/endommagé/).count()).resolves.toBeGreaterThan(0)
    await screenshot(app.page, 'damaged-database')
    await app.close()
  })
})
