import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'

// The current shape of the database, as the migrations leave it.
// Column names are snake_case in SQL and camelCase here (Kysely's CamelCasePlugin maps them).
// Dates are ISO strings: 'YYYY-MM-DD' for days, full ISO 8601 for instants.

export interface SettingsTable {
  key: string
  value: string
}

export interface SchemaMigrationsTable {
  name: string
  appliedAt: string
}

export interface TerritoryTable {
  id: number
  code: string
  name: string
  kind: string
  source: string
}

export interface TownsTable {
  inseeCode: string
  name: string
  siren: string | null
  population: number
  populationTotal: number | null
  sortOrder: number
}

export interface TownPostalCodesTable {
  inseeCode: string
  postalCode: string
}

export interface ReferenceTable {
  code: string
  label: string
  sortOrder: number
}

export interface ActorProfilesTable extends ReferenceTable {
  /** 'organisation' | 'person': the kind of actor this profile usually describes. */
  usualKind: string
}

export interface ProgrammeStepTemplatesTable {
  programmeCode: string
  stepOrder: number
  title: string
  description: string
}

export interface ImpactDimensionsTable extends ReferenceTable {
  description: string
}

export type ActorStatus = 'prospect' | 'vitawiner' | 'ancien'

export interface OrganisationsTable {
  id: Generated<number>
  name: string
  profileCode: string
  townCode: string | null
  /** Town name when the organisation lies outside the territory. */
  outsideTown: string | null
  siret: string | null
  siren: string | null
  rna: string | null
  uai: string | null
  email: string | null
  phone: string | null
  website: string | null
  address: string | null
  postalCode: string | null
  nafCode: string | null
  workforceBand: string | null
  status: ColumnType<ActorStatus, ActorStatus | undefined, ActorStatus>
  joinedOn: string | null
  notes: string | null
  source: ColumnType<string, string | undefined, string>
  sireneState: ColumnType<string | null, string | null | undefined, string | null>
  sireneUpdatedOn: ColumnType<string | null, string | null | undefined, string | null>
  closedOn: ColumnType<string | null, string | null | undefined, string | null>
  createdAt: ColumnType<string, string | undefined, never>
  updatedAt: ColumnType<string, string | undefined, string>
}

export interface PeopleTable {
  id: Generated<number>
  firstName: string
  lastName: string
  profileCode: string
  townCode: string | null
  outsideTown: string | null
  email: string | null
  phone: string | null
  status: ColumnType<ActorStatus, ActorStatus | undefined, ActorStatus>
  joinedOn: string | null
  notes: string | null
  jobTitle: ColumnType<string | null, string | null | undefined, string | null>
  createdAt: ColumnType<string, string | undefined, never>
  updatedAt: ColumnType<string, string | undefined, string>
}

export interface AffiliationsTable {
  id: Generated<number>
  personId: number
  organisationId: number
  role: string | null
  startedOn: string | null
  endedOn: string | null
}

/** Columns of every table that links to one actor (exactly one of the two is set). */
interface ActorLink {
  id: Generated<number>
  organisationId: number | null
  personId: number | null
}

export interface NamedTable {
  id: Generated<number>
  name: string
}

export interface ActorTagsTable extends ActorLink {
  tagId: number
}

export interface ActorNetworksTable extends ActorLink {
  networkId: number
}

export interface ActorActionFieldsTable extends ActorLink {
  fieldCode: string
}

export interface EngagementOffersTable extends ActorLink {
  offerTypeCode: string
  capacity: number | null
  /** Comma-separated school level codes. */
  schoolLevels: string | null
  availability: string | null
  notes: string | null
  active: ColumnType<number, number | undefined, number>
  createdAt: ColumnType<string, string | undefined, never>
  updatedAt: ColumnType<string, string | undefined, string>
}

export type RequestKind = 'intervenants' | 'stage' | 'visite' | 'alternance' | 'autre'
export type RequestStatus = 'ouverte' | 'en_cours' | 'satisfaite' | 'abandonnee'

export interface ActorRequestsTable extends ActorLink {
  kind: RequestKind
  title: string
  description: string | null
  schoolLevel: string | null
  quantity: number | null
  wantedOn: string | null
  status: ColumnType<RequestStatus, RequestStatus | undefined, RequestStatus>
  createdAt: ColumnType<string, string | undefined, never>
  updatedAt: ColumnType<string, string | undefined, string>
}

export type InteractionKind = 'rencontre' | 'appel' | 'email' | 'evenement' | 'visite'

export interface InteractionsTable extends ActorLink {
  contactPersonId: number | null
  kind: InteractionKind
  occurredOn: string
  animator: string
  summary: string
  nextStep: string | null
  nextStepDueOn: string | null
  nextStepDoneOn: string | null
  createdAt: ColumnType<string, string | undefined, never>
  updatedAt: ColumnType<string, string | undefined, string>
}

export interface SavedViewsTable {
  id: Generated<number>
  scope: string
  name: string
  state: string
  createdAt: ColumnType<string, string | undefined, never>
  updatedAt: ColumnType<string, string | undefined, string>
}

export interface ImportMappingsTable {
  id: Generated<number>
  name: string
  target: 'organisations' | 'people'
  mapping: string
  createdAt: ColumnType<string, string | undefined, never>
  updatedAt: ColumnType<string, string | undefined, string>
}

export interface DuplicateDismissalsTable {
  id: Generated<number>
  kind: 'organisation' | 'person'
  firstId: number
  secondId: number
  dismissedAt: ColumnType<string, string | undefined, never>
}

export interface Database {
  settings: SettingsTable
  schemaMigrations: SchemaMigrationsTable
  territory: TerritoryTable
  towns: TownsTable
  townPostalCodes: TownPostalCodesTable
  actorProfiles: ActorProfilesTable
  actionFields: ReferenceTable
  offerTypes: ReferenceTable
  programmeStepTemplates: ProgrammeStepTemplatesTable
  impactDimensions: ImpactDimensionsTable
  organisations: OrganisationsTable
  people: PeopleTable
  affiliations: AffiliationsTable
  schoolLevels: ReferenceTable
  tags: NamedTable
  actorTags: ActorTagsTable
  networks: NamedTable
  actorNetworks: ActorNetworksTable
  actorActionFields: ActorActionFieldsTable
  engagementOffers: EngagementOffersTable
  actorRequests: ActorRequestsTable
  interactions: InteractionsTable
  savedViews: SavedViewsTable
  importMappings: ImportMappingsTable
  duplicateDismissals: DuplicateDismissalsTable
}

export type Organisation = Selectable<OrganisationsTable>
export type NewOrganisation = Insertable<OrganisationsTable>
export type OrganisationUpdate = Updateable<OrganisationsTable>
export type Person = Selectable<PeopleTable>
export type NewPerson = Insertable<PeopleTable>
export type Town = Selectable<TownsTable>
