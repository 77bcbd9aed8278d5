import { z } from 'zod'
import { changesSince, POSITION_PATTERN } from '../../db/audit/changes'
import { snakeCase } from '../../db/rules/text'
import { handler, type Handler } from './define'
import { handlers } from './index'

/** An audit row's table that is no table of the schema ('database': a restore): everything is to be read again. */
const WHOLE_DATABASE = 'database'

/**
 * The read calls whose data the changes to these tables made stale: those declaring one of them
 * (main/api/define.ts `reads`), those declaring 'everything', all of them after a restore.
 */
export function readsToRefresh(tables: readonly string[]): string[] {
  if (tables.length === 0) return []
  const changed = new Set(tables)
  const all = changed.has(WHOLE_DATABASE)
  return (Object.entries(handlers) as [string, Handler<z.ZodType, unknown>][])
    .filter(([, entry]) => !entry.writes && (all || entry.reads === undefined || entry.reads === 'everything' || entry.reads.some((table) => changed.has(snakeCase(table)))))
    .map(([name]) => name)
}

export const changeHandlers = {
  /**
   * The change feed (db/audit/changes.ts): the screens ask every few seconds what changed after
   * the position they saw (an opaque text: db/audit/changes.ts), leaving out their window's own writes, and refresh the calls named.
   */
  'changes.since': handler(
    z.object({ after: z.string().regex(POSITION_PATTERN).optional(), own: z.array(z.number().int().positive()).max(1000).optional() }),
    { reads: [] },
    async ({ store }, { after, own }) => {
      const { position, operation, tables } = await changesSince(store.db, after, own ?? [], await store.backend.latestChange())
      return { position, operation, tables, refresh: readsToRefresh(tables) }
    },
  ),
}
