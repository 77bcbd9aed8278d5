import { latestOperation } from '../../db/audit/changes'
import { handler, noInput } from './define'

export const changeHandlers = {
  /** The change feed (db/audit/changes.ts): the screens ask every few seconds and refresh when it moved. */
  'changes.latest': handler(noInput, async ({ store }) => ({ operation: await latestOperation(store.db) })),
}
