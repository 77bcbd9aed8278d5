import type { ActorKind } from './actor-values'

// The directory's columns: one list for the grid, its column chooser, its saved views and its export.

export type DirectoryColumnType = 'text' | 'date' | 'integer'

export interface DirectoryColumn {
  id: DirectoryField
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

/** Every field of a record that the grid can show, in the column chooser's order. */
export const DIRECTORY_COLUMNS: DirectoryColumn[] = [
  { id: 'name', header: 'Nom', type: 'text', visible: true, width: 280, minWidth: 140 },
  { id: 'kind', header: 'Type', type: 'text', visible: true, width: 115, minWidth: 108 },
  { id: 'profileCode', header: 'Profil', type: 'text', visible: true, width: 160, minWidth: 110 },
  { id: 'townCode', header: 'Commune', type: 'text', visible: true, width: 180, minWidth: 120 },
  { id: 'status', header: 'Statut', type: 'text', visible: true, width: 115, minWidth: 95 },
  { id: 'joinedOn', header: 'Adhésion', type: 'date', visible: false, width: 110, minWidth: 100 },
  { id: 'email', header: 'Courriel', type: 'text', visible: true, width: 240, minWidth: 130 },
  { id: 'phone', header: 'Téléphone', type: 'text', visible: false, width: 130, minWidth: 120 },
  { id: 'jobTitle', header: 'Fonction', type: 'text', visible: false, width: 180, minWidth: 110, only: 'person' },
  { id: 'organisations', header: 'Organisations', type: 'text', visible: false, width: 220, minWidth: 130, only: 'person' },
  { id: 'address', header: 'Adresse', type: 'text', visible: false, width: 220, minWidth: 130, only: 'organisation' },
  { id: 'postalCode', header: 'Code postal', type: 'text', visible: false, width: 110, minWidth: 100, only: 'organisation' },
  { id: 'website', header: 'Site internet', type: 'text', visible: false, width: 200, minWidth: 120, only: 'organisation' },
  { id: 'siret', header: 'SIRET', type: 'text', visible: false, width: 160, minWidth: 150, only: 'organisation' },
  { id: 'siren', header: 'SIREN', type: 'text', visible: false, width: 120, minWidth: 110, only: 'organisation' },
  { id: 'rna', header: 'RNA', type: 'text', visible: false, width: 120, minWidth: 110, only: 'organisation' },
  { id: 'uai', header: 'UAI', type: 'text', visible: false, width: 100, minWidth: 90, only: 'organisation' },
  { id: 'nafCode', header: 'Code NAF', type: 'text', visible: false, width: 100, minWidth: 90, only: 'organisation' },
  { id: 'workforceBand', header: "Tranche d'effectif", type: 'text', visible: false, width: 150, minWidth: 130, only: 'organisation' },
  { id: 'tags', header: 'Étiquettes', type: 'text', visible: true, width: 180, minWidth: 128 },
  { id: 'networks', header: 'Réseaux et clubs', type: 'text', visible: false, width: 200, minWidth: 130 },
  { id: 'fields', header: "Domaines d'action", type: 'text', visible: false, width: 220, minWidth: 130 },
  { id: 'offers', header: "Offres d'engagement", type: 'text', visible: false, width: 240, minWidth: 140 },
  { id: 'lastInteractionOn', header: 'Dernier échange', type: 'date', visible: true, width: 170, minWidth: 110 },
  { id: 'nextStepDueOn', header: 'Prochaine relance', type: 'date', visible: false, width: 140, minWidth: 130 },
  { id: 'notes', header: 'Notes', type: 'text', visible: false, width: 260, minWidth: 140 },
  { id: 'source', header: 'Origine', type: 'text', visible: false, width: 130, minWidth: 100 },
  { id: 'closedOn', header: 'Fermeture (SIRENE)', type: 'date', visible: false, width: 150, minWidth: 140, only: 'organisation' },
  { id: 'sireneUpdatedOn', header: 'Mise à jour SIRENE', type: 'date', visible: false, width: 160, minWidth: 150, only: 'organisation' },
  { id: 'anonymisedAt', header: 'Anonymisée le', type: 'date', visible: false, width: 140, minWidth: 130, only: 'person' },
  { id: 'createdAt', header: 'Créé le', type: 'date', visible: false, width: 110, minWidth: 100 },
  { id: 'updatedAt', header: 'Modifié le', type: 'date', visible: false, width: 110, minWidth: 100 },
]
