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
}

export type Organisation = Selectable<OrganisationsTable>
export type NewOrganisation = Insertable<OrganisationsTable>
export type OrganisationUpdate = Updateable<OrganisationsTable>
export type Person = Selectable<PeopleTable>
export type NewPerson = Insertable<PeopleTable>
export type Town = Selectable<TownsTable>
