import { getDatabaseInfo } from '../../db/sqlite/maintenance'
import { z } from 'zod'
import { getSetting, setSetting } from '../../db/settings'
import { handler, mutation, noInput } from './define'

export const systemHandlers = {
  // Asked by every screen: no row counts here (they cost a full scan at territory scale).
  'system.info': handler(noInput, ({ store, appVersion }) => ({ appVersion, ...getDatabaseInfo(store, { counts: false }) })),
  'settings.get': handler(noInput, async ({ store }) => ({ animator: await getSetting<string | null>(store.db, 'animator', null) })),
  'settings.setAnimator': mutation(z.object({ animator: z.string().trim().min(1, 'Indiquez un nom').max(120) }), ({ store }, { animator }) =>
    setSetting(store.db, 'animator', animator),
  ),
}
