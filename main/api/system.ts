import { getDatabaseInfo } from '../../db/sqlite/maintenance'
import { z } from 'zod'
import { getSetting, setSetting } from '../../db/settings'
import { handler, mutation, noInput } from './define'

export const systemHandlers = {
  // Asked by every screen: no row counts here (they cost a full scan at territory scale).
  'system.info': handler(noInput, ({ store, appVersion }) => ({ appVersion, ...getDatabaseInfo(store, { counts: false }) })),
  // The animator belongs to the machine (main/machine-config.ts); the database's old setting is the fallback.
  'settings.get': handler(noInput, async ({ store, host }) => {
    const machine = host?.machine().animator ?? null
    const stored = store ? await getSetting<string | null>(store.db, 'animator', null) : null
    return { animator: machine ?? stored, animatorConfirmed: machine !== null }
  }),
  'settings.setAnimator': mutation(z.object({ animator: z.string().trim().min(1, 'Indiquez un nom').max(120) }), { label: 'Choix de l’animateur' }, async ({ store, host }, { animator }) => {
    if (host) host.updateMachine({ animator })
    else await setSetting(store.db, 'animator', animator)
  }),
}
