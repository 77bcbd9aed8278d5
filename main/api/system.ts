import { filledRecordTables, getDatabaseInfo } from '../../db/sqlite/maintenance'
import { z } from 'zod'
import { getSetting, setSetting } from '../../db/settings'
import { handler, mutation, noInput } from './define'
import { needHost } from './host-services'
import { DATABASE_KIND } from '../../db/rules/safety-values'

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

  // Which database is open (the team's, or the demo beside it), and the switch between them.
  'database.get': handler(noInput, ({ store, host }) => {
    /** The record tables that hold rows (RECORD_TABLES): what the team has started, for the dashboard's next steps. */
    const filled = store ? filledRecordTables(store.sqlite) : null
    /** No record of the team yet: the app welcomes instead of showing a dashboard of zeros. */
    return { ...needHost(host).database(), filled: filled ?? [], isNew: filled !== null && filled.length === 0 }
  }),
  'database.open': mutation(z.object({ kind: z.enum(DATABASE_KIND.codes) }), { label: 'Changement de base (vos données ou la démonstration)' }, ({ host, progress }, { kind }) => needHost(host).openDatabase(kind, progress)),
  'database.deleteDemo': mutation(noInput, { label: 'Suppression de la démonstration' }, ({ host }) => needHost(host).deleteDemo()),
}
