import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { call, ownOperations } from './client'

// Another animator's changes reach the lists and the dashboard without a restart: the change feed
// (main/api/changes.ts) is asked every few seconds what changed since the position these screens
// saw, and only the data read from the tables those changes touched is read again (each read
// call declares its tables, main/api/define.ts). This window's own writes are left out by their
// operation (the host gives it with each write's answer): they refreshed their screens already,
// and a change another animator made in the same instant is not mistaken for one of them. Forms
// are not reset by it: they take their record once, when they open.

const POLL_MS = 3000

/** The feed's position the screens are up to date with (undefined until first asked). */
let seen: string | undefined

/** Keeps the screens' data in step with the database; mounted once, beside the router. */
export function ChangeFeed() {
  const client = useQueryClient()
  useEffect(() => {
    let stopped = false
    let timer: number | undefined
    const poll = async () => {
      if (document.visibilityState === 'visible') {
        try {
          const own = [...ownOperations]
          const { position, operation, refresh } = await call('changes.since', { after: seen, own })
          // Accounted for: they were left out of this answer, or come before the position it gives.
          for (const id of own) if (id <= operation) ownOperations.delete(id)
          const first = seen === undefined
          seen = position
          if (!first && refresh.length > 0) {
            const stale = new Set(refresh)
            await client.invalidateQueries({ predicate: (query) => stale.has(String(query.queryKey[0])) })
          }
        } catch {
          // No database open (the recovery page), or the app closing: the next poll asks again.
        }
      }
      if (!stopped) timer = window.setTimeout(() => void poll(), POLL_MS)
    }
    void poll()
    return () => {
      stopped = true
      window.clearTimeout(timer)
    }
  }, [client])
  return null
}
