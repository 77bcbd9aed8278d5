import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { openStore, type Store } from '../../db/sqlite/connection'
import { parseDatabaseTarget } from '../../db/backend'
import { generateDemo } from '../../db/sqlite/demo'
import { createApiHost, type ApiHost, type HostOptions } from '../../main/api/host'
import { updateMachineConfig } from '../../main/machine-config'
import { startWebServer, type WebServer } from '../../main/web/server'
import { tempDir } from './temp'

// Browser tests: the built renderer and the API in browser mode, driven in Debian's Chromium.

export const RENDERER_DIR = path.resolve(__dirname, '../../out/renderer')

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[]
  const found = candidates.find((candidate) => fs.existsSync(candidate))
  if (!found) throw new Error('Chromium introuvable : installez le paquet Debian « chromium » ou définissez CHROMIUM_PATH.')
  return found
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error('Le renderer n’est pas construit : lancez « npm run build » avant les tests du navigateur.')
  }
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=fr-FR',
    ],
  })
}

export interface AppUnderTest {
  host: ApiHost
  server: WebServer
  page: Page
  databaseFile: string
  /** Navigates to a route of the app (hash routing), e.g. '/parametres'. */
  open(route: string): Promise<void>
  close(): Promise<void>
}

export interface StartOptions extends HostOptions {
  /** The animator this machine knows; null: none yet (the app asks). Default « Camille Laurent ». */
  animator?: string | null
}

/** Serves the app over a database file (a new one unless given) and opens a page on it. */
export async function startApp(browser: Browser, databaseFile?: string, options: StartOptions = {}): Promise<AppUnderTest> {
  const file = databaseFile ?? path.join(tempDir('vitawin-browser-'), 'app.sqlite')
  // A machine of its own: configuration in a temporary folder that lives as long as the app.
  const { animator = 'Camille Laurent', ...hostOptions } = options
  const ownDataDir = hostOptions.dataDir ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'vitawin-machine-'))
  const dataDir = hostOptions.dataDir ?? ownDataDir!
  if (ownDataDir || animator) {
    updateMachineConfig(dataDir, { ...(animator ? { animator } : {}), ...(ownDataDir ? { backupFolder: path.join(ownDataDir, 'sauvegardes') } : {}) })
  }
  // A postgresql:// address: team mode, on that database (tests/browser/team.test.ts, which reads its store through store.db only).
  const host = /^postgres(?:ql)?:\/\//.test(file)
    ? ((await createApiHost(parseDatabaseTarget(file), { ...hostOptions, dataDir })) as unknown as ApiHost)
    : await createApiHost(file, { ...hostOptions, dataDir })
  const server = await startWebServer({ host, rendererDir: RENDERER_DIR })
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1400, height: 900 } })
  context.setDefaultTimeout(20_000)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(server.url)
  return {
    host,
    server,
    page,
    databaseFile: file,
    async open(route) {
      await page.evaluate((hash) => {
        window.location.hash = hash
      }, `#${route}`)
    },
    async close() {
      await context.close()
      await server.close()
      await host.close()
      if (ownDataDir) fs.rmSync(ownDataDir, { recursive: true, force: true })
      if (errors.length > 0) throw new Error(`Erreurs JavaScript dans la page : ${errors.join(' | ')}`)
    },
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const folder = process.env.VITAWIN_SCREENSHOTS
  if (!folder) return
  fs.mkdirSync(folder, { recursive: true })
  await page.screenshot({ path: path.join(folder, `${name}.png`), fullPage: true })
}

let shared: Promise<Browser> | undefined

/**
 * The Chromium the suites of one test process share (vitest runs the browser files in one process,
 * one after the other): launched by the first suite, ended with the process. Each app has its own
 * browser context, so nothing of a page, its storage or its cache passes from one suite to the next.
 */
async function sharedBrowser(): Promise<Browser> {
  const browser = await (shared ??= launchBrowser())
  if (browser.isConnected()) return browser
  shared = launchBrowser()
  return shared
}

/**
 * The suite's Chromium, there before the suite's first test; after its last, the browser contexts
 * the suite opened and left open are closed.
 */
export function suiteBrowser(): { readonly browser: Browser } {
  let browser: Browser | undefined
  let before = new Set<BrowserContext>()
  beforeAll(async () => {
    browser = await sharedBrowser()
    before = new Set(browser.contexts())
  })
  afterAll(async () => {
    for (const context of browser?.contexts() ?? []) if (!before.has(context)) await context.close()
  })
  return {
    get browser() {
      return browser!
    },
  }
}

