import { describe, expect, it } from 'vitest'
import { currentSchoolYear, previousSchoolYear } from '../../db/rules/school-year'
import { call } from '../helpers/api'
import { demoApp, screenshotSizes, settle } from '../helpers/browser'

// Issue 14, point 9: the dashboard does not mislead. The year under way is marked « en cours »
// and dashed; each chart has one scale; tiles and charts count the same things, said under each
// chart; planned sessions are told apart from held ones; the funder report's period is chosen
// beside its button.

const demo = demoApp({ seed: 9 })
const CURRENT = currentSchoolYear()

const digits = (text: string) => Number(text.replace(/\D/g, ''))

describe('the dashboard’s charts', () => {
  it('mark the year under way, keep one scale per chart, and agree with the tiles', async () => {
    const { app, page } = demo
    await app.open('/')
    const evolution = page.getByTestId('chart-Évolution sur six années scolaires')
    await evolution.locator('text').filter({ hasText: `${CURRENT}(en cours)` }).waitFor()
    // The year under way is drawn dashed, the years before in full.
    expect(await evolution.locator('path.recharts-curve[stroke-dasharray="6 4"]').count()).toBe(3)
    expect(await evolution.getByTestId('chart-definition').innerText()).toContain(`${CURRENT} est en cours`)

    // One scale per chart: the towns' chart shows one figure at a time, on one axis.
    const towns = page.getByTestId('chart-Par commune')
    await towns.locator('.recharts-bar-rectangle').first().waitFor()
    expect(await towns.locator('.recharts-xAxis').count()).toBe(1)
    await towns.getByText('Élèves accompagnés', { exact: true }).click()
    await towns.getByText('Élèves accompagnés dans l’année', { exact: true }).waitFor()
    expect(await towns.locator('.recharts-xAxis').count()).toBe(1)

    // Held sessions by programme add up to the tile; planned ones are a series of their own.
    const activity = page.getByTestId("chart-Activité des programmes dans l'année")
    await activity.locator('.recharts-legend-item').filter({ hasText: 'Planifiées (à venir)' }).waitFor()
    const heldTile = digits(await page.getByTestId('figure-seances_realisees').innerText())
    const definition = await activity.getByTestId('chart-definition').innerText()
    expect(digits(/leur total, ([\d\s\u202f]+),/.exec(definition)![1]!)).toBe(heldTile)

    // The profiles' chart counts organisations apart: its « Entreprises » organisations are the tile.
    const figures = { value: await call(app.host, 'dashboard.figures', { period: CURRENT }) }
    const companies = figures.value.breakdowns.byProfile.find((row) => row.code === 'entreprise')!
    expect(companies.organisations).toBe(digits(await page.getByTestId('figure-entreprises_engagees').innerText()))
    expect(companies.people).toBeGreaterThan(0)
    const profiles = page.getByTestId("chart-Par profil d'acteur")
    await profiles.locator('.recharts-legend-item').filter({ hasText: 'Organisations' }).waitFor()
    await profiles.locator('.recharts-legend-item').filter({ hasText: 'Personnes' }).waitFor()
    const held = figures.value.activity.series.reduce((sum, month) => sum + figures.value.activity.programmes.reduce((inner, programme) => inner + Number(month[programme.code] ?? 0), 0), 0)
    expect(held).toBe(heldTile)
    await settle(page)
    await screenshotSizes(page, 'dashboard-charts')
    await page.getByRole('heading', { name: 'Par commune' }).scrollIntoViewIfNeeded()
    await settle(page)
    await screenshotSizes(page, 'dashboard-charts-lower')
  })

  it('lets the funder report’s period be chosen beside its export button', async () => {
    const { app, page } = demo
    await app.open(`/indicateurs/rapport?periode=${CURRENT}`)
    const card = page.locator('.mantine-Card-root').filter({ has: page.getByRole('heading', { name: 'Rapport pour les financeurs' }) })
    const previous = previousSchoolYear(CURRENT)
    await card.getByLabel('Période du rapport').click()
    await page.getByRole('option', { name: previous }).click()
    await card.getByRole('button', { name: `Exporter le rapport ${previous} (Excel)` }).waitFor()
    await settle(page)
    await screenshotSizes(page, 'funder-report-period')
  })
})
