import { sql, type Kysely } from 'kysely'

// Frozen in time. An index on every column that refers to a record users delete or merge (actors,
// journal entries, meetings, sessions, editions…): without one, each delete scans the referring
// table to apply its ON DELETE rule (the journal's were indexed from the start; these tables are
// small today but grow every year). References to the reference lists (profiles, towns, levels…),
// which are never deleted, need none.

const INDEXES: [name: string, table: string, column: string, partial: boolean][] = [
  ['working_groups_facilitator', 'working_groups', 'facilitator_person_id', true],
  ['working_groups_pilot_company', 'working_groups', 'pilot_company_id', true],
  ['working_groups_pilot_association', 'working_groups', 'pilot_association_id', true],
  ['meeting_attachments_meeting', 'meeting_attachments', 'meeting_id', false],
  ['copil_documents_session', 'copil_documents', 'session_id', false],
  ['decision_followups_session', 'decision_followups', 'session_id', true],
  ['proposed_actions_edition', 'proposed_actions', 'edition_id', true],
  ['programme_partners_programme', 'programme_partners', 'programme_id', false],
  ['programme_partners_person', 'programme_partners', 'person_id', true],
  ['programme_partners_organisation', 'programme_partners', 'organisation_id', true],
  ['editions_copied_from', 'editions', 'copied_from_id', true],
  ['pupils_school', 'pupils', 'school_id', true],
  ['placements_request', 'placements', 'request_id', true],
  ['placements_edition', 'placements', 'edition_id', true],
  ['placements_school', 'placements', 'school_id', true],
  ['mentoring_pairs_edition', 'mentoring_pairs', 'edition_id', true],
  ['request_candidates_interaction', 'request_candidates', 'interaction_id', true],
  ['request_candidates_offer', 'request_candidates', 'offer_id', true],
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, table, column, partial] of INDEXES) {
    const index = db.schema.createIndex(name).on(table).column(column)
    await (partial ? index.where(sql.ref(column), 'is not', null) : index).execute()
  }
}
