import { formatCount, median, timedRow } from '../stats'
import type { BenchRow, Measurement } from '../types'
import { chromiumMissing, timeMarks, withChromium } from './chromium'
import { withHost } from './host'

// The directory in browser mode, in Debian's Chromium: from the navigation until its grid shows
// rows with their data, and until the whole directory is in the grid (its count line shows « N sur
// M acteurs affichés »: the grid holds every row and fetches the blocks it shows); then a jump to
// the end of the directory, until its last row shows.

export const RENDERER_TARGET_MS = 1500
export const WHOLE_DIRECTORY_TARGET_MS = 3000

const LABEL = 'Renderer: time until the directory grid shows rows (browser mode, Chromium, from navigation)'
const WHOLE_LABEL = 'Renderer: time until the whole directory is in the grid'
const END_LABEL = 'Renderer: a jump to the end of the directory, time until its last rows show'
export const END_TARGET_MS = 500

export const renderer: Measurement = {
  id: 'renderer',
  label: 'Renderer: directory grid rows visible',
  target: `< ${RENDERER_TARGET_MS / 1000} s`,
  async measure(context) {
    const missing = chromiumMissing(context)
    if (missing) {
      return [
        { id: 'renderer', label: LABEL, status: 'skipped', target: renderer.target, met: null, note: missing },
        { id: 'renderer-whole-directory', label: WHOLE_LABEL, status: 'skipped', target: `< ${WHOLE_DIRECTORY_TARGET_MS / 1000} s`, met: null, note: missing },
        { id: 'renderer-directory-end', label: END_LABEL, status: 'skipped', target: `< ${END_TARGET_MS / 1000} s`, met: null, note: missing },
      ]
    }
    const { runs } = context.scale
    return withHost(context, (host) =>
      withChromium(context, host, async (browser, url): Promise<BenchRow[]> => {
        context.log(`Renderer in Chromium: the directory × ${runs.renderer}…`)
        const { rowCounts } = await host.store!.backend.info({ counts: true })
        const rows = (rowCounts.organisations ?? 0) + (rowCounts.people ?? 0)
        // A row with its name: the grid's first block is there (a row without data is a placeholder).
        const named = (index?: number) =>
          ['o', 'p'].map((kind) => `[data-testid="directory-grid"] .ag-row[row-id^="${kind}"]${index === undefined ? '' : `[row-index="${index}"]`} [col-id="name"]`).join(', ')
        const times = await timeMarks(
          browser,
          url,
          '/acteurs',
          {
            rows: { selector: named(), text: /\S/ },
            whole: { selector: '[data-testid="directory-count"]', text: /acteurs affichés/ },
          },
          runs.renderer,
          context.log,
          // Then a jump to the end of the directory: the last rows, fetched for where the scroll stops.
          {
            name: 'end',
            script: `const viewport = document.querySelector('[data-testid="directory-grid"] .ag-grid-viewport'); viewport.scrollTop = viewport.scrollHeight`,
            mark: { selector: named(rows - 1), text: /\S/ },
          },
        )
        const chromium = (await browser.version()) || ''
        return [
          timedRow({ id: 'renderer', label: LABEL, timings: times.rows, target: renderer.target, limitMs: RENDERER_TARGET_MS, values: { chromium } }),
          timedRow({
            id: 'renderer-whole-directory',
            label: `${WHOLE_LABEL} (${formatCount(rows)} rows, the default columns, browser mode, Chromium, from navigation)`,
            timings: times.whole,
            target: `< ${WHOLE_DIRECTORY_TARGET_MS / 1000} s`,
            limitMs: WHOLE_DIRECTORY_TARGET_MS,
            note: `${formatCount(Math.round(median(times.whole) - median(times.rows)))} ms after the first rows`,
            values: { rows, chromium },
          }),
          timedRow({
            id: 'renderer-directory-end',
            label: `${END_LABEL} (row ${formatCount(rows)} of ${formatCount(rows)}, browser mode, Chromium, from the scroll)`,
            timings: times.end!,
            target: `< ${END_TARGET_MS / 1000} s`,
            limitMs: END_TARGET_MS,
            values: { rows, chromium },
          }),
        ]
      }),
    )
  },
}
