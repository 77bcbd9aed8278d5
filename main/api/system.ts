import { filledRecordTables } from '../../db/record-tables'
import { z } from 'zod'
import { AppError } from '../../db/errors'
import { getSetting, setSetting } from '../../db/settings'
import { handler, mutation, noInput } from './define'
import { needHost } from './host-services'
import { DATABASE_KIND } from '../../db/rules/safety-values'

const layoutScope = z.string().regex(/^[a-z][a-z.]{0,39}$/)

export const systemHandlers = {
  // Asked by every screen: no row counts here (they cost a full scan at territory scale).
  'system.info': handler(noInput, { reads: [] }, async ({ store, appVersion }) => ({ appVersion, ...(await store.backend.info({ counts: false })) })),
  // The animator belongs to the machine (main/machine-config.ts); the database's old setting is the fallback.
  'settings.get': handler(noInput, { reads: ['settings'] }, async ({ store, host }) => {
    const machine = host?.machine().animator ?? null
    const stored = store ? await getSetting<string | null>(store.db, 'animator', null) : null
    return { animator: machine ?? stored, animatorConfirmed: machine !== null }
  }),
  'settings.setAnimator': mutation(z.object({ animator: z.string().trim().min(1, 'Indiquez un nom').max(120) }), { label: 'Choix de l’animateur' }, async ({ store, host }, { animator }) => {
    if (host) host.updateMachine({ animator })
    else await setSetting(store.db, 'animator', animator)
  }),

  // A grid's layout belongs to the machine, like the animator (main/machine-config.ts): none outside a host.
  'layouts.get': handler(z.object({ scope: layoutScope }), { reads: [] }, ({ host }, { scope }) => host?.machine().gridLayouts?.[scope] ?? null),
  'layouts.save': mutation(z.object({ scope: layoutScope, state: z.unknown() }), { label: 'Disposition des colonnes retenue sur ce poste' }, ({ host }, { scope, state }) => {
    if (JSON.stringify(state ?? null).length > 200_000) throw new AppError('invalid_input', 'Cette disposition de colonnes est trop volumineuse pour être retenue.')
    if (host) host.updateMachine({ gridLayouts: { ...host.machine().gridLayouts, [scope]: state } })
  }),

  // Which database is open (the team's, or the demo beside it), and the switch between them.
  'database.get': handler(noInput, { reads: ['organisations', 'people', 'interactions', 'workingGroups', 'copilMembers', 'copilSessions', 'copilDecisions', 'editions', 'pupils', 'placements', 'mentoringPairs', 'indicatorValues', 'indicatorTargets', 'impactNarratives'] }, async ({ store, host }) => {
    /** The record tables that hold rows (RECORD_TABLES): what the team has started, for the dashboard's next steps. */
    const filled = store ? await filledRecordTables(store.db) : null
    /** No record of the team yet: the app welcomes instead of showing a dashboard of zeros. */
    const services = needHost(host)
    /** Why the database could not be opened (the page says so and offers the way out), or null. */
    return { ...services.database(), filled: filled ?? [], isNew: filled !== null && filled.length === 0, openError: services.openError() }
  }),
  'database.open': mutation(z.object({ kind: z.enum(DATABASE_KIND.codes) }), { label: 'Changement de base (vos données ou la démonstration)' }, ({ host, progress }, { kind }) => needHost(host).openDatabase(kind, progress)),
  'database.deleteDemo': mutation(noInput, { label: 'Suppression de la démonstration' }, ({ host }) => needHost(host).deleteDemo()),
}
