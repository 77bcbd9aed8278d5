import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { indicatorValue } from '../../db/indicators/compute'
import { breakdowns } from '../../db/indicators/indicators'
import { KEY_INDICATORS } from '../../db/rules/indicator-keys'
import { demoApp, screenshot, type AppUnderTest } from '../helpers/browser'
import { libreOfficePath, readWithLibreOffice } from '../helpers/libreoffice'
import { tempDir } from '../helpers/temp'

// Issue 6 in Chromium: the dashboard, the town view and the map show the demo data, and the funder
// workbook, opened in LibreOffice Calc, carries the dashboard's figures.

const PERIOD = '2025-2026'
const demo = demoApp({ seed: 5 })
let app: AppUnderTest
let page: Page
beforeAll(() => ({ app, page } = demo))

const digits = (text: string) => text.replace(/[\s\u202f\u00a0]/g, '').replace(',', '.')

describe('indicators in the browser', () => {
  const shown = new Map<string, string>()

  it('shows the key figures of the school year, computed from the data, with their charts', async () => {
    await app.open(`/?periode=${PERIOD}`)
    await page.getByTestId('figure-acteurs_engages').waitFor()
    // The app opened on the current school year: its figures may still be on screen for a moment.
    for (const code of KEY_INDICATORS) {
      const expected = (await indicatorValue(app.host.store!.db, code, PERIOD)).value
      const figure = page.getByTestId(`figure-${code}`)
      await expect.poll(async () => digits(await figure.innerText()), { message: code }).toBe(expected === null ? '—' : String(expected))
      shown.set(code, digits(await figure.innerText()))
    }
    expect(Number(shown.get('acteurs_engages'))).toBeGreaterThan(0)
    for (const title of ['Évolution sur six années scolaires', "Activité des programmes dans l'année", 'Par commune', "Par profil d'acteur"]) {
      await page.getByTestId(`chart-${title}`).waitFor()
    }
    expect(await page.getByTestId('chart-Par commune').locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0)
    await screenshot(page, 'indicators-dashboard')

    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Enregistrer « Par commune » en image' }).click()
    const png = await download
    expect(png.suggestedFilename()).toBe('par-commune.png')
    const bytes = fs.readFileSync(await png.path())
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect(bytes.length).toBeGreaterThan(10_000)
  })

  it('opens a figure to the records behind it', async () => {
    await app.open(`/indicateurs?periode=${PERIOD}`)
    await page.getByRole('button', { name: 'Détail de Acteurs engagés' }).click()
    const drawer = page.getByRole('dialog', { name: `Acteurs engagés — ${PERIOD}` })
    const rows = drawer.getByRole('table', { name: "Enregistrements à l'origine du chiffre" }).locator('tbody tr')
    await rows.first().waitFor()
    expect(await rows.count()).toBe(Number(shown.get('acteurs_engages')))
    await screenshot(page, 'indicators-drilldown')
  })

  it('draws the territory map and opens a town from it', async () => {
    await app.open(`/indicateurs/carte?periode=${PERIOD}`)
    const split = await breakdowns(app.host.store!.db, PERIOD)
    const vincennes = split.byTown.find((town) => town.code === '94080')!
    const tile = page.getByTestId('map-94080')
    await tile.waitFor()
    expect(await page.locator('[data-testid^="map-"]').count()).toBe(13)
    expect(await tile.getAttribute('aria-label')).toBe(`Vincennes : ${vincennes.actors}`)
    await screenshot(page, 'indicators-map')
    await tile.click()
    await page.getByRole('heading', { level: 2, name: 'Vincennes' }).waitFor()
    expect(digits(await page.getByTestId('town-Acteurs engagés').innerText())).toBe(String(vincennes.actors))
    expect(digits(await page.getByTestId('town-Élèves accompagnés').innerText())).toBe(String(vincennes.pupils))
    await page.getByRole('table', { name: 'La commune et le territoire' }).waitFor()
    await screenshot(page, 'indicators-town')
  })

  it.skipIf(!libreOfficePath() && !process.env.CI)('writes the funder workbook whose figures equal the dashboard’s, as LibreOffice reads it', async () => {
    await app.open(`/indicateurs/rapport?periode=${PERIOD}`)
    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: `Exporter le rapport ${PERIOD} (Excel)` }).click()
    const file = path.join(tempDir(), 'rapport.xlsx')
    await (await download).saveAs(file)
    const sheets = readWithLibreOffice(file)
    expect([...sheets.keys()].sort()).toEqual(['Acteurs par commune et profil', 'Actions', 'Indicateurs', 'Participations', 'Synthèse'].sort())
    const synthesis = sheets.get('Synthèse')!
    const names = new Map((app.host.store!.sqlite.prepare('select code, name from indicators').all() as { code: string; name: string }[]).map((row) => [row.code, row.name]))
    for (const code of KEY_INDICATORS) {
      const line = synthesis.find((cells) => cells[1] === names.get(code))
      expect(line, code).toBeDefined()
      expect(digits(line![2] ?? ''), code).toBe(shown.get(code))
    }
    const cross = sheets.get('Acteurs par commune et profil')!
    const total = cross.slice(3).reduce((sum, cells) => sum + Number(digits(cells.at(-1) ?? '0') || 0), 0)
    expect(total).toBe(Number(shown.get('acteurs_engages')))
  })
})
