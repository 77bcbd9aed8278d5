import { openStore } from '../../../db/backend'
import { formatCount, round, time, timedRow } from '../stats'
import type { Measurement } from '../types'

// Opening the database as the app does (db/backend's openStore), at territory scale. SQLite: the
// file (in the system's cache, as after the first start of the day) with quick_check, schema
// version and pragmas; PostgreSQL: the connection, the server's version and encoding, the schema
// version and the listener of the change feed.

export const OPEN_TARGET_MS = 1000

const WHAT = {
  sqlite: 'openStore: quick_check, schema version, pragmas',
  postgresql: 'connection, server version, schema version, change feed',
}

export const databaseOpen: Measurement = {
  id: 'database-open',
  label: 'Database open with its checks',
  target: `< ${OPEN_TARGET_MS / 1000} s`,
  async measure(context) {
    const { runs } = context.scale
    context.log(`Database open: × ${runs.open}…`)
    const timings: number[] = []
    let sizeBytes = 0
    for (let run = 0; run < runs.open; run++) {
      let store: Awaited<ReturnType<typeof openStore>> | undefined
      timings.push(
        await time(async () => {
          store = await openStore(context.target)
        }),
      )
      if (run === 0) sizeBytes = (await store!.backend.info({ counts: false })).sizeBytes
      await store!.close()
    }
    const megabytes = sizeBytes / 1024 / 1024
    return [
      timedRow({
        id: 'database-open',
        label: 'Database open with its checks, as the app opens it',
        timings,
        target: databaseOpen.target,
        limitMs: OPEN_TARGET_MS,
        note: `${WHAT[context.engine]}; ${context.engine === 'sqlite' ? 'a' : 'a database of'} ${formatCount(Math.round(megabytes))} MB${context.engine === 'sqlite' ? ' file' : ' on the server'}`,
        values: { sizeMb: round(megabytes) },
      }),
    ]
  },
}
