-- schema version 16: 0016-request-keys
-- index actor_action_fields_organisation on actor_action_fields
CREATE INDEX "actor_action_fields_organisation" on "actor_action_fields" ("organisation_id") where "organisation_id" is not null;
-- index actor_action_fields_person on actor_action_fields
CREATE INDEX "actor_action_fields_person" on "actor_action_fields" ("person_id") where "person_id" is not null;
-- index actor_action_fields_unique_organisation on actor_action_fields
CREATE UNIQUE INDEX "actor_action_fields_unique_organisation" on "actor_action_fields" ("field_code", "organisation_id") where "organisation_id" is not null;
-- index actor_action_fields_unique_person on actor_action_fields
CREATE UNIQUE INDEX "actor_action_fields_unique_person" on "actor_action_fields" ("field_code", "person_id") where "person_id" is not null;
-- index actor_networks_organisation on actor_networks
CREATE INDEX "actor_networks_organisation" on "actor_networks" ("organisation_id") where "organisation_id" is not null;
-- index actor_networks_person on actor_networks
CREATE INDEX "actor_networks_person" on "actor_networks" ("person_id") where "person_id" is not null;
-- index actor_networks_unique_organisation on actor_networks
CREATE UNIQUE INDEX "actor_networks_unique_organisation" on "actor_networks" ("network_id", "organisation_id") where "organisation_id" is not null;
-- index actor_networks_unique_person on actor_networks
CREATE UNIQUE INDEX "actor_networks_unique_person" on "actor_networks" ("network_id", "person_id") where "person_id" is not null;
-- index actor_requests_organisation on actor_requests
CREATE INDEX "actor_requests_organisation" on "actor_requests" ("organisation_id") where "organisation_id" is not null;
-- index actor_requests_person on actor_requests
CREATE INDEX "actor_requests_person" on "actor_requests" ("person_id") where "person_id" is not null;
-- index actor_tags_organisation on actor_tags
CREATE INDEX "actor_tags_organisation" on "actor_tags" ("organisation_id") where "organisation_id" is not null;
-- index actor_tags_person on actor_tags
CREATE INDEX "actor_tags_person" on "actor_tags" ("person_id") where "person_id" is not null;
-- index actor_tags_unique_organisation on actor_tags
CREATE UNIQUE INDEX "actor_tags_unique_organisation" on "actor_tags" ("tag_id", "organisation_id") where "organisation_id" is not null;
-- index actor_tags_unique_person on actor_tags
CREATE UNIQUE INDEX "actor_tags_unique_person" on "actor_tags" ("tag_id", "person_id") where "person_id" is not null;
-- index affiliations_organisation on affiliations
CREATE INDEX "affiliations_organisation" on "affiliations" ("organisation_id");
-- index affiliations_person on affiliations
CREATE INDEX "affiliations_person" on "affiliations" ("person_id");
-- index audit_log_operation on audit_log
CREATE INDEX "audit_log_operation" on "audit_log" ("operation_id");
-- index audit_log_row on audit_log
CREATE INDEX "audit_log_row" on "audit_log" ("table_name", "row_id");
-- index audit_operations_answer on audit_operations
CREATE INDEX "audit_operations_answer" on "audit_operations" ("started_at") where "answer" is not null;
-- index audit_operations_kind on audit_operations
CREATE INDEX "audit_operations_kind" on "audit_operations" ("kind", "started_at");
-- index audit_operations_request_key on audit_operations
CREATE UNIQUE INDEX "audit_operations_request_key" on "audit_operations" ("request_key") where "request_key" is not null;
-- index audit_operations_started on audit_operations
CREATE INDEX "audit_operations_started" on "audit_operations" ("started_at");
-- index audit_operations_undone_by on audit_operations
CREATE INDEX "audit_operations_undone_by" on "audit_operations" ("undone_by") where "undone_by" is not null;
-- index copil_agenda_session on copil_agenda_items
CREATE INDEX "copil_agenda_session" on "copil_agenda_items" ("session_id", "position");
-- index copil_attendance_organisation on copil_attendance
CREATE INDEX "copil_attendance_organisation" on "copil_attendance" ("organisation_id") where "organisation_id" is not null;
-- index copil_attendance_parent on copil_attendance
CREATE INDEX "copil_attendance_parent" on "copil_attendance" ("session_id");
-- index copil_attendance_person on copil_attendance
CREATE INDEX "copil_attendance_person" on "copil_attendance" ("person_id") where "person_id" is not null;
-- index copil_decisions_organisation on copil_decisions
CREATE INDEX "copil_decisions_organisation" on "copil_decisions" ("organisation_id") where "organisation_id" is not null;
-- index copil_decisions_person on copil_decisions
CREATE INDEX "copil_decisions_person" on "copil_decisions" ("person_id") where "person_id" is not null;
-- index copil_decisions_session on copil_decisions
CREATE INDEX "copil_decisions_session" on "copil_decisions" ("session_id");
-- index copil_decisions_status on copil_decisions
CREATE INDEX "copil_decisions_status" on "copil_decisions" ("status", "due_on");
-- index copil_documents_session on copil_documents
CREATE INDEX "copil_documents_session" on "copil_documents" ("session_id");
-- index copil_members_organisation on copil_members
CREATE INDEX "copil_members_organisation" on "copil_members" ("organisation_id");
-- index copil_members_person on copil_members
CREATE INDEX "copil_members_person" on "copil_members" ("representative_person_id");
-- index copil_sessions_held on copil_sessions
CREATE INDEX "copil_sessions_held" on "copil_sessions" ("held_on");
-- index decision_followups_decision on decision_followups
CREATE INDEX "decision_followups_decision" on "decision_followups" ("decision_id", "recorded_on");
-- index decision_followups_session on decision_followups
CREATE INDEX "decision_followups_session" on "decision_followups" ("session_id") where "session_id" is not null;
-- index edition_partners_edition on edition_partners
CREATE INDEX "edition_partners_edition" on "edition_partners" ("edition_id");
-- index edition_partners_organisation on edition_partners
CREATE INDEX "edition_partners_organisation" on "edition_partners" ("organisation_id");
-- index edition_partners_person on edition_partners
CREATE INDEX "edition_partners_person" on "edition_partners" ("person_id");
-- index editions_copied_from on editions
CREATE INDEX "editions_copied_from" on "editions" ("copied_from_id") where "copied_from_id" is not null;
-- index editions_year on editions
CREATE INDEX "editions_year" on "editions" ("school_year");
-- index engagement_offers_organisation on engagement_offers
CREATE INDEX "engagement_offers_organisation" on "engagement_offers" ("organisation_id") where "organisation_id" is not null;
-- index engagement_offers_person on engagement_offers
CREATE INDEX "engagement_offers_person" on "engagement_offers" ("person_id") where "person_id" is not null;
-- index group_meetings_group on group_meetings
CREATE INDEX "group_meetings_group" on "group_meetings" ("group_id", "held_on");
-- index group_meetings_held on group_meetings
CREATE INDEX "group_meetings_held" on "group_meetings" ("held_on");
-- index group_members_group on group_members
CREATE INDEX "group_members_group" on "group_members" ("group_id");
-- index group_members_organisation on group_members
CREATE INDEX "group_members_organisation" on "group_members" ("organisation_id") where "organisation_id" is not null;
-- index group_members_person on group_members
CREATE INDEX "group_members_person" on "group_members" ("person_id") where "person_id" is not null;
-- index interactions_animator on interactions
CREATE INDEX "interactions_animator" on "interactions" ("animator");
-- index interactions_contact_person on interactions
CREATE INDEX "interactions_contact_person" on "interactions" ("contact_person_id") where "contact_person_id" is not null;
-- index interactions_follow_up on interactions
CREATE INDEX "interactions_follow_up" on "interactions" ("next_step_due_on") where next_step_due_on is not null and next_step_done_on is null;
-- index interactions_follow_up_animator on interactions
CREATE INDEX "interactions_follow_up_animator" on "interactions" ("animator", "next_step_due_on") where next_step is not null and next_step_done_on is null;
-- index interactions_occurred on interactions
CREATE INDEX "interactions_occurred" on "interactions" ("occurred_on");
-- index interactions_organisation on interactions
CREATE INDEX "interactions_organisation" on "interactions" ("organisation_id") where "organisation_id" is not null;
-- index interactions_organisation_summary on interactions
CREATE INDEX "interactions_organisation_summary" on "interactions" ("organisation_id", "occurred_on", "next_step_done_on", "next_step_due_on") where "organisation_id" is not null;
-- index interactions_person on interactions
CREATE INDEX "interactions_person" on "interactions" ("person_id") where "person_id" is not null;
-- index interactions_person_summary on interactions
CREATE INDEX "interactions_person_summary" on "interactions" ("person_id", "occurred_on", "next_step_done_on", "next_step_due_on") where "person_id" is not null;
-- index meeting_attachments_meeting on meeting_attachments
CREATE INDEX "meeting_attachments_meeting" on "meeting_attachments" ("meeting_id");
-- index meeting_attendance_organisation on meeting_attendance
CREATE INDEX "meeting_attendance_organisation" on "meeting_attendance" ("organisation_id") where "organisation_id" is not null;
-- index meeting_attendance_parent on meeting_attendance
CREATE INDEX "meeting_attendance_parent" on "meeting_attendance" ("meeting_id");
-- index meeting_attendance_person on meeting_attendance
CREATE INDEX "meeting_attendance_person" on "meeting_attendance" ("person_id") where "person_id" is not null;
-- index mentoring_meetings_pair on mentoring_meetings
CREATE INDEX "mentoring_meetings_pair" on "mentoring_meetings" ("pair_id");
-- index mentoring_pairs_edition on mentoring_pairs
CREATE INDEX "mentoring_pairs_edition" on "mentoring_pairs" ("edition_id") where "edition_id" is not null;
-- index mentoring_pairs_mentee on mentoring_pairs
CREATE INDEX "mentoring_pairs_mentee" on "mentoring_pairs" ("mentee_pupil_id");
-- index mentoring_pairs_mentor on mentoring_pairs
CREATE INDEX "mentoring_pairs_mentor" on "mentoring_pairs" ("mentor_person_id");
-- index organisations_email on organisations
CREATE INDEX "organisations_email" on "organisations" ("email");
-- index organisations_name on organisations
CREATE INDEX "organisations_name" on "organisations" ("name");
-- index organisations_rna_unique on organisations
CREATE UNIQUE INDEX "organisations_rna_unique" on "organisations" ("rna") where "rna" is not null;
-- index organisations_siren on organisations
CREATE INDEX "organisations_siren" on "organisations" ("siren");
-- index organisations_siret_unique on organisations
CREATE UNIQUE INDEX "organisations_siret_unique" on "organisations" ("siret") where "siret" is not null;
-- index organisations_status on organisations
CREATE INDEX "organisations_status" on "organisations" ("status", "joined_on");
-- index organisations_town on organisations
CREATE INDEX "organisations_town" on "organisations" ("town_code", "profile_code");
-- index organisations_uai_unique on organisations
CREATE UNIQUE INDEX "organisations_uai_unique" on "organisations" ("uai") where "uai" is not null;
-- index people_email on people
CREATE INDEX "people_email" on "people" ("email");
-- index people_name on people
CREATE INDEX "people_name" on "people" ("last_name", "first_name");
-- index people_status on people
CREATE INDEX "people_status" on "people" ("status", "joined_on");
-- index people_town on people
CREATE INDEX "people_town" on "people" ("town_code", "profile_code");
-- index placements_edition on placements
CREATE INDEX "placements_edition" on "placements" ("edition_id") where "edition_id" is not null;
-- index placements_host on placements
CREATE INDEX "placements_host" on "placements" ("host_organisation_id");
-- index placements_pupil on placements
CREATE INDEX "placements_pupil" on "placements" ("pupil_id");
-- index placements_request on placements
CREATE INDEX "placements_request" on "placements" ("request_id") where "request_id" is not null;
-- index placements_school on placements
CREATE INDEX "placements_school" on "placements" ("school_id") where "school_id" is not null;
-- index placements_started on placements
CREATE INDEX "placements_started" on "placements" ("started_on");
-- index placements_tutor on placements
CREATE INDEX "placements_tutor" on "placements" ("tutor_person_id") where "tutor_person_id" is not null;
-- index programme_partners_organisation on programme_partners
CREATE INDEX "programme_partners_organisation" on "programme_partners" ("organisation_id") where "organisation_id" is not null;
-- index programme_partners_person on programme_partners
CREATE INDEX "programme_partners_person" on "programme_partners" ("person_id") where "person_id" is not null;
-- index programme_partners_programme on programme_partners
CREATE INDEX "programme_partners_programme" on "programme_partners" ("programme_id");
-- index proposed_actions_decision on proposed_actions
CREATE INDEX "proposed_actions_decision" on "proposed_actions" ("decision_id");
-- index proposed_actions_edition on proposed_actions
CREATE INDEX "proposed_actions_edition" on "proposed_actions" ("edition_id") where "edition_id" is not null;
-- index proposed_actions_group on proposed_actions
CREATE INDEX "proposed_actions_group" on "proposed_actions" ("group_id");
-- index proposed_actions_organisation on proposed_actions
CREATE INDEX "proposed_actions_organisation" on "proposed_actions" ("organisation_id") where "organisation_id" is not null;
-- index proposed_actions_person on proposed_actions
CREATE INDEX "proposed_actions_person" on "proposed_actions" ("person_id") where "person_id" is not null;
-- index pupils_school on pupils
CREATE INDEX "pupils_school" on "pupils" ("school_id") where "school_id" is not null;
-- index request_candidates_interaction on request_candidates
CREATE INDEX "request_candidates_interaction" on "request_candidates" ("interaction_id") where "interaction_id" is not null;
-- index request_candidates_offer on request_candidates
CREATE INDEX "request_candidates_offer" on "request_candidates" ("offer_id") where "offer_id" is not null;
-- index request_candidates_organisation on request_candidates
CREATE INDEX "request_candidates_organisation" on "request_candidates" ("organisation_id");
-- index request_candidates_person on request_candidates
CREATE INDEX "request_candidates_person" on "request_candidates" ("person_id");
-- index request_candidates_request on request_candidates
CREATE INDEX "request_candidates_request" on "request_candidates" ("request_id");
-- index sequence_sessions_held on sequence_sessions
CREATE INDEX "sequence_sessions_held" on "sequence_sessions" ("held_on");
-- index sequence_sessions_sequence on sequence_sessions
CREATE INDEX "sequence_sessions_sequence" on "sequence_sessions" ("sequence_id");
-- index sequences_edition on sequences
CREATE INDEX "sequences_edition" on "sequences" ("edition_id", "step_order");
-- index session_classes_school on session_classes
CREATE INDEX "session_classes_school" on "session_classes" ("school_id");
-- index session_classes_session on session_classes
CREATE INDEX "session_classes_session" on "session_classes" ("session_id");
-- index session_participants_organisation on session_participants
CREATE INDEX "session_participants_organisation" on "session_participants" ("organisation_id");
-- index session_participants_person on session_participants
CREATE INDEX "session_participants_person" on "session_participants" ("person_id");
-- index session_participants_session on session_participants
CREATE INDEX "session_participants_session" on "session_participants" ("session_id");
-- index town_postal_codes_postal on town_postal_codes
CREATE INDEX "town_postal_codes_postal" on "town_postal_codes" ("postal_code");
-- index working_groups_facilitator on working_groups
CREATE INDEX "working_groups_facilitator" on "working_groups" ("facilitator_person_id") where "facilitator_person_id" is not null;
-- index working_groups_pilot_association on working_groups
CREATE INDEX "working_groups_pilot_association" on "working_groups" ("pilot_association_id") where "pilot_association_id" is not null;
-- index working_groups_pilot_company on working_groups
CREATE INDEX "working_groups_pilot_company" on "working_groups" ("pilot_company_id") where "pilot_company_id" is not null;
-- table action_fields on action_fields
CREATE TABLE "action_fields" ("code" text primary key, "label" text not null, "sort_order" integer not null);
-- table actor_action_fields on actor_action_fields
CREATE TABLE "actor_action_fields" ("id" integer primary key autoincrement, "organisation_id" integer references "organisations" ("id") on delete cascade, "person_id" integer references "people" ("id") on delete cascade, "field_code" text not null references "action_fields" ("code"), constraint "actor_action_fields_one_actor" check ((organisation_id is null) <> (person_id is null)));
-- table actor_networks on actor_networks
CREATE TABLE "actor_networks" ("id" integer primary key autoincrement, "organisation_id" integer references "organisations" ("id") on delete cascade, "person_id" integer references "people" ("id") on delete cascade, "network_id" integer not null references "networks" ("id") on delete cascade, constraint "actor_networks_one_actor" check ((organisation_id is null) <> (person_id is null)));
-- table actor_profiles on actor_profiles
CREATE TABLE "actor_profiles" ("code" text primary key, "label" text not null, "sort_order" integer not null, "usual_kind" text not null);
-- table actor_requests on actor_requests
CREATE TABLE "actor_requests" ("id" integer primary key autoincrement, "organisation_id" integer references "organisations" ("id") on delete cascade, "person_id" integer references "people" ("id") on delete cascade, "kind" text not null check (kind in ('intervenants', 'stage', 'visite', 'alternance', 'autre')), "title" text not null, "description" text, "school_level" text references "school_levels" ("code"), "quantity" integer, "wanted_on" text, "status" text default 'ouverte' not null check (status in ('ouverte', 'en_cours', 'satisfaite', 'abandonnee')), "created_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "updated_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "version" integer default 1 not null, constraint "actor_requests_one_actor" check ((organisation_id is null) <> (person_id is null)));
-- table actor_tags on actor_tags
CREATE TABLE "actor_tags" ("id" integer primary key autoincrement, "organisation_id" integer references "organisations" ("id") on delete cascade, "person_id" integer references "people" ("id") on delete cascade, "tag_id" integer not null references "tags" ("id") on delete cascade, constraint "actor_tags_one_actor" check ((organisation_id is null) <> (person_id is null)));
-- table affiliations on affiliations
CREATE TABLE "affiliations" ("id" integer primary key autoincrement, "person_id" integer not null references "people" ("id") on delete cascade, "organisation_id" integer not null references "organisations" ("id") on delete cascade, "role" text, "started_on" text, "ended_on" text, "version" integer default 1 not null);
-- table audit_log on audit_log
CREATE TABLE "audit_log" ("id" integer primary key autoincrement, "operation_id" integer not null, "at" text not null, "action" text not null check (action in ('insert', 'update', 'delete', 'anonymise', 'event')), "table_name" text not null, "row_id" integer, "row_key" text, "changes" text not null);
-- table audit_operations on audit_operations
CREATE TABLE "audit_operations" ("id" integer primary key autoincrement, "token" text not null unique, "started_at" text not null, "animator" text, "kind" text not null, "label" text not null, "undone_by" integer references "audit_operations" ("id"), "request_key" text, "answer" text);
-- table audit_subjects on audit_subjects
CREATE TABLE audit_subjects (
    subject text not null,
    audit_id integer not null,
    primary key (subject, audit_id)
  ) without rowid;
