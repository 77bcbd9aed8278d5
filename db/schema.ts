import type { ColumnType, Generated, Kysely } from 'kysely'
import type { ActorKind, ActorSource, ActorStatus, InteractionKind, RequestKind, RequestStatus } from './rules/actor-values'
import type { CopilSessionStatus, DecisionKind, DecisionStatus } from './rules/copil-values'
import type { ActionStatus, AttendanceStatus, GroupStatus } from './rules/group-values'
import type { IndicatorPeriodKind, IndicatorSource } from './rules/indicator-values'
import type {
  CandidateResponse,
  EditionPartnerRole,
  EditionStatus,
  MentoringPairStatus,
  ParticipantRole,
  PlacementKind,
  PlacementStatus,
  ProgrammePartnerRole,
  ProgrammeSessionStatus,
  SequenceStatus,
} from './rules/programme-values'
import type { ImportTarget } from './rules/import-fields'
import type { AuditAction } from './rules/safety-values'

// The current shape of the database, as the migrations leave it.
// Column names are snake_case in SQL and camelCase here (Kysely's CamelCasePlugin maps them).
// Dates are ISO strings: 'YYYY-MM-DD' for days, full ISO 8601 for instants.
// Closed lists of values (statuses, kinds, roles) are typed from their declaration in db/rules/.

/** A record a form edits (0013-record-versions): a save names the version it was loaded at (db/versions.ts). */
export interface Versioned {
  /** Moved on by every change of the record; set by the database. */
  version: Generated<number>
}

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
  /** The kind of actor this profile usually describes. */
  usualKind: ActorKind
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

export interface OrganisationsTable extends Versioned {
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
  source: ColumnType<ActorSource, ActorSource | undefined, ActorSource>
  sireneState: ColumnType<string | null, string | null | undefined, string | null>
  sireneUpdatedOn: ColumnType<string | null, string | null | undefined, string | null>
  closedOn: ColumnType<string | null, string | null | undefined, string | null>
  createdAt: ColumnType<string, string | undefined, never>
  updatedAt: ColumnType<string, string | undefined, string>
}

export interface PeopleTable extends Versioned {
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
  /** When the contact was erased or purged (0007-audit-privacy): the row stays, the name goes. */
  anonymisedAt: ColumnType<string | null, string | null | undefined, string | null>
  createdAt: ColumnType<string, string | undefined, never>
  updatedAt: ColumnType<string, string | undefined, string>
}

