import { performance } from 'node:perf_hooks'
import { chromium } from 'playwright-core'
import { startWebServer } from '../../../main/web/server'
import { chromiumPath } from '../setup'
import { formatMs, median, round, timedRow } from '../stats'
import type { Measurement } from '../types'
import { withHost } from './host'

// The renderer in browser mode, in Debian's Chromium: from the navigation to the directory until
// its grid holds rows (the page's own clock: performance.now() when the first row enters the DOM,
// seen by a MutationObserver), and until the whole directory is in the grid (its count line shows
// « N sur M acteurs affichés »). A new browser context each run: no cache, no session.

export const RENDERER_TARGET_MS = 1500
const GRID_ROW = '[data-testid="directory-grid"] .ag-row'
const COUNT_LINE = '[data-testid="directory-count"]'
const WHOLE_DIRECTORY = /acteurs affichés/

const ROWS_OBSERVER = `
  const observer = new MutationObserver(() => {
    if (window.__vitawinBenchRowsAt === undefined && document.querySelector(${JSON.stringify(GRID_ROW)})) {
      window.__vitawinBenchRowsAt = performance.now()
    }
    if (window.__vitawinBenchFullAt === undefined && ${WHOLE_DIRECTORY}.test(document.querySelector(${JSON.stringify(COUNT_LINE)})?.textContent ?? '')) {
      window.__vitawinBenchFullAt = performance.now()
      observer.disconnect()
    }
  })
  observer.observe(document, { childList: true, subtree: true, characterData: true })
`

export const renderer: Measurement = {
  id: 'renderer',
  label: 'Renderer: directory grid rows visible',
  target: `< ${RENDERER_TARGET_MS / 1000} s`,
  async measure(context) {
    const skipped = (note: string) => [{ id: 'renderer', label: 'Renderer: time until the directory grid shows rows (browser mode, Chromium)', status: 'skipped' as const, target: renderer.target, met: null, note }]
    if ('missing' in context.renderer) return skipped(context.renderer.missing)
    const executablePath = chromiumPath()
    if (!executablePath) return skipped('Chromium not found: install Debian\'s « chromium » package (sudo apt-get install -y chromium) or set CHROMIUM_PATH')
    const rendererDir = context.renderer.dir
    const { runs } = context.scale
    return withHost(context, async (host) => {
      const server = await startWebServer({ host, rendererDir })
      const browser = await chromium.launch({
        executablePath,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=fr-FR'],
      })
      try {
        const inPage: number[] = []
        const whole: number[] = []
        const wall: number[] = []
        for (let run = 1; run <= runs.renderer; run++) {
          context.log(`Renderer in Chromium: run ${run}/${runs.renderer}…`)
          const browserContext = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1400, height: 900 } })
          try {
            const page = await browserContext.newPage()
            const errors: string[] = []
            page.on('pageerror', (error) => errors.push(error.message))
            // A string, not a function: a transpiler's helpers (vitest, tsx) would not exist in the page.
            await page.addInitScript({ content: ROWS_OBSERVER })
            const started = performance.now()
            await page.goto(`${server.url}#/acteurs`, { waitUntil: 'commit' })
            await page.locator(GRID_ROW).first().waitFor({ state: 'visible', timeout: 60_000 })
            wall.push(performance.now() - started)
            const rowsAt = (await page.evaluate('window.__vitawinBenchRowsAt ?? null')) as number | null
            if (rowsAt === null) throw new Error('the grid showed rows but the page did not see them appear')
            // Polled from here: waitForFunction evaluates its predicate in a way the app's CSP refuses.
            const deadline = Date.now() + 60_000
            let fullAt = (await page.evaluate('window.__vitawinBenchFullAt ?? null')) as number | null
            while (fullAt === null) {
              if (Date.now() > deadline) throw new Error('the whole directory never showed in the grid')
              await new Promise((resolve) => setTimeout(resolve, 50))
              fullAt = (await page.evaluate('window.__vitawinBenchFullAt ?? null')) as number | null
            }
            if (errors.length > 0) throw new Error(`JavaScript errors in the page: ${errors.join(' | ')}`)
            inPage.push(rowsAt)
            whole.push(fullAt)
          } finally {
            await browserContext.close()
          }
        }
        return [
          timedRow({
            id: 'renderer',
            label: 'Renderer: time until the directory grid shows rows (browser mode, Chromium, from navigation)',
            timings: inPage,
            target: renderer.target,
            limitMs: RENDERER_TARGET_MS,
            note: `the whole directory is in the grid after ${formatMs(median(whole))}`,
            values: {
              wholeDirectoryMs: round(median(whole)),
              wholeDirectoryRuns: whole.map((value) => round(value)),
              wallClockMs: round(median(wall)),
              chromium: (await browser.version()) || '',
            },
          }),
        ]
      } finally {
        await browser.close()
        await server.close()
      }
    })
  },
}
