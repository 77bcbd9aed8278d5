import { ACTOR_KIND, type ActorKind } from '../../../../../db/rules/actor-values'
import type { ReadField, Row } from './columns'

// The directory's pick-list filters (type, profile, town, status): their state, as saved in views,
// and the test a row must pass. A profile is picked for organisations or for people:
// « organisation:entreprise » gives the companies, « person:entreprise » the people of that world.

export type ActorType = 'tous' | ActorKind

export interface PickFilters {
  type: ActorType
  /** 'organisation:entreprise', 'person:entreprise'… */
  profiles: string[]
  /** INSEE codes, OUTSIDE or NO_TOWN. */
  towns: string[]
  statuses: string[]
}

export const NO_PICKS: PickFilters = { type: 'tous', profiles: [], towns: [], statuses: [] }
export const OUTSIDE = 'hors'
export const NO_TOWN = 'aucune'

export function hasPicks(picks: PickFilters): boolean {
  return picks.type !== 'tous' || picks.profiles.length > 0 || picks.towns.length > 0 || picks.statuses.length > 0
}

/** A saved view's filters, as stored (older views have none). */
export function picksOf(value: unknown): PickFilters {
  const stored = (value ?? {}) as Partial<PickFilters>
  const list = (items: unknown) => (Array.isArray(items) ? items.filter((item): item is string => typeof item === 'string') : [])
  return {
    type: ACTOR_KIND.has(stored.type) ? stored.type : 'tous',
    profiles: list(stored.profiles),
    towns: list(stored.towns),
    statuses: list(stored.statuses),
  }
}

/** The test a row must pass, built once per change of the filters. */
export function pickTest(picks: PickFilters, read: ReadField): (row: Row | undefined) => boolean {
  const profiles = new Set(picks.profiles)
  const towns = new Set(picks.towns)
  const statuses = new Set(picks.statuses)
  return (row) => {
    const kind = String(read(row, 'kind'))
    if (picks.type !== 'tous' && kind !== picks.type) return false
    if (profiles.size > 0 && !profiles.has(`${kind}:${read(row, 'profileCode')}`)) return false
    if (statuses.size > 0 && !statuses.has(String(read(row, 'status')))) return false
    if (towns.size > 0) {
      const code = read(row, 'townCode')
      const town = code ? String(code) : read(row, 'outsideTown') ? OUTSIDE : NO_TOWN
      if (!towns.has(town)) return false
    }
    return true
  }
}