export interface AffiliationsTable extends Versioned {
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

export interface EngagementOffersTable extends ActorLink, Versioned {
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

export interface ActorRequestsTable extends ActorLink, Versioned {
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

export interface InteractionsTable extends ActorLink, Versioned {
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
  target: ImportTarget
  mapping: string
  createdAt: ColumnType<string, string | undefined, never>
  updatedAt: ColumnType<string, string | undefined, string>
}

export interface DuplicateDismissalsTable {
  id: Generated<number>
  kind: ActorKind
  firstId: number
  secondId: number
  dismissedAt: ColumnType<string, string | undefined, never>
}

export interface WorkingGroupsTable extends Versioned {
  id: Generated<number>
  name: string
  theme: string | null
  description: string | null
  startedOn: string | null
  endedOn: string | null
  status: ColumnType<GroupStatus, GroupStatus | undefined, GroupStatus>
  pilotAssociationId: number | null
  pilotCompanyId: number | null
  facilitatorPersonId: number | null
  facilitatorName: string | null
  createdAt: ColumnType<string, string | undefined, never>
  updatedAt: ColumnType<string, string | undefined, string>
}

export interface GroupMembersTable extends ActorLink, Versioned {
  groupId: number
  role: string | null
  joinedOn: string | null
  leftOn: string | null
}

export interface GroupMeetingsTable extends Versioned {
  id: Generated<number>
  groupId: number
  heldOn: string
  place: string | null
  agenda: string | null
  minutes: string | null
  createdAt: ColumnType<string, string | undefined, never>
  updatedAt: ColumnType<string, string | undefined, string>
}

interface AttendanceColumns extends ActorLink {
  guestName: string | null
  isGuest: ColumnType<number, number | undefined, number>
  status: AttendanceStatus
}

export interface MeetingAttendanceTable extends AttendanceColumns {
  meetingId: number
}

export interface CopilAttendanceTable extends AttendanceColumns {
  sessionId: number
}

export interface MeetingAttachmentsTable {
  id: Generated<number>
  meetingId: number | null
  sessionId: number | null
  label: string
  path: string
}

export interface CopilMembersTable extends Versioned {
  id: Generated<number>
  organisationId: number
  representativePersonId: number | null
  representativeName: string | null
  startedOn: string | null
  endedOn: string | null
}

export interface CopilSessionsTable extends Versioned {
  id: Generated<number>
  reference: string
  heldOn: string
  place: string | null
  status: ColumnType<CopilSessionStatus, CopilSessionStatus | undefined, CopilSessionStatus>
  minutes: string | null
  createdAt: ColumnType<string, string | undefined, never>
  updatedAt: ColumnType<string, string | undefined, string>
}

export interface CopilAgendaItemsTable {
  id: Generated<number>
  sessionId: number
  position: number
  title: string
  notes: string | null
}

export interface CopilDocumentsTable {
  id: Generated<number>
  sessionId: number
  label: string
  path: string
}

export interface CopilDecisionsTable extends ActorLink, Versioned {
  reference: string
  sessionId: number
  text: string
  kind: DecisionKind
  ownerLabel: string | null
  dueOn: string | null
  status: ColumnType<DecisionStatus, DecisionStatus | undefined, DecisionStatus>
  createdAt: ColumnType<string, string | undefined, never>
  updatedAt: ColumnType<string, string | undefined, string>
}

export interface DecisionFollowupsTable {
  id: Generated<number>
  decisionId: number
  sessionId: number | null
  recordedOn: string
  status: DecisionStatus
  note: string
  createdAt: ColumnType<string, string | undefined, never>
}

export interface ProposedActionsTable extends ActorLink, Versioned {
  groupId: number
  title: string
  description: string | null
  carriedByLabel: string | null
  status: ColumnType<ActionStatus, ActionStatus | undefined, ActionStatus>
  proposedOn: string | null
  decisionId: number | null
  outcome: string | null
  /** What the action became (0005-programmes). */
  editionId: ColumnType<number | null, number | null | undefined, number | null>
  createdAt: ColumnType<string, string | undefined, never>
  updatedAt: ColumnType<string, string | undefined, string>
}

export interface ProgrammesTable {
  id: Generated<number>
  code: string
  name: string
  description: string | null
  active: ColumnType<number, number | undefined, number>
  createdAt: ColumnType<string, string | undefined, never>
}

export interface ProgrammePartnersTable extends ActorLink, Versioned {
  programmeId: number
  role: ColumnType<ProgrammePartnerRole, ProgrammePartnerRole | undefined, ProgrammePartnerRole>
}

export interface EditionsTable extends Versioned {
  id: Generated<number>
  programmeId: number
  schoolYear: string
  title: string
  status: ColumnType<EditionStatus, EditionStatus | undefined, EditionStatus>
  notes: string | null
  copiedFromId: number | null
  createdAt: ColumnType<string, string | undefined, never>
  updatedAt: ColumnType<string, string | undefined, string>
}

export interface EditionPartnersTable extends ActorLink, Versioned {
  editionId: number
  role: ColumnType<EditionPartnerRole, EditionPartnerRole | undefined, EditionPartnerRole>
}

export interface SequencesTable extends Versioned {
  id: Generated<number>
  editionId: number
  stepOrder: number
  title: string
  description: string | null
  status: ColumnType<SequenceStatus, SequenceStatus | undefined, SequenceStatus>
}

export interface SequenceSessionsTable extends Versioned {
  id: Generated<number>
  sequenceId: number
  heldOn: string
  place: string | null
  townCode: string | null
  status: ColumnType<ProgrammeSessionStatus, ProgrammeSessionStatus | undefined, ProgrammeSessionStatus>
  pupilsCount: number | null
  teachersCount: number | null
  interventionHours: number | null
  /** 0 to 5. */
  satisfaction: number | null
  feedback: string | null
  createdAt: ColumnType<string, string | undefined, never>
  updatedAt: ColumnType<string, string | undefined, string>
}

export interface SessionClassesTable {
  id: Generated<number>
  sessionId: number
  schoolId: number
  classLabel: string | null
  levelCode: string | null
  pupilsCount: number | null
}

export interface SessionParticipantsTable extends ActorLink {
  sessionId: number
  role: ColumnType<ParticipantRole, ParticipantRole | undefined, ParticipantRole>
}

export interface PupilsTable extends Versioned {
  id: Generated<number>
  firstName: string
  lastName: string
  isMinor: number
  schoolId: number | null
  levelCode: string | null
  schoolYear: string
  consentGivenBy: string | null
  consentGivenOn: string | null
  consentScope: string | null
  consentExpiresOn: string | null
  anonymisedAt: string | null
  createdAt: ColumnType<string, string | undefined, never>
  updatedAt: ColumnType<string, string | undefined, string>
}

export interface PlacementsTable extends Versioned {
  id: Generated<number>
  pupilId: number | null
  schoolId: number | null
  levelCode: string | null
  hostOrganisationId: number
  kind: PlacementKind
  startedOn: string
  endedOn: string | null
  tutorPersonId: number | null
  tutorName: string | null
  editionId: number | null
  requestId: number | null
  status: ColumnType<PlacementStatus, PlacementStatus | undefined, PlacementStatus>
  outcome: string | null
  createdAt: ColumnType<string, string | undefined, never>
  updatedAt: ColumnType<string, string | undefined, string>
}

export interface MentoringPairsTable extends Versioned {
  id: Generated<number>
  editionId: number | null
  mentorPersonId: number
  menteePupilId: number | null
  startedOn: string
  endedOn: string | null
  status: ColumnType<MentoringPairStatus, MentoringPairStatus | undefined, MentoringPairStatus>
  notes: string | null
  createdAt: ColumnType<string, string | undefined, never>
}

export interface MentoringMeetingsTable extends Versioned {
  id: Generated<number>
  pairId: number
  heldOn: string
  notes: string | null
}

export interface RequestCandidatesTable {
  id: Generated<number>
  requestId: number
  offerId: number | null
  organisationId: number | null
  personId: number | null
  interactionId: number | null
  contactedOn: string | null
  response: ColumnType<CandidateResponse, CandidateResponse | undefined, CandidateResponse>
  quantity: number | null
  createdAt: ColumnType<string, string | undefined, never>
}

export interface IndicatorsTable {
  code: string
  name: string
  dimensionCode: string
  unit: string
  periodKind: IndicatorPeriodKind
  source: IndicatorSource
  description: string
  sortOrder: number
  active: ColumnType<number, number | undefined, number>
}

export interface IndicatorValuesTable extends Versioned {
  id: Generated<number>
  indicatorCode: string
  period: string
  value: number
  source: string
  measuredOn: string
  notes: string | null
  createdAt: ColumnType<string, string | undefined, never>
}

export interface IndicatorTargetsTable extends Versioned {
  indicatorCode: string
  period: string
  target: number
}

export interface ImpactNarrativesTable extends Versioned {
  dimensionCode: string
  period: string
  text: string
  updatedAt: ColumnType<string, string | undefined, string>
}

/** One operation that changed data (0007-audit-privacy): an API call, an import, a restore… */
export interface AuditOperationsTable {
  id: Generated<number>
  token: string
  startedAt: string
  animator: string | null
  /** The API call's name ('actors.import.commit'), or 'cli.*', 'restore', 'direct'. */
  kind: string
  /** What it was, in French. */
  label: string
  /** The operation that undid it (an import undone). */
  undoneBy: ColumnType<number | null, number | null | undefined, number | null>
  /** The screen's key for the write (db/audit/replay.ts): sent again with it when its answer was lost. */
  requestKey: ColumnType<string | null, string | null | undefined, string | null>
  /** The write's result as JSON, kept a day for a screen that sends it again. */
  answer: ColumnType<string | null, string | null | undefined, string | null>
}

/** One record created, changed or deleted (written by the audit triggers, db/sqlite/audit.ts). */
export interface AuditLogTable {
  id: Generated<number>
  operationId: number
  at: string
  action: AuditAction
  tableName: string
  rowId: number | null
  rowKey: string | null
  /** JSON: insert {field: new}, delete {field: old}, update {field: [old, new]}. */
  changes: string
}

/** Which actors and pupils an audit row is about: 'organisations:12', 'people:5', 'pupils:3'. */
export interface AuditSubjectsTable {
  subject: string
  auditId: number
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
  workingGroups: WorkingGroupsTable
  groupMembers: GroupMembersTable
  groupMeetings: GroupMeetingsTable
  meetingAttendance: MeetingAttendanceTable
  meetingAttachments: MeetingAttachmentsTable
  copilMembers: CopilMembersTable
  copilSessions: CopilSessionsTable
  copilAgendaItems: CopilAgendaItemsTable
  copilAttendance: CopilAttendanceTable
  copilDocuments: CopilDocumentsTable
  copilDecisions: CopilDecisionsTable
  decisionFollowups: DecisionFollowupsTable
  proposedActions: ProposedActionsTable
  programmes: ProgrammesTable
  programmePartners: ProgrammePartnersTable
  editions: EditionsTable
  editionPartners: EditionPartnersTable
  sequences: SequencesTable
  sequenceSessions: SequenceSessionsTable
  sessionClasses: SessionClassesTable
  sessionParticipants: SessionParticipantsTable
  pupils: PupilsTable
  placements: PlacementsTable
  mentoringPairs: MentoringPairsTable
  mentoringMeetings: MentoringMeetingsTable
  requestCandidates: RequestCandidatesTable
  indicators: IndicatorsTable
  indicatorValues: IndicatorValuesTable
  indicatorTargets: IndicatorTargetsTable
  impactNarratives: ImpactNarrativesTable
  auditOperations: AuditOperationsTable
  auditLog: AuditLogTable
  auditSubjects: AuditSubjectsTable
}

/** What every data function takes first: the database, or a transaction (a Transaction is a Kysely). */
export type Db = Kysely<Database>
