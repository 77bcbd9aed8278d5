// The directory's columns: one list for the grid, its saved views and its export.

export type DirectoryColumnType = 'text' | 'date' | 'integer'

export interface DirectoryColumn {
  id: DirectoryField
  header: string
  type: DirectoryColumnType
  /** Shown when no saved view says otherwise. */
  visible: boolean
  width?: number
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
  'identifier',
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
] as const

export type DirectoryField = (typeof DIRECTORY_FIELDS)[number]

export const DIRECTORY_COLUMNS: DirectoryColumn[] = [
  { id: 'name', header: 'Nom', type: 'text', visible: true, width: 280 },
  { id: 'kind', header: 'Type', type: 'text', visible: true, width: 120 },
  { id: 'profileCode', header: 'Profil', type: 'text', visible: true, width: 170 },
  { id: 'townCode', header: 'Commune', type: 'text', visible: true, width: 190 },
  { id: 'status', header: 'Statut', type: 'text', visible: true, width: 120 },
  { id: 'joinedOn', header: 'Adhésion', type: 'date', visible: true, width: 120 },
  { id: 'email', header: 'Courriel', type: 'text', visible: true, width: 220 },
  { id: 'phone', header: 'Téléphone', type: 'text', visible: false, width: 150 },
  { id: 'identifier', header: 'SIRET / RNA / UAI', type: 'text', visible: false, width: 170 },
  { id: 'organisations', header: 'Organisations', type: 'text', visible: false, width: 220 },
  { id: 'tags', header: 'Étiquettes', type: 'text', visible: true, width: 180 },
  { id: 'networks', header: 'Réseaux et clubs', type: 'text', visible: false, width: 200 },
  { id: 'fields', header: "Domaines d'action", type: 'text', visible: false, width: 220 },
  { id: 'offers', header: "Offres d'engagement", type: 'text', visible: false, width: 240 },
  { id: 'lastInteractionOn', header: 'Dernier échange', type: 'date', visible: true, width: 140 },
  { id: 'nextStepDueOn', header: 'Prochaine relance', type: 'date', visible: false, width: 150 },
  { id: 'postalCode', header: 'Code postal', type: 'text', visible: false, width: 110 },
  { id: 'nafCode', header: 'Code NAF', type: 'text', visible: false, width: 110 },
  { id: 'workforceBand', header: "Tranche d'effectif", type: 'text', visible: false, width: 140 },
  { id: 'source', header: 'Origine', type: 'text', visible: false, width: 110 },
  { id: 'closedOn', header: 'Fermeture (SIRENE)', type: 'date', visible: false, width: 150 },
  { id: 'createdAt', header: 'Créé le', type: 'date', visible: false, width: 120 },
  { id: 'updatedAt', header: 'Modifié le', type: 'date', visible: false, width: 120 },
]
