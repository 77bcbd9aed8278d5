import { formatCount, time, timedRow } from '../stats'
import type { Measurement } from '../types'
import { call, withHost } from './host'

// The directory through the API ('actors.directory'): the first block of rows the grid asks for
// (sorted by name, the default columns; the first run computes the sorted keys, the others reuse
// them), and the whole directory in one call (every organisation and person, as the export and the
// command line read it). The in-process host: dispatch, validation and the query, not the
// transport (see the renderer row).

// The directory grid's block of rows (renderer/src/screens/actors/DirectoryScreen.tsx).
const FIRST_PAGE = 200
const DEFAULT_FIELDS = ['key', 'kind', 'name', 'profileCode', 'townCode', 'outsideTown', 'status', 'email', 'tags', 'lastInteractionOn']

export const directory: Measurement = {
  id: 'directory',
  label: 'Directory through the API',
  async measure(context) {
    const { runs } = context.scale
    return withHost(context, async (host) => {
      context.log(`Directory: first page × ${runs.directoryPage}, whole grid × ${runs.directoryFull}…`)
      let pageRows = 0
      let total = 0
      const page: number[] = []
      for (let run = 0; run < runs.directoryPage; run++) {
        page.push(
          await time(async () => {
            const result = await call<{ rows: unknown[]; total: number }>(host, 'actors.directory', {
              fields: DEFAULT_FIELDS,
              filter: {},
              sort: [{ field: 'name' }],
              window: { offset: 0, limit: FIRST_PAGE },
            })
            pageRows = result.rows.length
          }),
        )
      }
      const full: number[] = []
      for (let run = 0; run < runs.directoryFull; run++) {
        full.push(
          await time(async () => {
            const result = await call<{ rows: unknown[]; total: number }>(host, 'actors.directory', undefined)
            total = result.rows.length
          }),
        )
      }
      return [
        timedRow({ id: 'directory-first-page', label: `Directory, a block of the grid (${pageRows} rows by name) through the API`, timings: page, values: { rows: pageRows } }),
        timedRow({ id: 'directory-full', label: `Directory, full grid load (${formatCount(total)} rows) through the API`, timings: full, values: { rows: total } }),
      ]
    })
  },
}

export const DASHBOARD_TARGET_MS = 2000

export const dashboard: Measurement = {
  id: 'dashboard',
  label: 'Dashboard through the API',
  target: `< ${DASHBOARD_TARGET_MS / 1000} s`,
  async measure(context) {
    const { runs } = context.scale
    return withHost(context, async (host) => {
      context.log(`Dashboard: × ${runs.dashboard}…`)
      const timings: number[] = []
      // What the dashboard screen asks for: the counts, and the figures of the current school year.
      for (let run = 0; run < runs.dashboard; run++) {
        timings.push(await time(() => Promise.all([call(host, 'dashboard.overview', {}), call(host, 'dashboard.figures', undefined)])))
      }
      return [
        timedRow({
          id: 'dashboard',
          label: "Dashboard ('dashboard.overview' and 'dashboard.figures' of the school year) through the API",
          timings,
          target: dashboard.target,
          limitMs: DASHBOARD_TARGET_MS,
        }),
      ]
    })
  },
}
