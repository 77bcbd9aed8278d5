import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOrganisation } from '../../db/actors/records'
import { field, screenshotSizes, settle, startApp, suiteBrowser, type AppUnderTest } from '../helpers/browser'

// Issue 15, point 3: two animators on one database. Two browser contexts on one app instance
// stand for them: a save made on a copy the other changed meanwhile is refused with who and when,
// never written over it, and what was typed stays visible after reloading the record; a change
// made in one reaches the other's list without a reload.

const suite = suiteBrowser()
let app: AppUnderTest
let first: Page
let otherContext: BrowserContext
let second: Page
let organisationId: number

beforeAll(async () => {
  app = await startApp(suite.browser, undefined, { animator: 'Camille' })
  organisationId = await createOrganisation(app.host.store!.db, { name: 'Boulangerie du Château', profileCode: 'entreprise', townCode: '94080', notes: 'Premier contact au forum.' })
  await createOrganisation(app.host.store!.db, { name: 'Garage des Vignes', profileCode: 'entreprise', townCode: '94080' })
  first = app.page
  otherContext = await suite.browser.newContext({ locale: 'fr-FR', viewport: { width: 1400, height: 900 } })
  otherContext.setDefaultTimeout(20_000)
  second = await otherContext.newPage()
  await second.goto(app.server.url)
})

afterAll(async () => {
  await otherContext?.close()
  await app?.close()
})

async function openEditForm(page: Page) {
  await page.evaluate((hash) => {
    window.location.hash = hash
  }, `#/acteurs/o${organisationId}`)
  await page.getByRole('heading', { name: /Boulangerie du Château/ }).waitFor()
  await page.getByRole('button', { name: 'Modifier' }).click()
  const dialog = page.getByRole('dialog', { name: 'Modifier la fiche' })
  await dialog.waitFor()
  return dialog
}

describe('two animators on one database', () => {
  it('refuses a save made on a copy changed meanwhile, says who and when, and keeps the typing through the reload', async () => {
    const mine = await openEditForm(first)
    const theirs = await openEditForm(second)
    // The second window's change feed is cut for this test, so that its screens cannot be refreshed
    // by it before « Recharger la fiche »: the reload alone must bring the fresh record.
    await otherContext.route('**/api/call', (route) =>
      route.request().postData()?.includes('"changes.since"') ? route.abort() : route.continue(),
    )

    await field(mine, 'Notes').fill('Rappeler en janvier pour le stage de 3e.')
    await mine.getByRole('button', { name: 'Enregistrer' }).click()
    await mine.waitFor({ state: 'detached' })

    // The second animator's form still holds the copy from before that save.
    await field(theirs, 'Site internet').fill('https://boulangerie-chateau.fr')
    await field(theirs, 'Notes').fill('Intéressée par les visites de classes.')
    await theirs.getByRole('button', { name: 'Enregistrer' }).click()
    const notice = theirs.getByRole('alert').filter({ hasText: 'Fiche modifiée entre-temps' })
    await expect.poll(() => notice.textContent()).toMatch(/Cette fiche a été modifiée par Camille à \d\d h \d\d : vos modifications n’ont pas été enregistrées\./)
    // Nothing was written over the first save.
    const row = () => app.host.store!.sqlite.prepare('select notes, website, version from organisations where id = ?').get(organisationId) as { notes: string; website: string | null; version: number }
    expect(row()).toEqual({ notes: 'Rappeler en janvier pour le stage de 3e.', website: null, version: 2 })
    await notice.scrollIntoViewIfNeeded()
    await settle(second)
    await screenshotSizes(second, 'conflict-refused')

    await notice.getByRole('button', { name: 'Recharger la fiche' }).click()
    // The fresh record in the form, and what was typed beside it.
    await expect.poll(() => field(theirs, 'Notes').inputValue()).toBe('Rappeler en janvier pour le stage de 3e.')
    const kept = theirs.getByLabel('Vos saisies', { exact: true })
    await expect.poll(() => kept.textContent()).toContain('Intéressée par les visites de classes.')
    expect(await kept.textContent()).toContain('https://boulangerie-chateau.fr')
    await kept.scrollIntoViewIfNeeded()
    await settle(second)
    await screenshotSizes(second, 'conflict-reloaded')

    // Taken back by hand, the save goes through on the fresh copy.
    await field(theirs, 'Site internet').fill('https://boulangerie-chateau.fr')
    await theirs.getByRole('button', { name: 'Enregistrer' }).click()
    await theirs.waitFor({ state: 'detached' })
    expect(row()).toEqual({ notes: 'Rappeler en janvier pour le stage de 3e.', website: 'https://boulangerie-chateau.fr', version: 3 })
    await otherContext.unroute('**/api/call')
  })

  it('shows the other animator’s change in the list within a few seconds, without a reload', async () => {
    await second.evaluate(() => {
      window.location.hash = '#/acteurs'
    })
    await second.getByText('Garage des Vignes').first().waitFor()
    const garage = app.host.store!.sqlite.prepare("select id from organisations where name = 'Garage des Vignes'").pluck().get() as number
    await first.evaluate((hash) => {
      window.location.hash = hash
    }, `#/acteurs/o${garage}`)
    await first.getByRole('button', { name: 'Modifier' }).click()
    const dialog = first.getByRole('dialog', { name: 'Modifier la fiche' })
    await field(dialog, 'Nom').fill('Garage des Vignes et Fils')
    await dialog.getByRole('button', { name: 'Enregistrer' }).click()
    await dialog.waitFor({ state: 'detached' })
    const started = Date.now()
    await second.getByText('Garage des Vignes et Fils').first().waitFor({ timeout: 10_000 })
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})
