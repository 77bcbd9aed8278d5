import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOrganisation } from '../../db/actors/records'
import { field, screenshotSizes, settle, startApp, suiteBrowser, type AppUnderTest } from '../helpers/browser'
import { postgresDatabase, SKIPPED_POSTGRES } from '../helpers/postgres'
import type { Page } from 'playwright-core'

// Team mode in Chromium: two app instances (two hosts, two servers, two browser contexts), as two
// animators' laptops, on one PostgreSQL database. What one saves reaches the other's screen
// without a reload (the change feed, learnt by LISTEN on the server side); a save made on a copy
// the other changed meanwhile is refused with who and when, and loses nothing.

const suite = suiteBrowser()
let camille: AppUnderTest
let dominique: AppUnderTest
let organisationId: number

beforeAll(async () => {
  if (SKIPPED_POSTGRES) return
  const database = await postgresDatabase()
  camille = await startApp(suite.browser, database.url, { animator: 'Camille' })
  dominique = await startApp(suite.browser, database.url, { animator: 'Dominique' })
  organisationId = await createOrganisation(camille.host.store!.db, { name: 'Boulangerie du Château', profileCode: 'entreprise', townCode: '94080', notes: 'Premier contact au forum.' })
})

afterAll(async () => {
  await dominique?.close()
  await camille?.close()
})

async function openRecord(page: Page) {
  await page.evaluate((hash) => {
    window.location.hash = hash
  }, `#/acteurs/o${organisationId}`)
  await page.getByRole('heading', { name: /Boulangerie du Château/ }).waitFor()
  await page.getByRole('tab', { name: 'Fiche' }).click()
}

async function openEditForm(page: Page) {
  await page.getByRole('button', { name: 'Modifier' }).click()
  const dialog = page.getByRole('dialog', { name: 'Modifier la fiche' })
  await dialog.waitFor()
  return dialog
}

const notesOf = async (app: AppUnderTest) =>
  (await app.host.store!.db.selectFrom('organisations').select(['notes', 'website', 'version']).where('id', '=', organisationId).executeTakeFirstOrThrow())

describe.skipIf(SKIPPED_POSTGRES)('two animators on one team database, each on their own laptop', () => {
  it('shows one animator’s save on the other’s open record without a reload', async () => {
    await openRecord(camille.page)
    await openRecord(dominique.page)
    const form = await openEditForm(camille.page)
    await field(form, 'Notes').fill('Rappeler en janvier pour le stage de 3e.')
    await form.getByRole('button', { name: 'Enregistrer' }).click()
    await form.waitFor({ state: 'detached' })
    await expect.poll(() => dominique.page.getByText('Rappeler en janvier pour le stage de 3e.').count(), { timeout: 10_000 }).toBeGreaterThan(0)
    expect(await notesOf(dominique)).toMatchObject({ notes: 'Rappeler en janvier pour le stage de 3e.', version: 2 })
  })

  it('refuses a save made on a copy the other changed meanwhile, says who and when, and loses nothing', async () => {
    const mine = await openEditForm(camille.page)
    const theirs = await openEditForm(dominique.page)
    await field(mine, 'Notes').fill('Stage de 3e confirmé pour février.')
    await mine.getByRole('button', { name: 'Enregistrer' }).click()
    await mine.waitFor({ state: 'detached' })

    await field(theirs, 'Site internet').fill('https://boulangerie-chateau.fr')
    await theirs.getByRole('button', { name: 'Enregistrer' }).click()
    const notice = theirs.getByRole('alert').filter({ hasText: 'Fiche modifiée entre-temps' })
    await expect.poll(() => notice.textContent()).toMatch(/Cette fiche a été modifiée par Camille à \d\d h \d\d : vos modifications n’ont pas été enregistrées\./)
    expect(await notesOf(camille)).toEqual({ notes: 'Stage de 3e confirmé pour février.', website: null, version: 3 })
    await notice.scrollIntoViewIfNeeded()
    await settle(dominique.page)
    await screenshotSizes(dominique.page, 'team-conflict-refused')

    await notice.getByRole('button', { name: 'Recharger la fiche' }).click()
    await expect.poll(() => field(theirs, 'Notes').inputValue()).toBe('Stage de 3e confirmé pour février.')
    const kept = theirs.getByLabel('Vos saisies', { exact: true })
    await expect.poll(() => kept.textContent()).toContain('https://boulangerie-chateau.fr')
    await field(theirs, 'Site internet').fill('https://boulangerie-chateau.fr')
    await theirs.getByRole('button', { name: 'Enregistrer' }).click()
    await theirs.waitFor({ state: 'detached' })
    expect(await notesOf(camille)).toEqual({ notes: 'Stage de 3e confirmé pour février.', website: 'https://boulangerie-chateau.fr', version: 4 })
    // And Camille's open record shows Dominique's save, without a reload.
    await expect.poll(() => camille.page.getByText('https://boulangerie-chateau.fr').count(), { timeout: 10_000 }).toBeGreaterThan(0)
  })
})
