import { attempt, formatCount, time, timedRow } from '../stats'
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

const PAGE_LABEL = `Directory, a block of the grid (${FIRST_PAGE} rows by name, the default columns) through the API`
const fullLabel = (rows?: number) => `Directory, whole (${rows === undefined ? '' : `${formatCount(rows)} rows, `}every field) through the API, as the command line reads it`

export const directory: Measurement = {
  id: 'directory',
  label: 'Directory through the API',
  async measure(context) {
    const { runs } = context.scale
    return withHost(context, async (host) => {
      context.log(`Directory: a block of the grid × ${runs.directoryPage}, the whole directory × ${runs.directoryFull}…`)
      // Each figure on its own: one refused (an engine without it yet) leaves the other measured.
      const page = await attempt({ id: 'directory-first-page', label: PAGE_LABEL }, async () => {
        let rows = 0
        const timings: number[] = []
        for (let run = 0; run < runs.directoryPage; run++) {
          timings.push(
            await time(async () => {
              const result = await call<{ rows: unknown[]; total: number }>(host, 'actors.directory', {
                fields: DEFAULT_FIELDS,
                filter: {},
                sort: [{ field: 'name' }],
                window: { offset: 0, limit: FIRST_PAGE },
              })
              rows = result.rows.length
            }),
          )
        }
        return timedRow({ id: 'directory-first-page', label: PAGE_LABEL, timings, values: { rows } })
      })
      const full = await attempt({ id: 'directory-full', label: fullLabel() }, async () => {
        let rows = 0
        const timings: number[] = []
        for (let run = 0; run < runs.directoryFull; run++) {
          timings.push(
            await time(async () => {
              rows = (await call<{ rows: unknown[]; total: number }>(host, 'actors.directory', undefined)).rows.length
            }),
          )
        }
        return timedRow({ id: 'directory-full', label: fullLabel(rows), timings, values: { rows } })
      })
      return [page, full]
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
