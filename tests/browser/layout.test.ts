import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { demoApp, screenshotSizes, settledScreen, type AppUnderTest } from '../helpers/browser'
import { everyRoute } from '../helpers/routes'

// Issue 14, point 8: the screens at 1280×720, the smallest size they are made for.

const demo = demoApp({ seed: 23 })
let app: AppUnderTest
let page: Page
beforeAll(async () => {
  ;({ app, page } = demo)
  await page.setViewportSize({ width: 1280, height: 720 })
})

/** Labels that end cut (« V… »): their text is wider than their box. */
const cutBadges = (target: Page) =>
  target.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.mantine-Badge-label, .mantine-Badge-root')]
      .filter((element) => element.offsetParent !== null && element.scrollWidth > element.clientWidth + 1)
      .map((element) => element.innerText),
  )

describe('layout at 1280×720', () => {
  it('no badge is cut, on any screen', { timeout: 180_000 }, async () => {
    const cut: string[] = []
    for (const route of everyRoute(demo.value)) {
      await app.open(route)
      await settledScreen(page)
      for (const text of await cutBadges(page)) cut.push(`${route} : ${text}`)
    }
    expect(cut).toEqual([])
  })

  it('the COPIL decision register shows every column and its buttons without scrolling sideways', async () => {
    await app.open('/copil/decisions')
    const table = page.getByRole('table', { name: 'Registre des décisions' })
    await table.waitFor()
    await settledScreen(page)
    await screenshotSizes(page, 'layout-copil-register')
    await page.setViewportSize({ width: 1280, height: 720 })
    for (const header of ['Dernier suivi', 'Échéance et statut', 'Responsable']) {
      const box = (await table.getByRole('columnheader', { name: header }).boundingBox())!
      expect(box.x + box.width, header).toBeLessThanOrEqual(1280)
    }
    const follow = table.getByRole('button', { name: /^Ajouter un suivi à / }).first()
    const box = (await follow.boundingBox())!
    expect(box.x + box.width).toBeLessThanOrEqual(1280)
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true)
    await follow.click()
    await page.getByRole('dialog').waitFor()
    await page.keyboard.press('Escape')
  })

  it('a saved view shows its whole name, and a message does not cover the row count', async () => {
    await app.open('/acteurs')
    await page.getByTestId('directory-count').getByText(/acteurs affichés/).waitFor()
    await page.getByRole('button', { name: 'Vue', exact: true }).click()
    await page.getByRole('menuitem', { name: 'Enregistrer la vue…' }).click()
    const name = 'Entreprises de Nogent à relancer avant le forum'
    await page.getByLabel('Nom de la vue').fill(name)
    await page.getByRole('dialog').getByRole('button', { name: 'Enregistrer' }).click()
    const toast = page.locator('.mantine-Notification-root').filter({ hasText: 'Vue enregistrée.' })
    await toast.waitFor()
    const chosen = page.locator('input[aria-label="Vue enregistrée"]')
    await expect.poll(() => chosen.inputValue()).toBe(name)
    expect(await chosen.evaluate((input: HTMLInputElement) => input.scrollWidth <= input.clientWidth)).toBe(true)
    // The words themselves, not their line's box.
    const count = await page.getByTestId('directory-count').getByText(/acteurs affichés/).evaluate((element) => {
      const range = document.createRange()
      range.selectNodeContents(element)
      const { x, y, width, height } = range.getBoundingClientRect()
      return { x, y, width, height }
    })
    const message = (await toast.boundingBox())!
    const overlap = count.x < message.x + message.width && message.x < count.x + count.width && count.y < message.y + message.height && message.y < count.y + count.height
    await screenshotSizes(page, 'layout-saved-view-toast')
    expect(overlap).toBe(false)
  })
})
