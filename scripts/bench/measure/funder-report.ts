import type { Measurement } from '../types'

// The funder report for one school year (the indicators issue). Not built yet: this row shows
// « not built yet » until that issue gives it a `measure` function, e.g.
//
//   async measure(context) {
//     return withHost(context, async (host) => {
//       const timings = await timeRuns(context.scale.runs.dashboard, () => call(host, 'reports.funder', { schoolYear: '2025-2026' }))
//       const ms = median(timings)
//       return [{ id: 'funder-report', label: funderReport.label, status: 'measured', result: formatMs(ms),
//                 target: funderReport.target, met: ms < 2000, values: { ms, runs: timings } }]
//     })
//   },

export const funderReport: Measurement = {
  id: 'funder-report',
  label: 'Funder report for one school year',
  target: '< 2 s',
}