/** Demo databases already generated in this process, by seed and day: a suite gets a copy. */
const demoTemplates = new Map<string, Promise<string>>()
const templatesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitawin-demo-templates-'))
process.on('exit', () => fs.rmSync(templatesDir, { recursive: true, force: true }))

/** A new database file holding the demo dataset of this seed and day. */
export async function demoDatabase(seed: number, today: string): Promise<string> {
  const key = `${seed}-${today}`
  let template = demoTemplates.get(key)
  if (!template) {
    template = (async () => {
      const file = path.join(templatesDir, `${key}.sqlite`)
      const store = await openStore(file)
      try {
        generateDemo(store.sqlite, { seed, today })
      } finally {
        await store.close()
      }
      return file
    })()
    demoTemplates.set(key, template)
  }
  const file = path.join(tempDir('vitawin-demo-'), 'demo.sqlite')
  // Closed, the template is whole in its main file (no -wal beside it).
  fs.copyFileSync(await template, file)
  return file
}

export interface DemoApp {
  /** The suite's Chromium (for a second app of its own), app and page (set before the suite's first test). */
  readonly browser: Browser
  readonly app: AppUnderTest
  readonly page: Page
  /** One value read from the app's database. */
  value<T>(sql: string, ...params: unknown[]): T
  /** Rows read from the app's database. */
  rows<T>(sql: string, ...params: unknown[]): T[]
}

/**
 * A suite's app on the demo dataset: a new database filled by the demo generator (`seed`, around
 * `today`), completed by `prepare`, served in Chromium before the suite's tests and closed after.
 */
export function demoApp(options: { seed: number; today?: string; prepare?: (store: Store) => void | Promise<void> }): DemoApp {
  const chromium = suiteBrowser()
  let app: AppUnderTest | undefined
  beforeAll(async () => {
    const file = await demoDatabase(options.seed, options.today ?? '2026-11-23')
    if (options.prepare) {
      const store = await openStore(file)
      await options.prepare(store)
      await store.close()
    }
    app = await startApp(chromium.browser, file)
  })
  afterAll(async () => {
    await app?.close()
  })
  return {
    get browser() {
      return chromium.browser
    },
    get app() {
      return app!
    },
    get page() {
      return app!.page
    },
    value: <T>(sql: string, ...params: unknown[]) => app!.host.store!.sqlite.prepare(sql).pluck().get(...params) as T,
    rows: <T>(sql: string, ...params: unknown[]) => app!.host.store!.sqlite.prepare(sql).all(...params) as T[],
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A field by its label, whether or not it is marked required (« Date * »). */
export function field(scope: Locator | Page, label: string): Locator {
  return scope.getByLabel(new RegExp(`^${escapeRegExp(label)}( \\*)?$`))
}

/** Types a date into a date field and leaves it, as a user does. */
export async function fillDate(scope: Locator, label: string, date: string): Promise<void> {
  await field(scope, label).fill(date)
  await field(scope, label).press('Tab')
}

/** Opens a select by its label and picks an option (the first that matches, with `first`). */
export async function pickOption(scope: Locator, label: string, option: string | RegExp, { first = false } = {}): Promise<void> {
  await field(scope, label).click()
  const options = scope.page().getByRole('option', { name: option })
  await (first ? options.first() : options).click()
}

/** Lets transitions (drawers, modals) end before a screenshot. */
export async function settle(page: Page): Promise<void> {
  if (process.env.VITAWIN_SCREENSHOTS) await page.waitForTimeout(400)
}

/** Screenshots at the two sizes the screens are checked at (1280×720 and 1920×1080), then back to the page's size. */
export async function screenshotSizes(page: Page, name: string): Promise<void> {
  if (!process.env.VITAWIN_SCREENSHOTS) return
  const before = page.viewportSize()
  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height })
    await page.waitForTimeout(300)
    fs.mkdirSync(process.env.VITAWIN_SCREENSHOTS, { recursive: true })
    await page.screenshot({ path: path.join(process.env.VITAWIN_SCREENSHOTS, `${name}-${width}x${height}.png`) })
  }
  if (before) await page.setViewportSize(before)
}

/** Waits until a screen has its heading and has loaded what it shows. */
export async function settledScreen(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 2 }).first().waitFor()
  await page.waitForFunction(() => !document.body.innerText.includes('Chargement'), null, { timeout: 10_000 }).catch(() => undefined)
  await page.waitForTimeout(300)
}
