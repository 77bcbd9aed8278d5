import fs from 'node:fs'
import { openStore } from '../../../db/sqlite/connection'
import { formatCount, round, time, timedRow } from '../stats'
import type { Measurement } from '../types'

// Opening the database as the app does (openStore: quick_check, schema version, pragmas), at
// territory scale. The file is in the system's cache, as it is after the first start of the day.

export const OPEN_TARGET_MS = 1000

export const databaseOpen: Measurement = {
  id: 'database-open',
  label: 'Database open with its checks',
  target: `< ${OPEN_TARGET_MS / 1000} s`,
  async measure(context) {
    const { runs } = context.scale
    context.log(`Database open: × ${runs.open}…`)
    const timings: number[] = []
    for (let run = 0; run < runs.open; run++) {
      let close: (() => Promise<void>) | undefined
      timings.push(
        await time(async () => {
          const store = await openStore(context.databaseFile)
          close = () => store.close()
        }),
      )
      await close?.()
    }
    const megabytes = fs.statSync(context.databaseFile).size / 1024 / 1024
    return [
      timedRow({
        id: 'database-open',
        label: `Database open with its checks (openStore, quick_check included), ${formatCount(Math.round(megabytes))} MB file`,
        timings,
        target: databaseOpen.target,
        limitMs: OPEN_TARGET_MS,
        values: { fileMb: round(megabytes) },
      }),
    ]
  },
}
