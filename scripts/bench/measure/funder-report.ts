import { currentSchoolYear, previousSchoolYear } from '../../../db/rules/school-year'
import { DEMO_TODAY } from '../setup'
import { time, timedRow } from '../stats'
import type { Measurement } from '../types'
import { call, withHost } from './host'

// The funder report for one school year: the workbook the API writes ('indicators.exportFunder'),
// for the last complete school year of the demo data.

export const FUNDER_REPORT_TARGET_MS = 2000

export const funderReport: Measurement = {
  id: 'funder-report',
  label: 'Funder report for one school year',
  target: `< ${FUNDER_REPORT_TARGET_MS / 1000} s`,
  async measure(context) {
    const period = previousSchoolYear(currentSchoolYear(new Date(`${DEMO_TODAY}T12:00:00Z`)))
    const runs = context.scale.runs.funderReport
    return withHost(context, async (host) => {
      context.log(`Funder report ${period}: × ${runs}…`)
      const timings: number[] = []
      let rows = 0
      for (let run = 0; run < runs; run++) {
        timings.push(
          await time(async () => {
            rows = (await call<{ rows: number }>(host, 'indicators.exportFunder', { period })).rows
          }),
        )
      }
      return [
        timedRow({
          id: 'funder-report',
          label: `Funder report for one school year (${period}, xlsx, ${rows} rows) through the API`,
          timings,
          target: funderReport.target,
          limitMs: FUNDER_REPORT_TARGET_MS,
          values: { rows, period },
        }),
      ]
    })
  },
}
