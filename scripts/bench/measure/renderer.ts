import { formatCount, median, timedRow } from '../stats'
import type { BenchRow, Measurement } from '../types'
import { chromiumMissing, timeMarks, withChromium } from './chromium'
import { withHost } from './host'

// The directory in browser mode, in Debian's Chromium: from the navigation until its grid holds
// rows, and until the whole directory is in the grid (its count line shows « N sur M acteurs
// affichés »).

export const RENDERER_TARGET_MS = 1500
export const WHOLE_DIRECTORY_TARGET_MS = 3000

const LABEL = 'Renderer: time until the directory grid shows rows (browser mode, Chromium, from navigation)'
const WHOLE_LABEL = 'Renderer: time until the whole directory is in the grid'

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
      ]
    }
    const { runs } = context.scale
    return withHost(context, (host) =>
      withChromium(context, host, async (browser, url): Promise<BenchRow[]> => {
        context.log(`Renderer in Chromium: the directory × ${runs.renderer}…`)
        const rows = (host.store!.sqlite.prepare('select (select count(*) from organisations) + (select count(*) from people)').pluck().get() as number) ?? 0
        const times = await timeMarks(
          browser,
          url,
          '/acteurs',
          {
            rows: { selector: '[data-testid="directory-grid"] .ag-row' },
            whole: { selector: '[data-testid="directory-count"]', text: /acteurs affichés/ },
          },
          runs.renderer,
          context.log,
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
        ]
      }),
    )
  },
}
