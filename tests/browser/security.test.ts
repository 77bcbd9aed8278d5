import fs from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../main/security/csp'
import { launchBrowser, RENDERER_DIR, startApp, type AppUnderTest } from '../helpers/browser'

// The built renderer in Chromium: its CSP allows no inline script and no eval, and hostile text
// stored in records is shown as text, never run. The hostile text is checked in a page that
// ignores the CSP (bypassCSP), so that it proves the screens themselves never turn text into
// markup; the CSP is the second wall, proven separately.

const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">'
const HOSTILE_NOTES = '<script>window.__pwned=2</script><b onmouseover="window.__pwned=3">gras</b> [cliquez](javascript:window.__pwned=4)'
const HOSTILE_WEBSITE = 'javascript:alert(1)'
const HOSTILE_SUMMARY = '<script>window.__pwned=5</script> salon zyxwv <img src=x onerror=alert(1)>'
const HOSTILE_FIRST_NAME = '<svg onload="window.__pwned=6">'

let browser: Browser
let app: AppUnderTest
let organisationKey = ''

/** What every page records from the start: CSP violations, dialogs. */
async function watch(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const violations: { directive: string; blocked: string; sample: string }[] = []
    Object.defineProperty(window, '__violations', { value: violations })
    document.addEventListener('securitypolicyviolation', (event) => {
      violations.push({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample })
    })
  })
}

function violations(page: Page): Promise<{ directive: string; blocked: string; sample: string }[]> {
  return page.evaluate(() => [...((window as unknown as { __violations?: [] }).__violations ?? [])])
}

function scriptDirective(policy: string): string {
  return policy.split(';').map((part) => part.trim()).find((part) => part.startsWith('script-src ')) ?? ''
}

beforeAll(async () => {
  browser = await launchBrowser()
  app = await startApp(browser)
  // A javascript: website is refused where it is written (issue 14); one stored before that rule still must not run.
  const refused = await app.host.call('actors.createOrganisation', { name: HOSTILE_NAME, profileCode: 'entreprise', website: HOSTILE_WEBSITE })
  if (refused.ok || refused.error.code !== 'invalid_input') throw new Error('a javascript: website was accepted')
  const created = await app.host.call('actors.createOrganisation', {
    name: HOSTILE_NAME,
    profileCode: 'entreprise',
    notes: HOSTILE_NOTES,
  })
  if (!created.ok) throw new Error(created.error.message)
  organisationKey = (created.value as { key: string }).key
  app.host.store!.sqlite.prepare('update organisations set website = ? where id = ?').run(HOSTILE_WEBSITE, Number(organisationKey.slice(1)))
  const person = await app.host.call('actors.createPerson', { firstName: HOSTILE_FIRST_NAME, lastName: 'Zyxwv', profileCode: 'entreprise' })
  if (!person.ok) throw new Error(person.error.message)
  const note = await app.host.call('journal.add', {
    actor: organisationKey,
    kind: 'rencontre',
    occurredOn: '2026-11-20',
    animator: '<i>Camille</i>',
    summary: HOSTILE_SUMMARY,
    nextStep: '<a href="javascript:alert(1)">relancer</a>',
  })
  if (!note.ok) throw new Error(note.error.message)
})

afterAll(async () => {
  await app?.close()
  await browser?.close()
})

describe('Content-Security-Policy of the built renderer', () => {
  it('is sent as a header and set as a meta tag, with no inline script and no eval', async () => {
    const response = await fetch(app.server.url)
    const header = response.headers.get('content-security-policy') ?? ''
    expect(header).toBe(CONTENT_SECURITY_POLICY)
    const html = fs.readFileSync(path.join(RENDERER_DIR, 'index.html'), 'utf8')
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? ''
    for (const policy of [header, meta]) {
      expect(scriptDirective(policy)).toBe("script-src 'self'")
      expect(policy).not.toContain("'unsafe-eval'")
      expect(policy).not.toContain("'wasm-unsafe-eval'")
      expect(scriptDirective(policy)).not.toContain("'unsafe-inline'")
      expect(policy).toContain("object-src 'none'")
      expect(policy).toContain("base-uri 'none'")
    }
    // The built page itself needs no inline script.
    expect([...html.matchAll(/<script\b([^>]*)>/g)].every((match) => /\ssrc=/.test(match[1]!))).toBe(true)
  })

  it('blocks eval, new Function, inline scripts, inline handlers and javascript: URLs in the page', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' })
    await watch(context)
    const page = await context.newPage()
    const dialogs: string[] = []
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
    await page.goto(app.server.url)
    await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor()
    const outcome = await page.evaluate(async () => {
      const attempt = (run: () => unknown) => {
        try {
          run()
          return 'ran'
        } catch (error) {
          return (error as Error).name
        }
      }
      // DevTools lets code it runs itself use eval: try from a task of the page's own instead.
      const later = <T,>(run: () => T) => new Promise<T>((resolve) => setTimeout(() => resolve(run()), 0))
      const results = {
        eval: await later(() => attempt(() => eval('1 + 1'))),
        newFunction: await later(() => attempt(() => new Function('return 1')())),
        setTimeoutString: 'not run',
        inlineScript: 'not run',
        inlineHandler: 'not run',
        javascriptUrl: 'not run',
      }
      const flags = window as unknown as Record<string, unknown>
      // setTimeout with a string is eval too.
      ;(window.setTimeout as unknown as (code: string, delay: number) => number)('window.__timeout = 1', 0)
      const script = document.createElement('script')
      script.textContent = 'window.__inline = 1'
      document.head.appendChild(script)
      const button = document.createElement('button')
      button.setAttribute('onclick', 'window.__handler = 1')
      document.body.appendChild(button)
      button.click()
      const link = document.createElement('a')
      link.href = 'javascript:window.__jsurl=1;alert(1)'
      document.body.appendChild(link)
      link.click()
      await new Promise((resolve) => setTimeout(resolve, 300))
      if (flags.__timeout) results.setTimeoutString = 'ran'
      if (flags.__inline) results.inlineScript = 'ran'
      if (flags.__handler) results.inlineHandler = 'ran'
      if (flags.__jsurl) results.javascriptUrl = 'ran'
      return results
    })
    expect(outcome).toEqual({
      eval: 'EvalError',
      newFunction: 'EvalError',
      setTimeoutString: 'not run',
      inlineScript: 'not run',
      inlineHandler: 'not run',
      javascriptUrl: 'not run',
    })
    expect(dialogs).toEqual([])
    const seen = await violations(page)
    expect(seen.map((violation) => violation.directive)).toEqual(expect.arrayContaining(['script-src']))
    expect(seen.map((violation) => violation.blocked)).toEqual(expect.arrayContaining(['eval', 'inline']))
    await context.close()
  })
})

