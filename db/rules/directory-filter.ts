import { ACTOR_KIND, type ActorKind } from './actor-values'
import type { DirectoryField } from './actor-columns'

// What the directory grid shows, as the server computes it: the pick-lists above the grid, its text
// filter, the columns' own filters (AG Grid's filter model for text and date filters) and its sort.
// The grid asks for windows of these rows; « select all » and the export take the same query, so
// that they act on exactly the rows the grid shows. Pure code: the renderer imports it too.

export type ActorType = 'tous' | ActorKind

/** The pick-lists: a profile is picked for organisations or for people (« organisation:entreprise »). */
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

/** A saved view's pick-lists, as stored (older views have none). */
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

export const TEXT_FILTER_TYPES = ['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith', 'blank', 'notBlank'] as const
export const DATE_FILTER_TYPES = ['equals', 'notEqual', 'lessThan', 'greaterThan', 'inRange', 'blank', 'notBlank'] as const

/** One condition of a column's text filter (AG Grid's model): compared without case or accents. */
export interface TextCondition {
  filterType: 'text'
  type: (typeof TEXT_FILTER_TYPES)[number]
  filter?: string | null
}

/** One condition of a column's date filter (AG Grid's model: 'YYYY-MM-DD hh:mm:ss'; the day counts). */
export interface DateCondition {
  filterType: 'date'
  type: (typeof DATE_FILTER_TYPES)[number]
  dateFrom?: string | null
  dateTo?: string | null
}

export type FilterCondition = TextCondition | DateCondition

/** Two conditions joined (AG Grid's combined model). */
export interface CombinedFilter {
  filterType: 'text' | 'date'
  operator: 'AND' | 'OR'
  conditions: FilterCondition[]
}

export type ColumnFilter = FilterCondition | CombinedFilter

export interface DirectoryFilter {
  picks?: PickFilters
  /** The text filter above the grid: each word is found in one of `quickFields` (without case or accents). */
  quick?: string
  /** The columns the text filter looks in: those shown. */
  quickFields?: DirectoryField[]
  /** The columns' own filters, by column. */
  columns?: Partial<Record<DirectoryField, ColumnFilter>>
}

/** The grid's sort, most significant first; rows that tie stay in table order (organisations, then people). */
export interface DirectorySort {
  field: DirectoryField
  descending?: boolean
}

/** The words of the text filter (AG Grid's quick filter: every word must be found). */
export function quickWords(quick: string | undefined): string[] {
  return (quick ?? '').split(/\s+/).filter(Boolean)
}
