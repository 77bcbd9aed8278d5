import { describe, expect, it } from 'vitest'
import { expectAccessible } from '../helpers/axe'
import { demoApp, settledScreen, startApp, suiteBrowser } from '../helpers/browser'
import { everyRoute } from '../helpers/routes'

const demo = demoApp({ seed: 14 })
const fresh = suiteBrowser()

describe('accessibility (axe-core, WCAG 2.1 AA: no serious or critical violation)', () => {
  it('on every screen of the demo', { timeout: 240_000 }, async () => {
    const { page, app } = demo
    const failures: string[] = []
    for (const route of everyRoute(demo.value)) {
      await app.open(route)
      await settledScreen(page)
      await expectAccessible(page, route).catch((error: Error) => failures.push(error.message))
    }
    expect(failures.join('\n\n')).toBe('')
  })

  it('in the form dialogs', { timeout: 120_000 }, async () => {
    const { page, app } = demo
    const failures: string[] = []
    const check = async (where: string) => {
      await page.getByRole('dialog').last().waitFor()
      const dialog = page.locator('.mantine-Modal-content').last()
      await page.waitForTimeout(400)
      await expectAccessible(page, where).catch((error: Error) => failures.push(error.message))
      // A date field opens its calendar with the focus: an Escape closes the calendar only, the next one the dialog.
      for (let attempt = 0; attempt < 3 && (await dialog.count()) > 0; attempt++) {
        await page.keyboard.press('Escape')
        await page.waitForTimeout(400)
      }
      expect(await page.getByRole('dialog', { name: 'Abandonner la saisie ?' }).count()).toBe(0)
      await dialog.waitFor({ state: 'detached' })
    }
    const organisation = demo.value<number>("select id from organisations where profile_code = 'entreprise' order by id limit 1")
    await app.open(`/acteurs/o${organisation}`)
    await settledScreen(page)
    await page.getByRole('button', { name: 'Noter un échange' }).first().click()
    await check('Noter un échange')
    await page.getByRole('button', { name: 'Modifier', exact: true }).first().click()
    await check('Modifier la fiche')
    await app.open('/acteurs')
    await settledScreen(page)
    await page.getByRole('button', { name: 'Nouvelle organisation' }).click()
    await check('Nouvelle organisation')
    const edition = demo.value<number>("select id from editions where status = 'en_cours' order by id desc limit 1")
    await app.open(`/programmes/editions/${edition}`)
    await settledScreen(page)
    await page.getByRole('button', { name: /Modifier la séance|Nouvelle séance|Ajouter une séance/ }).first().click()
    await check('Séance de programme')
    await app.open('/copil/decisions')
    await settledScreen(page)
    await page.locator('tbody tr').first().locator('td').first().click()
    await page.getByRole('button', { name: 'Ajouter un suivi', exact: true }).click()
    await check('Ajouter un suivi')
    expect(failures.join('\n\n')).toBe('')
  })

  it('on the welcome screen of a new database', async () => {
    const app = await startApp(fresh.browser)
    await app.page.getByRole('heading', { level: 2, name: 'Bienvenue dans Vitawin Back-office' }).waitFor()
    await expectAccessible(app.page, 'Bienvenue')
    // The check itself finds what it must: a button without a name, a pale text, an image without alt.
    await app.page.evaluate(() =>
      document.querySelector('h2')!.insertAdjacentHTML('afterend', '<button></button><p style="color:#ccc;background:#fff">pâle</p><img src="x.png">'),
    )
    const found = await expectAccessible(app.page, 'Bienvenue abîmé').then(() => '', (error: Error) => error.message)
    for (const rule of ['button-name (critical)', 'color-contrast (serious)', 'image-alt (critical)']) expect(found).toContain(rule)
    await app.close()
  })
})