describe('hostile text stored in records', () => {
  let context: BrowserContext
  let page: Page
  const dialogs: string[] = []

  beforeAll(async () => {
    // No CSP here: if a screen turned text into markup, the handlers would really run.
    context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: { width: 1400, height: 900 } })
    context.setDefaultTimeout(20_000)
    page = await context.newPage()
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
    await page.goto(app.server.url)
    await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor()
  })

  afterAll(async () => {
    await context?.close()
  })

  async function open(route: string): Promise<void> {
    await page.evaluate((hash) => {
      window.location.hash = hash
    }, `#${route}`)
  }

  /** Nothing ran, no element came out of the stored text, no link leads to javascript:. */
  async function expectNothingRan(): Promise<void> {
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
      injected: document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onmouseover], [onload]').length,
      scripts: [...document.querySelectorAll('script')].filter((script) => !script.src).length,
      javascriptLinks: [...document.querySelectorAll('a[href]')].filter((link) => (link as HTMLAnchorElement).protocol === 'javascript:').length,
    }))
    expect(state).toEqual({ pwned: null, injected: 0, scripts: 0, javascriptLinks: 0 })
    expect(dialogs).toEqual([])
  }

  it('shows them as text in the directory grid', async () => {
    await open('/acteurs')
    const grid = page.getByTestId('directory-grid')
    await grid.locator('.ag-row').first().waitFor()
    await grid.getByText(HOSTILE_NAME, { exact: true }).waitFor()
    await grid.getByText(HOSTILE_FIRST_NAME, { exact: false }).first().waitFor()
    await expectNothingRan()
  })

  it('shows them as text on the actor page, Fiche tab', async () => {
    await open(`/acteurs/${organisationKey}`)
    await page.getByRole('heading', { level: 2, name: HOSTILE_NAME }).waitFor()
    await page.getByRole('tab', { name: 'Fiche' }).click()
    await page.getByText(HOSTILE_WEBSITE, { exact: true }).waitFor()
    await page.getByText(HOSTILE_NOTES, { exact: true }).waitFor()
    // The website is text, not a link.
    expect(await page.getByRole('link', { name: HOSTILE_WEBSITE }).count()).toBe(0)
    await expectNothingRan()
  })

  it('shows them as text on the actor page, Chronologie tab', async () => {
    await page.getByRole('tab', { name: /Chronologie/ }).click()
    const event = page.getByTestId('timeline-event').filter({ hasText: 'salon zyxwv' })
    await event.waitFor()
    expect(await event.innerText()).toContain(HOSTILE_SUMMARY)
    await expectNothingRan()
  })

  it('shows them as text in the global search', async () => {
    await page.keyboard.press('Control+k')
    const search = page.getByRole('textbox', { name: 'Recherche globale' })
    await search.fill('zyxwv')
    await page.getByRole('button', { name: /<svg onload="window.__pwned=6">/ }).waitFor()
    await page.getByRole('button', { name: /salon zyxwv/ }).first().waitFor()
    await expectNothingRan()
    await search.fill('onerror')
    await page.getByRole('button', { name: /<img src=x onerror="window.__pwned=1">/ }).first().waitFor()
    await expectNothingRan()
    await page.keyboard.press('Escape')
  })

  it('would have caught it: the same text inserted as markup in this page does run', async () => {
    const probe = await context.newPage()
    await probe.goto(app.server.url)
    await probe.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), HOSTILE_NAME)
    await expect.poll(() => probe.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBe(1)
    await probe.close()
  })
})
