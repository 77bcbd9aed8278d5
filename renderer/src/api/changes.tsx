import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { call } from './client'

// Another animator's changes reach the lists and the dashboard without a restart: the change feed
// (main/api/changes.ts) is asked every few seconds, and when it moved, the data on screen is read
// again. Forms are not reset by it: they take their record once, when they open.

const POLL_MS = 3000
/** Read once: a refresh would not bring anything another animator changes. */
const STATIC = new Set(['settings.get', 'system.info', 'layouts.get', 'database.get', 'territory.get', 'reference.get'])

/** The feed's position the screens are up to date with (undefined until first asked). */
let seen: number | null | undefined

/** After this window's own write, which refreshes what it needs itself: the feed's new position is not news. */
export async function noteOwnChanges(): Promise<void> {
  try {
    seen = (await call('changes.latest')).operation
  } catch {
    // The next poll asks again.
  }
}

/** Keeps the screens' data in step with the database; mounted once, beside the router. */
export function ChangeFeed() {
  const client = useQueryClient()
  useEffect(() => {
    let stopped = false
    let timer: number | undefined
    const poll = async () => {
      if (document.visibilityState === 'visible') {
        try {
          const { operation } = await call('changes.latest')
          const moved = seen !== undefined && operation !== seen
          seen = operation
          if (moved) await client.invalidateQueries({ predicate: (query) => !STATIC.has(String(query.queryKey[0])) })
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