-- table copil_agenda_items on copil_agenda_items
CREATE TABLE "copil_agenda_items" ("id" integer primary key autoincrement, "session_id" integer not null references "copil_sessions" ("id") on delete cascade, "position" integer not null, "title" text not null, "notes" text);
-- table copil_attendance on copil_attendance
CREATE TABLE "copil_attendance" ("id" integer primary key autoincrement, "session_id" integer not null references "copil_sessions" ("id") on delete cascade, "organisation_id" integer references "organisations" ("id") on delete cascade, "person_id" integer references "people" ("id") on delete cascade, "guest_name" text, "is_guest" integer default 0 not null, "status" text not null check (status in ('present', 'excuse', 'absent')), constraint "copil_attendance_who" check ((organisation_id is not null) + (person_id is not null) + (guest_name is not null) = 1));
-- table copil_decisions on copil_decisions
CREATE TABLE "copil_decisions" ("id" integer primary key autoincrement, "reference" text not null unique, "session_id" integer not null references "copil_sessions" ("id") on delete restrict, "text" text not null, "kind" text not null check (kind in ('strategie', 'developpement_reseau', 'action_soutenue', 'budget')), "organisation_id" integer references "organisations" ("id") on delete cascade, "person_id" integer references "people" ("id") on delete cascade, "owner_label" text, "due_on" text, "status" text default 'a_lancer' not null check (status in ('a_lancer', 'en_cours', 'realisee', 'reportee', 'abandonnee')), "created_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "updated_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "version" integer default 1 not null, constraint "copil_decisions_owner" check (organisation_id is null or person_id is null));
-- table copil_documents on copil_documents
CREATE TABLE "copil_documents" ("id" integer primary key autoincrement, "session_id" integer not null references "copil_sessions" ("id") on delete cascade, "label" text not null, "path" text not null);
-- table copil_members on copil_members
CREATE TABLE "copil_members" ("id" integer primary key autoincrement, "organisation_id" integer not null references "organisations" ("id") on delete cascade, "representative_person_id" integer references "people" ("id") on delete set null, "representative_name" text, "started_on" text, "ended_on" text, "version" integer default 1 not null);
-- table copil_sessions on copil_sessions
CREATE TABLE "copil_sessions" ("id" integer primary key autoincrement, "reference" text not null unique, "held_on" text not null, "place" text, "status" text default 'prevue' not null check (status in ('prevue', 'tenue', 'annulee')), "minutes" text, "created_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "updated_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "version" integer default 1 not null);
-- table decision_followups on decision_followups
CREATE TABLE "decision_followups" ("id" integer primary key autoincrement, "decision_id" integer not null references "copil_decisions" ("id") on delete cascade, "session_id" integer references "copil_sessions" ("id") on delete set null, "recorded_on" text not null, "status" text not null check (status in ('a_lancer', 'en_cours', 'realisee', 'reportee', 'abandonnee')), "note" text not null, "created_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null);
-- table duplicate_dismissals on duplicate_dismissals
CREATE TABLE "duplicate_dismissals" ("id" integer primary key autoincrement, "kind" text not null check (kind in ('organisation', 'person')), "first_id" integer not null, "second_id" integer not null, "dismissed_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, constraint "duplicate_dismissals_order" check (first_id < second_id), constraint "duplicate_dismissals_pair" unique ("kind", "first_id", "second_id"));
-- table edition_partners on edition_partners
CREATE TABLE "edition_partners" ("id" integer primary key autoincrement, "edition_id" integer not null references "editions" ("id") on delete cascade, "organisation_id" integer references "organisations" ("id") on delete cascade, "person_id" integer references "people" ("id") on delete cascade, "role" text default 'partenaire' not null check (role in ('partenaire', 'referent', 'etablissement')), "version" integer default 1 not null, constraint "edition_partners_one_actor" check ((organisation_id is null) <> (person_id is null)));
-- table editions on editions
CREATE TABLE "editions" ("id" integer primary key autoincrement, "programme_id" integer not null references "programmes" ("id") on delete cascade, "school_year" text not null check ("school_year" glob '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'), "title" text not null, "status" text default 'preparation' not null check (status in ('preparation', 'en_cours', 'terminee')), "notes" text, "copied_from_id" integer references "editions" ("id") on delete set null, "created_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "updated_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "version" integer default 1 not null, constraint "editions_programme_year_title" unique ("programme_id", "school_year", "title"));
-- table engagement_offers on engagement_offers
CREATE TABLE "engagement_offers" ("id" integer primary key autoincrement, "organisation_id" integer references "organisations" ("id") on delete cascade, "person_id" integer references "people" ("id") on delete cascade, "offer_type_code" text not null references "offer_types" ("code"), "capacity" integer check (capacity is null or capacity >= 0), "school_levels" text, "availability" text, "notes" text, "active" integer default 1 not null, "created_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "updated_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "version" integer default 1 not null, constraint "engagement_offers_one_actor" check ((organisation_id is null) <> (person_id is null)));
-- table group_meetings on group_meetings
CREATE TABLE "group_meetings" ("id" integer primary key autoincrement, "group_id" integer not null references "working_groups" ("id") on delete cascade, "held_on" text not null, "place" text, "agenda" text, "minutes" text, "created_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "updated_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "version" integer default 1 not null);
-- table group_members on group_members
CREATE TABLE "group_members" ("id" integer primary key autoincrement, "group_id" integer not null references "working_groups" ("id") on delete cascade, "organisation_id" integer references "organisations" ("id") on delete cascade, "person_id" integer references "people" ("id") on delete cascade, "role" text, "joined_on" text, "left_on" text, "version" integer default 1 not null, constraint "group_members_one_actor" check ((organisation_id is null) <> (person_id is null)));
-- table impact_dimensions on impact_dimensions
CREATE TABLE "impact_dimensions" ("code" text primary key, "label" text not null, "sort_order" integer not null, "description" text not null);
-- table impact_narratives on impact_narratives
CREATE TABLE "impact_narratives" ("dimension_code" text not null references "impact_dimensions" ("code"), "period" text not null, "text" text not null, "updated_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "version" integer default 1 not null, constraint "impact_narratives_pk" primary key ("dimension_code", "period"));
-- table import_mappings on import_mappings
CREATE TABLE "import_mappings" ("id" integer primary key autoincrement, "name" text not null unique, "target" text not null check (target in ('organisations', 'people', 'contacts')), "mapping" text not null, "created_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "updated_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null);
-- table indicator_targets on indicator_targets
CREATE TABLE "indicator_targets" ("indicator_code" text not null references "indicators" ("code") on delete cascade, "period" text not null, "target" real not null, "version" integer default 1 not null, constraint "indicator_targets_pk" primary key ("indicator_code", "period"));
-- table indicator_values on indicator_values
CREATE TABLE "indicator_values" ("id" integer primary key autoincrement, "indicator_code" text not null references "indicators" ("code") on delete cascade, "period" text not null, "value" real not null, "source" text not null, "measured_on" text not null, "notes" text, "created_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "version" integer default 1 not null, constraint "indicator_values_period" unique ("indicator_code", "period"));
-- table indicators on indicators
CREATE TABLE "indicators" ("code" text primary key, "name" text not null, "dimension_code" text not null references "impact_dimensions" ("code"), "unit" text not null, "period_kind" text not null check (period_kind in ('school_year', 'calendar_year')), "source" text not null check (source in ('computed', 'manual')), "description" text not null, "sort_order" integer not null, "active" integer default 1 not null);
-- table interactions on interactions
CREATE TABLE "interactions" ("id" integer primary key autoincrement, "organisation_id" integer references "organisations" ("id") on delete cascade, "person_id" integer references "people" ("id") on delete cascade, "contact_person_id" integer references "people" ("id") on delete set null, "kind" text not null check (kind in ('rencontre', 'appel', 'email', 'evenement', 'visite')), "occurred_on" text not null, "animator" text not null, "summary" text not null, "next_step" text, "next_step_due_on" text, "next_step_done_on" text, "created_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "updated_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "version" integer default 1 not null, constraint "interactions_one_actor" check ((organisation_id is null) <> (person_id is null)));
-- table meeting_attachments on meeting_attachments
CREATE TABLE "meeting_attachments" ("id" integer primary key autoincrement, "meeting_id" integer references "group_meetings" ("id") on delete cascade, "session_id" integer, "label" text not null, "path" text not null);
-- table meeting_attendance on meeting_attendance
CREATE TABLE "meeting_attendance" ("id" integer primary key autoincrement, "meeting_id" integer not null references "group_meetings" ("id") on delete cascade, "organisation_id" integer references "organisations" ("id") on delete cascade, "person_id" integer references "people" ("id") on delete cascade, "guest_name" text, "is_guest" integer default 0 not null, "status" text not null check (status in ('present', 'excuse', 'absent')), constraint "meeting_attendance_who" check ((organisation_id is not null) + (person_id is not null) + (guest_name is not null) = 1));
-- table mentoring_meetings on mentoring_meetings
CREATE TABLE "mentoring_meetings" ("id" integer primary key autoincrement, "pair_id" integer not null references "mentoring_pairs" ("id") on delete cascade, "held_on" text not null, "notes" text, "version" integer default 1 not null);
-- table mentoring_pairs on mentoring_pairs
CREATE TABLE "mentoring_pairs" ("id" integer primary key autoincrement, "edition_id" integer references "editions" ("id") on delete set null, "mentor_person_id" integer not null references "people" ("id") on delete restrict, "mentee_pupil_id" integer references "pupils" ("id") on delete set null, "started_on" text not null, "ended_on" text, "status" text default 'actif' not null check (status in ('actif', 'termine', 'interrompu')), "notes" text, "created_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "version" integer default 1 not null);
-- table networks on networks
CREATE TABLE "networks" ("id" integer primary key autoincrement, "name" text not null unique collate nocase);
-- table offer_types on offer_types
CREATE TABLE "offer_types" ("code" text primary key, "label" text not null, "sort_order" integer not null);
-- table organisations on organisations
CREATE TABLE "organisations" ("id" integer primary key autoincrement, "name" text not null, "profile_code" text not null references "actor_profiles" ("code"), "town_code" text references "towns" ("insee_code"), "outside_town" text, "siret" text, "siren" text, "rna" text, "uai" text, "email" text, "phone" text, "website" text, "address" text, "postal_code" text, "naf_code" text, "workforce_band" text, "status" text default 'prospect' not null check ("status" in ('prospect', 'vitawiner', 'ancien')), "joined_on" text, "notes" text, "source" text default 'saisie' not null, "created_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "updated_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "sirene_state" text, "sirene_updated_on" text, "closed_on" text, "version" integer default 1 not null);
-- table people on people
CREATE TABLE "people" ("id" integer primary key autoincrement, "first_name" text not null, "last_name" text not null, "profile_code" text not null references "actor_profiles" ("code"), "town_code" text references "towns" ("insee_code"), "outside_town" text, "email" text, "phone" text, "status" text default 'prospect' not null check ("status" in ('prospect', 'vitawiner', 'ancien')), "joined_on" text, "notes" text, "created_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "updated_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "job_title" text, "anonymised_at" text, "version" integer default 1 not null);
-- table placements on placements
CREATE TABLE "placements" ("id" integer primary key autoincrement, "pupil_id" integer references "pupils" ("id") on delete set null, "school_id" integer references "organisations" ("id") on delete set null, "level_code" text references "school_levels" ("code"), "host_organisation_id" integer not null references "organisations" ("id") on delete restrict, "kind" text not null check (kind in ('stage_3e', 'stage_seconde', 'pfmp', 'bts', 'alternance')), "started_on" text not null, "ended_on" text, "tutor_person_id" integer references "people" ("id") on delete set null, "tutor_name" text, "edition_id" integer references "editions" ("id") on delete set null, "request_id" integer references "actor_requests" ("id") on delete set null, "status" text default 'prevu' not null check (status in ('prevu', 'en_cours', 'termine', 'annule')), "outcome" text, "created_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "updated_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "version" integer default 1 not null);
-- table programme_partners on programme_partners
CREATE TABLE "programme_partners" ("id" integer primary key autoincrement, "programme_id" integer not null references "programmes" ("id") on delete cascade, "organisation_id" integer references "organisations" ("id") on delete cascade, "person_id" integer references "people" ("id") on delete cascade, "role" text default 'partenaire' not null check (role in ('partenaire', 'referent')), "version" integer default 1 not null, constraint "programme_partners_one_actor" check ((organisation_id is null) <> (person_id is null)));
-- table programme_step_templates on programme_step_templates
CREATE TABLE "programme_step_templates" ("programme_code" text not null, "step_order" integer not null, "title" text not null, "description" text not null, constraint "programme_step_templates_pk" primary key ("programme_code", "step_order"));
-- table programmes on programmes
CREATE TABLE "programmes" ("id" integer primary key autoincrement, "code" text not null unique, "name" text not null, "description" text, "active" integer default 1 not null, "created_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null);
-- table proposed_actions on proposed_actions
CREATE TABLE "proposed_actions" ("id" integer primary key autoincrement, "group_id" integer not null references "working_groups" ("id") on delete cascade, "title" text not null, "description" text, "organisation_id" integer references "organisations" ("id") on delete cascade, "person_id" integer references "people" ("id") on delete cascade, "carried_by_label" text, "status" text default 'proposee' not null check (status in ('proposee', 'retenue', 'en_oeuvre', 'realisee', 'abandonnee')), "proposed_on" text, "decision_id" integer references "copil_decisions" ("id") on delete set null, "outcome" text, "created_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "updated_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "edition_id" integer references "editions" ("id") on delete set null, "version" integer default 1 not null, constraint "proposed_actions_carrier" check (organisation_id is null or person_id is null));
-- table pupils on pupils
CREATE TABLE "pupils" ("id" integer primary key autoincrement, "first_name" text not null, "last_name" text not null, "is_minor" integer not null check (is_minor in (0, 1)), "school_id" integer references "organisations" ("id") on delete set null, "level_code" text references "school_levels" ("code"), "school_year" text not null check ("school_year" glob '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'), "consent_given_by" text, "consent_given_on" text, "consent_scope" text, "consent_expires_on" text, "anonymised_at" text, "created_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "updated_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "version" integer default 1 not null, constraint "pupils_minor_consent" check (is_minor = 0 or anonymised_at is not null or (consent_given_by is not null and consent_given_on is not null and consent_scope is not null)));
-- table request_candidates on request_candidates
CREATE TABLE "request_candidates" ("id" integer primary key autoincrement, "request_id" integer not null references "actor_requests" ("id") on delete cascade, "offer_id" integer references "engagement_offers" ("id") on delete set null, "organisation_id" integer references "organisations" ("id") on delete cascade, "person_id" integer references "people" ("id") on delete cascade, "interaction_id" integer references "interactions" ("id") on delete set null, "contacted_on" text, "response" text default 'en_attente' not null check (response in ('en_attente', 'accepte', 'refuse')), "quantity" integer, "created_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, constraint "request_candidates_one_actor" check ((organisation_id is null) <> (person_id is null)));
-- table saved_views on saved_views
CREATE TABLE "saved_views" ("id" integer primary key autoincrement, "scope" text not null, "name" text not null, "state" text not null, "created_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "updated_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, constraint "saved_views_scope_name" unique ("scope", "name"));
-- table schema_migrations on schema_migrations
CREATE TABLE "schema_migrations" ("name" text primary key, "applied_at" text not null);
-- table school_levels on school_levels
CREATE TABLE "school_levels" ("code" text primary key, "label" text not null, "sort_order" integer not null);
-- table search_index on search_index
CREATE VIRTUAL TABLE search_index using fts5(
    title, body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
  );
-- table search_index_config on search_index_config
CREATE TABLE 'search_index_config'(k PRIMARY KEY, v) WITHOUT ROWID;
-- table search_index_data on search_index_data
CREATE TABLE 'search_index_data'(id INTEGER PRIMARY KEY, block BLOB);
-- table search_index_docsize on search_index_docsize
CREATE TABLE 'search_index_docsize'(id INTEGER PRIMARY KEY, sz BLOB, origin INTEGER);
-- table search_index_idx on search_index_idx
CREATE TABLE 'search_index_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
-- table sequence_sessions on sequence_sessions
CREATE TABLE "sequence_sessions" ("id" integer primary key autoincrement, "sequence_id" integer not null references "sequences" ("id") on delete cascade, "held_on" text not null, "place" text, "town_code" text references "towns" ("insee_code"), "status" text default 'planifiee' not null check (status in ('planifiee', 'realisee', 'annulee')), "pupils_count" integer check (pupils_count is null or pupils_count >= 0), "teachers_count" integer check (teachers_count is null or teachers_count >= 0), "intervention_hours" real check (intervention_hours is null or intervention_hours >= 0), "satisfaction" real check (satisfaction is null or (satisfaction >= 0 and satisfaction <= 5)), "feedback" text, "created_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "updated_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "version" integer default 1 not null);
-- table sequences on sequences
CREATE TABLE "sequences" ("id" integer primary key autoincrement, "edition_id" integer not null references "editions" ("id") on delete cascade, "step_order" integer not null, "title" text not null, "description" text, "status" text default 'a_planifier' not null check (status in ('a_planifier', 'planifiee', 'realisee', 'annulee')), "version" integer default 1 not null);
-- table session_classes on session_classes
CREATE TABLE "session_classes" ("id" integer primary key autoincrement, "session_id" integer not null references "sequence_sessions" ("id") on delete cascade, "school_id" integer not null references "organisations" ("id") on delete restrict, "class_label" text, "level_code" text references "school_levels" ("code"), "pupils_count" integer check (pupils_count is null or pupils_count >= 0));
-- table session_participants on session_participants
CREATE TABLE "session_participants" ("id" integer primary key autoincrement, "session_id" integer not null references "sequence_sessions" ("id") on delete cascade, "organisation_id" integer references "organisations" ("id") on delete cascade, "person_id" integer references "people" ("id") on delete cascade, "role" text default 'intervenant' not null check (role in ('intervenant', 'entreprise', 'accompagnateur')), constraint "session_participants_one_actor" check ((organisation_id is null) <> (person_id is null)));
-- table settings on settings
CREATE TABLE "settings" ("key" text primary key, "value" text not null);
-- table sqlite_sequence on sqlite_sequence
CREATE TABLE sqlite_sequence(name,seq);
-- table tags on tags
CREATE TABLE "tags" ("id" integer primary key autoincrement, "name" text not null unique collate nocase);
-- table territory on territory
CREATE TABLE "territory" ("id" integer primary key check (id = 1), "code" text not null, "name" text not null, "kind" text not null, "source" text not null);
-- table town_postal_codes on town_postal_codes
CREATE TABLE "town_postal_codes" ("insee_code" text not null references "towns" ("insee_code") on delete cascade, "postal_code" text not null, constraint "town_postal_codes_pk" primary key ("insee_code", "postal_code"));
-- table towns on towns
CREATE TABLE "towns" ("insee_code" text primary key, "name" text not null, "siren" text, "population" integer not null, "population_total" integer, "sort_order" integer not null);
-- table working_groups on working_groups
CREATE TABLE "working_groups" ("id" integer primary key autoincrement, "name" text not null, "theme" text, "description" text, "started_on" text, "ended_on" text, "status" text default 'actif' not null check (status in ('en_preparation', 'actif', 'termine', 'suspendu')), "pilot_association_id" integer references "organisations" ("id") on delete set null, "pilot_company_id" integer references "organisations" ("id") on delete set null, "facilitator_person_id" integer references "people" ("id") on delete set null, "facilitator_name" text, "created_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "updated_at" text default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) not null, "version" integer default 1 not null);
-- trigger actor_requests_version on actor_requests
CREATE TRIGGER "actor_requests_version" after update on "actor_requests" for each row when new.version = old.version
        begin update "actor_requests" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger affiliations_version on affiliations
CREATE TRIGGER "affiliations_version" after update on "affiliations" for each row when new.version = old.version
        begin update "affiliations" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger copil_decisions_version on copil_decisions
CREATE TRIGGER "copil_decisions_version" after update on "copil_decisions" for each row when new.version = old.version
        begin update "copil_decisions" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger copil_members_version on copil_members
CREATE TRIGGER "copil_members_version" after update on "copil_members" for each row when new.version = old.version
        begin update "copil_members" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger copil_sessions_version on copil_sessions
CREATE TRIGGER "copil_sessions_version" after update on "copil_sessions" for each row when new.version = old.version
        begin update "copil_sessions" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger edition_partners_version on edition_partners
CREATE TRIGGER "edition_partners_version" after update on "edition_partners" for each row when new.version = old.version
        begin update "edition_partners" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger editions_version on editions
CREATE TRIGGER "editions_version" after update on "editions" for each row when new.version = old.version
        begin update "editions" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger engagement_offers_version on engagement_offers
CREATE TRIGGER "engagement_offers_version" after update on "engagement_offers" for each row when new.version = old.version
        begin update "engagement_offers" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger group_meetings_search_delete on group_meetings
CREATE TRIGGER group_meetings_search_delete after delete on group_meetings begin
    delete from search_index where rowid = old.id * 4 + 3;
  end;
-- trigger group_meetings_search_insert on group_meetings
CREATE TRIGGER group_meetings_search_insert after insert on group_meetings begin
    insert into search_index (rowid, title, body) values (new.id * 4 + 3, '', vitawin_fold(concat_ws(' ', new.place, new.agenda, new.minutes)));
  end;
-- trigger group_meetings_search_update on group_meetings
CREATE TRIGGER group_meetings_search_update after update of place, agenda, minutes on group_meetings begin
    delete from search_index where rowid = old.id * 4 + 3;
    insert into search_index (rowid, title, body) values (new.id * 4 + 3, '', vitawin_fold(concat_ws(' ', new.place, new.agenda, new.minutes)));
  end;
-- trigger group_meetings_version on group_meetings
CREATE TRIGGER "group_meetings_version" after update on "group_meetings" for each row when new.version = old.version
        begin update "group_meetings" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger group_members_version on group_members
CREATE TRIGGER "group_members_version" after update on "group_members" for each row when new.version = old.version
        begin update "group_members" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger impact_narratives_version on impact_narratives
CREATE TRIGGER "impact_narratives_version" after update on "impact_narratives" for each row when new.version = old.version
        begin update "impact_narratives" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger indicator_targets_version on indicator_targets
CREATE TRIGGER "indicator_targets_version" after update on "indicator_targets" for each row when new.version = old.version
        begin update "indicator_targets" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger indicator_values_version on indicator_values
CREATE TRIGGER "indicator_values_version" after update on "indicator_values" for each row when new.version = old.version
        begin update "indicator_values" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger interactions_search_delete on interactions
CREATE TRIGGER interactions_search_delete after delete on interactions begin
    delete from search_index where rowid = old.id * 4 + 2;
  end;
-- trigger interactions_search_insert on interactions
CREATE TRIGGER interactions_search_insert after insert on interactions begin
    insert into search_index (rowid, title, body) values (new.id * 4 + 2, '', vitawin_fold(concat_ws(' ', new.summary, new.next_step)));
  end;
-- trigger interactions_search_update on interactions
CREATE TRIGGER interactions_search_update after update of summary, next_step on interactions begin
    delete from search_index where rowid = old.id * 4 + 2;
    insert into search_index (rowid, title, body) values (new.id * 4 + 2, '', vitawin_fold(concat_ws(' ', new.summary, new.next_step)));
  end;
-- trigger interactions_version on interactions
CREATE TRIGGER "interactions_version" after update on "interactions" for each row when new.version = old.version
        begin update "interactions" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger mentoring_meetings_version on mentoring_meetings
CREATE TRIGGER "mentoring_meetings_version" after update on "mentoring_meetings" for each row when new.version = old.version
        begin update "mentoring_meetings" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger mentoring_pairs_version on mentoring_pairs
CREATE TRIGGER "mentoring_pairs_version" after update on "mentoring_pairs" for each row when new.version = old.version
        begin update "mentoring_pairs" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger organisations_dismissals_delete on organisations
CREATE TRIGGER organisations_dismissals_delete after delete on organisations begin
    delete from duplicate_dismissals where kind = 'organisation' and (first_id = old.id or second_id = old.id);
  end;
-- trigger organisations_search_delete on organisations
CREATE TRIGGER organisations_search_delete after delete on organisations begin
    delete from search_index where rowid = old.id * 4;
  end;
-- trigger organisations_search_insert on organisations
CREATE TRIGGER organisations_search_insert after insert on organisations begin
    insert into search_index (rowid, title, body) values (new.id * 4, vitawin_fold(new.name), vitawin_fold(concat_ws(' ', new.siret, new.siren, new.rna, new.uai, new.email, new.outside_town, new.notes)));
  end;
-- trigger organisations_search_update on organisations
CREATE TRIGGER organisations_search_update after update of name, siret, siren, rna, uai, email, outside_town, notes on organisations begin
    delete from search_index where rowid = old.id * 4;
    insert into search_index (rowid, title, body) values (new.id * 4, vitawin_fold(new.name), vitawin_fold(concat_ws(' ', new.siret, new.siren, new.rna, new.uai, new.email, new.outside_town, new.notes)));
  end;
-- trigger organisations_version on organisations
CREATE TRIGGER "organisations_version" after update on "organisations" for each row when new.version = old.version
        begin update "organisations" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger people_dismissals_delete on people
CREATE TRIGGER people_dismissals_delete after delete on people begin
    delete from duplicate_dismissals where kind = 'person' and (first_id = old.id or second_id = old.id);
  end;
-- trigger people_search_delete on people
CREATE TRIGGER people_search_delete after delete on people begin
    delete from search_index where rowid = old.id * 4 + 1;
  end;
-- trigger people_search_insert on people
CREATE TRIGGER people_search_insert after insert on people begin
    insert into search_index (rowid, title, body) values (new.id * 4 + 1, vitawin_fold(new.first_name || ' ' || new.last_name), vitawin_fold(concat_ws(' ', new.email, new.job_title, new.outside_town, new.notes)));
  end;
-- trigger people_search_update on people
CREATE TRIGGER people_search_update after update of first_name, last_name, email, job_title, outside_town, notes on people begin
    delete from search_index where rowid = old.id * 4 + 1;
    insert into search_index (rowid, title, body) values (new.id * 4 + 1, vitawin_fold(new.first_name || ' ' || new.last_name), vitawin_fold(concat_ws(' ', new.email, new.job_title, new.outside_town, new.notes)));
  end;
-- trigger people_version on people
CREATE TRIGGER "people_version" after update on "people" for each row when new.version = old.version
        begin update "people" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger placements_version on placements
CREATE TRIGGER "placements_version" after update on "placements" for each row when new.version = old.version
        begin update "placements" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger programme_partners_version on programme_partners
CREATE TRIGGER "programme_partners_version" after update on "programme_partners" for each row when new.version = old.version
        begin update "programme_partners" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger proposed_actions_version on proposed_actions
CREATE TRIGGER "proposed_actions_version" after update on "proposed_actions" for each row when new.version = old.version
        begin update "proposed_actions" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger pupils_version on pupils
CREATE TRIGGER "pupils_version" after update on "pupils" for each row when new.version = old.version
        begin update "pupils" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger sequence_sessions_version on sequence_sessions
CREATE TRIGGER "sequence_sessions_version" after update on "sequence_sessions" for each row when new.version = old.version
        begin update "sequence_sessions" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger sequences_version on sequences
CREATE TRIGGER "sequences_version" after update on "sequences" for each row when new.version = old.version
        begin update "sequences" set version = old.version + 1 where rowid = new.rowid; end;
-- trigger working_groups_version on working_groups
CREATE TRIGGER "working_groups_version" after update on "working_groups" for each row when new.version = old.version
        begin update "working_groups" set version = old.version + 1 where rowid = new.rowid; end;
-- rows of action_fields: 4, sha1 266a383031037907a341601583a14613d90a8e57
-- rows of actor_profiles: 7, sha1 ce5dbae36cd13bc208ee4cc08154f64f72df6d67
-- rows of impact_dimensions: 3, sha1 d941e26fb2755e0687e2ebd493945e475f4a16fb
-- rows of indicators: 16, sha1 cecd96eb87f9c4911b5988ba156c507332e4e934
-- rows of offer_types: 8, sha1 610144376c5275409bcf53b4fec17fa3bf587ea0
-- rows of programme_step_templates: 7, sha1 8e289044190d020efb1379f6f26ec5f25bc6c2b9
-- rows of programmes: 6, sha1 31869e723ff9960b365d70cf3652b3eacd2be275
-- rows of school_levels: 11, sha1 7f47f2d7df5d6038e27b1a5459af7eef363d10e0
-- rows of search_index_config: 1, sha1 78fd9ee884143892ecaeed643b1e3769d3bc4937
-- rows of search_index_data: 2, sha1 4f2df120015a6fdc9adf063e0a463b38cdab4d1d
-- rows of sqlite_sequence: 2, sha1 6a3dc9f40d088e492aed2e6d4961f1ba418dc6b8
-- rows of territory: 1, sha1 110ad6bf128b02f12e7cdc4c8ebf8304d02bfd9a
-- rows of town_postal_codes: 14, sha1 10370464756f8326ddf029f3d9f753c8d3e872d1
-- rows of towns: 13, sha1 719e7aaf7f634ed74da2d55d66b62eea0996a541
