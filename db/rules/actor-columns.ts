import type { ActorKind } from './actor-values'
import { recordFieldLabel } from './field-labels'

// The directory's columns: one list for the grid, its column chooser, its saved views and its export.

export type DirectoryColumnType = 'text' | 'date' | 'integer'

export interface DirectoryColumn {
  id: DirectoryField
  /** The field's French label (db/rules/field-labels.ts). */
  header: string
  type: DirectoryColumnType
  /** Shown when no saved view says otherwise. */
  visible: boolean
  /** The width its usual contents want (px): the grid shares its width in these proportions, the export's columns follow it. */
  width: number
  /** The narrowest it may get in the grid before the grid scrolls sideways (its header wraps to fit). */
  minWidth: number
  /** Organisations only, or people only (the column chooser says so). */
  only?: ActorKind
}

export const DIRECTORY_FIELDS = [
  'key',
  'kind',
  'name',
  'profileCode',
  'townCode',
  'outsideTown',
  'status',
  'joinedOn',
  'email',
  'phone',
  'organisations',
  'tags',
  'networks',
  'fields',
  'offers',
  'lastInteractionOn',
  'nextStepDueOn',
  'postalCode',
  'nafCode',
  'workforceBand',
  'source',
  'closedOn',
  'createdAt',
  'updatedAt',
  'siret',
  'siren',
  'rna',
  'uai',
  'website',
  'address',
  'jobTitle',
  'notes',
  'sireneUpdatedOn',
  'anonymisedAt',
] as const

export type DirectoryField = (typeof DIRECTORY_FIELDS)[number]

/** Every field of a record that the grid can show, in the column chooser's order; headers are the fields' labels. */
export const DIRECTORY_COLUMNS: DirectoryColumn[] = ([
  { id: 'name', type: 'text', visible: true, width: 280, minWidth: 140 },
  { id: 'kind', type: 'text', visible: true, width: 115, minWidth: 108 },
  { id: 'profileCode', type: 'text', visible: true, width: 160, minWidth: 110 },
  { id: 'townCode', type: 'text', visible: true, width: 180, minWidth: 120 },
  { id: 'status', type: 'text', visible: true, width: 115, minWidth: 95 },
  { id: 'joinedOn', type: 'date', visible: false, width: 130, minWidth: 115 },
  { id: 'email', type: 'text', visible: true, width: 240, minWidth: 130 },
  { id: 'phone', type: 'text', visible: false, width: 130, minWidth: 120 },
  { id: 'jobTitle', type: 'text', visible: false, width: 180, minWidth: 110, only: 'person' },
  { id: 'organisations', type: 'text', visible: false, width: 220, minWidth: 130, only: 'person' },
  { id: 'address', type: 'text', visible: false, width: 220, minWidth: 130, only: 'organisation' },
  { id: 'postalCode', type: 'text', visible: false, width: 110, minWidth: 100, only: 'organisation' },
  { id: 'website', type: 'text', visible: false, width: 200, minWidth: 120, only: 'organisation' },
  { id: 'siret', type: 'text', visible: false, width: 160, minWidth: 150, only: 'organisation' },
  { id: 'siren', type: 'text', visible: false, width: 120, minWidth: 110, only: 'organisation' },
  { id: 'rna', type: 'text', visible: false, width: 120, minWidth: 110, only: 'organisation' },
  { id: 'uai', type: 'text', visible: false, width: 100, minWidth: 90, only: 'organisation' },
  { id: 'nafCode', type: 'text', visible: false, width: 100, minWidth: 90, only: 'organisation' },
  { id: 'workforceBand', type: 'text', visible: false, width: 150, minWidth: 130, only: 'organisation' },
  { id: 'tags', type: 'text', visible: true, width: 180, minWidth: 128 },
  { id: 'networks', type: 'text', visible: false, width: 200, minWidth: 130 },
  { id: 'fields', type: 'text', visible: false, width: 220, minWidth: 130 },
  { id: 'offers', type: 'text', visible: false, width: 240, minWidth: 140 },
  { id: 'lastInteractionOn', type: 'date', visible: true, width: 170, minWidth: 110 },
  { id: 'nextStepDueOn', type: 'date', visible: false, width: 140, minWidth: 130 },
  { id: 'notes', type: 'text', visible: false, width: 260, minWidth: 140 },
  { id: 'source', type: 'text', visible: false, width: 130, minWidth: 100 },
  { id: 'closedOn', type: 'date', visible: false, width: 150, minWidth: 140, only: 'organisation' },
  { id: 'sireneUpdatedOn', type: 'date', visible: false, width: 160, minWidth: 150, only: 'organisation' },
  { id: 'anonymisedAt', type: 'date', visible: false, width: 140, minWidth: 130, only: 'person' },
  { id: 'createdAt', type: 'date', visible: false, width: 110, minWidth: 100 },
  { id: 'updatedAt', type: 'date', visible: false, width: 110, minWidth: 100 },
] satisfies Omit<DirectoryColumn, 'header'>[]).map((column) => ({ ...column, header: recordFieldLabel(column.id) }))
