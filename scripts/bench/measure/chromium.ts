import { chromium, type Browser } from 'playwright-core'
import type { Store } from '../../../db/backend'
import type { ApiHost } from '../../../main/api/host'
import { startWebServer } from '../../../main/web/server'
import { chromiumPath } from '../setup'
import type { BenchContext } from '../types'

// A screen of the app in browser mode, in Debian's Chromium: from the navigation to its route until
// each mark is in the page, on the page's own clock (performance.now() when a MutationObserver
// first sees it). A new browser context each run: no cache, no session.

/** What to wait for: an element, and the text it must hold when given. */
export interface Mark {
  selector: string
  text?: RegExp
}

export type MarkTimes<Names extends string> = Record<Names, number[]>

function observer(marks: Record<string, Mark>): string {
  const checks = Object.entries(marks).map(
    ([name, mark]) => `
    if (window.__vitawinBench[${JSON.stringify(name)}] === undefined) {
      const found = document.querySelector(${JSON.stringify(mark.selector)})
      if (found && ${mark.text ? `${mark.text}.test(found.textContent ?? '')` : 'true'}) window.__vitawinBench[${JSON.stringify(name)}] = performance.now()
    }`,
  )
  return `
  window.__vitawinBench = {}
  const observer = new MutationObserver(() => {${checks.join('')}
    if (Object.keys(window.__vitawinBench).length === ${Object.keys(marks).length}) observer.disconnect()
  })
  observer.observe(document, { childList: true, subtree: true, characterData: true })
`
}

/** Once every mark is there: something done in the page (a script), and the mark it must bring. */
export interface Then {
  name: string
  script: string
  mark: Mark
}

/** The page script that does `then` and notes how long its mark took to appear. */
function thenScript(then: Then): string {
  const { selector, text } = then.mark
  return `(() => {
    const start = performance.now()
    const check = () => {
      const found = document.querySelector(${JSON.stringify(selector)})
      if (found && ${text ? `${text}.test(found.textContent ?? '')` : 'true'} && window.__vitawinThen === undefined) {
        window.__vitawinThen = performance.now() - start
        observer.disconnect()
      }
    }
    const observer = new MutationObserver(check)
    observer.observe(document, { childList: true, subtree: true, characterData: true })
    ${then.script}
    check()
  })()`
}

/** Why Chromium cannot run here, or null. */
export function chromiumMissing(context: BenchContext): string | null {
  if ('missing' in context.renderer) return context.renderer.missing
  if (!chromiumPath()) return 'Chromium not found: install Debian\'s « chromium » package (sudo apt-get install -y chromium) or set CHROMIUM_PATH'
  return null
}

/** Serves the app over `host` and runs `measure` with a Chromium. */
export async function withChromium<T>(context: BenchContext, host: ApiHost<Store>, measure: (browser: Browser, url: string) => Promise<T>): Promise<T> {
  if ('missing' in context.renderer) throw new Error(context.renderer.missing)
  const server = await startWebServer({ host, rendererDir: context.renderer.dir })
  const browser = await chromium.launch({
    executablePath: chromiumPath()!,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=fr-FR'],
  })
  try {
    return await measure(browser, server.url)
  } finally {
    await browser.close()
    await server.close()
  }
}

/** `runs` navigations to `route`; for each mark, when it appeared in each run (ms from navigation). */
export async function timeMarks<Names extends string>(
  browser: Browser,
  url: string,
  route: string,
  marks: Record<Names, Mark>,
  runs: number,
  log: (message: string) => void,
  then?: Then,
): Promise<MarkTimes<Names> & Record<string, number[]>> {
  const names = Object.keys(marks) as Names[]
  const times = Object.fromEntries([...names, ...(then ? [then.name] : [])].map((name) => [name, [] as number[]])) as MarkTimes<Names> & Record<string, number[]>
  for (let run = 1; run <= runs; run++) {
    log(`  run ${run}/${runs}…`)
    const browserContext = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1400, height: 900 } })
    try {
      const page = await browserContext.newPage()
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(error.message))
      // A string, not a function: a transpiler's helpers (vitest, tsx) would not exist in the page.
      await page.addInitScript({ content: observer(marks) })
      await page.goto(`${url}#${route}`, { waitUntil: 'commit' })
      // Polled: waitForFunction evaluates its predicate in a way the app's CSP refuses.
      const deadline = Date.now() + 60_000
      let seen = (await page.evaluate('window.__vitawinBench ?? {}')) as Record<string, number>
      while (names.some((name) => seen[name] === undefined)) {
        if (Date.now() > deadline) throw new Error(`${route}: never showed ${names.filter((name) => seen[name] === undefined).join(', ')}`)
        await new Promise((resolve) => setTimeout(resolve, 50))
        seen = (await page.evaluate('window.__vitawinBench ?? {}')) as Record<string, number>
      }
      if (then) {
        await page.evaluate(thenScript(then))
        let took = (await page.evaluate('window.__vitawinThen')) as number | undefined
        while (took === undefined) {
          if (Date.now() > deadline) throw new Error(`${route}: « ${then.name} » never showed`)
          await new Promise((resolve) => setTimeout(resolve, 20))
          took = (await page.evaluate('window.__vitawinThen')) as number | undefined
        }
        times[then.name]!.push(took)
      }
      if (errors.length > 0) throw new Error(`JavaScript errors in the page: ${errors.join(' | ')}`)
      for (const name of names) times[name].push(seen[name]!)
    } finally {
      await browserContext.close()
    }
  }
  return times
}
