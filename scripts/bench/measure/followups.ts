import type { FollowUpPage } from '../../../db/actors/journal'
import { DEMO_TODAY } from '../setup'
import { formatCount, formatMs, median, round, time, timedRow } from '../stats'
import type { BenchRow, Measurement } from '../types'
import { chromiumMissing, timeMarks, withChromium } from './chromium'
import { BENCH_ANIMATOR, call, withHost } from './host'

// « À relancer » at territory scale: what the screen asks for when it opens (one animator's open
// follow-ups: the counts of each period and the first ones of each), through the API; and in
// Chromium, from the navigation until its rows show. The API call runs on the demo's « today »,
// so that every run reads the same periods; the page, on the machine's.

export const FOLLOW_UPS_API_TARGET_MS = 100
export const FOLLOW_UPS_RENDERER_TARGET_MS = 1000

// The screen's overview (renderer/src/screens/actors/FollowUpsScreen.tsx).
const PER_PERIOD = 10
const PAGE = 50

const API_LABEL = "« À relancer » through the API: one animator's open follow-ups, the counts of each period and the first of each"
const RENDERER_LABEL = '« À relancer »: time until its rows show (browser mode, Chromium, from navigation)'

export const followUps: Measurement = {
  id: 'followups',
  label: '« À relancer » (follow-ups)',
  async measure(context) {
    const { runs } = context.scale
    return withHost(context, async (host) => {
      context.log(`« À relancer » through the API × ${runs.followUpsApi}…`)
      const ask = (args: object) => call<FollowUpPage>(host, 'journal.followUps', { today: DEMO_TODAY, ...args })
      const mine = await ask({ animator: BENCH_ANIMATOR, perPeriod: PER_PERIOD })
      const overview: number[] = []
      for (let run = 0; run < runs.followUpsApi; run++) overview.push(await time(() => ask({ animator: BENCH_ANIMATOR, perPeriod: PER_PERIOD })))
      const everyone = await ask({ perPeriod: PER_PERIOD })
      // The last page of the longest period: the deepest a page is read from its index.
      const lastOverdue = Math.max(0, Math.floor((mine.counts.en_retard - 1) / PAGE) * PAGE)
      const deep: number[] = []
      for (let run = 0; run < runs.followUpsApi; run++) deep.push(await time(() => ask({ animator: BENCH_ANIMATOR, period: 'en_retard', offset: lastOverdue, limit: PAGE })))
      const rows: BenchRow[] = [
        timedRow({
          id: 'followups-api',
          label: `${API_LABEL} (${formatCount(mine.total)} of ${formatCount(everyone.total)} open)`,
          timings: overview,
          target: `< ${FOLLOW_UPS_API_TARGET_MS} ms`,
          limitMs: FOLLOW_UPS_API_TARGET_MS,
          note: `the last page of « En retard » (${formatCount(lastOverdue + 1)}–${formatCount(mine.counts.en_retard)}) in ${formatMs(median(deep))}`,
          values: { lastPageMs: round(median(deep)), open: everyone.total, mine: mine.total, overdue: mine.counts.en_retard },
        }),
      ]
      const missing = chromiumMissing(context)
      if (missing) {
        rows.push({ id: 'followups-renderer', label: RENDERER_LABEL, status: 'skipped', target: `< ${FOLLOW_UPS_RENDERER_TARGET_MS / 1000} s`, met: null, note: missing })
        return rows
      }
      const shown = await withChromium(context, host, (browser, url) => {
        context.log(`« À relancer » in Chromium × ${runs.followUpsRenderer}…`)
        return timeMarks(browser, url, '/acteurs/relances', { rows: { selector: 'table[aria-label="À relancer"] tbody tr td button' } }, runs.followUpsRenderer, context.log)
      })
      rows.push(timedRow({ id: 'followups-renderer', label: RENDERER_LABEL, timings: shown.rows, target: `< ${FOLLOW_UPS_RENDERER_TARGET_MS / 1000} s`, limitMs: FOLLOW_UPS_RENDERER_TARGET_MS }))
      return rows
    })
  },
}
