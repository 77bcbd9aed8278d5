import { sql, type Kysely } from 'kysely'
import { type MigrationDialect, nowDefault, schoolYearCheck } from './dialect'

// Frozen in time. Programmes (Q2ER and the other actions) run as yearly editions made of
// sequences and their sessions; classes and speakers taking part; named pupils (only where a name
// is needed) with parental consent; internships and work-study placements; mentoring pairs; and
// the matching of schools' requests against the actors' engagement offers.

const ONE_ACTOR = sql`(organisation_id is null) <> (person_id is null)`

const PROGRAMMES: [string, string, string][] = [
  ['q2er', 'Q2ER — Quand élèves et entreprises se rencontrent', 'Programme annuel école–entreprise mené depuis 2014 avec le lycée Robert Schuman, un club d’entreprises et PEMB.'],
  ['mentorat', 'Mentorat', 'Binômes mentor / mentoré (élèves de seconde, première, BTS).'],
  ['conferences', 'Conférences « À la rencontre de l’entreprise »', 'Cycle de trois conférences pour élèves et étudiants.'],
  ['forum', 'Forum des métiers', 'Forum des métiers pour les classes de 4e.'],
  ['afterwork', 'Afterwork du réseau', 'Rencontre annuelle des Vitawiners.'],
  ['clee', 'CLEE — comités locaux école–entreprise', 'Comités locaux réunissant établissements et entreprises.'],
]

export async function up(db: Kysely<any>, d: MigrationDialect): Promise<void> {
  const now = nowDefault(d)
  await db.schema
    .createTable('programmes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute()
  await db.insertInto('programmes').values(PROGRAMMES.map(([code, name, description]) => ({ code, name, description }))).execute()

  await db.schema
    .createTable('programme_partners')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('organisation_id', 'integer', (c) => c.references('organisations.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.references('people.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('partenaire').check(sql`role in ('partenaire', 'referent')`))
    .addCheckConstraint('programme_partners_one_actor', ONE_ACTOR)
    .execute()

  await db.schema
    .createTable('editions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('school_year', 'text', (c) => c.notNull().check(schoolYearCheck(d, 'school_year')))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('preparation').check(sql`status in ('preparation', 'en_cours', 'terminee')`))
    .addColumn('notes', 'text')
    .addColumn('copied_from_id', 'integer', (c) => c.references('editions.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('editions_programme_year_title', ['programme_id', 'school_year', 'title'])
    .execute()
  await db.schema.createIndex('editions_year').on('editions').column('school_year').execute()

  await db.schema
    .createTable('edition_partners')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('edition_id', 'integer', (c) => c.notNull().references('editions.id').onDelete('cascade'))
    .addColumn('organisation_id', 'integer', (c) => c.references('organisations.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.references('people.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('partenaire').check(sql`role in ('partenaire', 'referent', 'etablissement')`))
    .addCheckConstraint('edition_partners_one_actor', ONE_ACTOR)
    .execute()
  await db.schema.createIndex('edition_partners_edition').on('edition_partners').column('edition_id').execute()
  await db.schema.createIndex('edition_partners_organisation').on('edition_partners').column('organisation_id').execute()
  await db.schema.createIndex('edition_partners_person').on('edition_partners').column('person_id').execute()

  await db.schema
    .createTable('sequences')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('edition_id', 'integer', (c) => c.notNull().references('editions.id').onDelete('cascade'))
    .addColumn('step_order', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('a_planifier').check(sql`status in ('a_planifier', 'planifiee', 'realisee', 'annulee')`),
    )
    .execute()
  await db.schema.createIndex('sequences_edition').on('sequences').columns(['edition_id', 'step_order']).execute()

  await db.schema
    .createTable('sequence_sessions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('sequence_id', 'integer', (c) => c.notNull().references('sequences.id').onDelete('cascade'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('town_code', 'text', (c) => c.references('towns.insee_code'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('planifiee').check(sql`status in ('planifiee', 'realisee', 'annulee')`))
    .addColumn('pupils_count', 'integer', (c) => c.check(sql`pupils_count is null or pupils_count >= 0`))
    .addColumn('teachers_count', 'integer', (c) => c.check(sql`teachers_count is null or teachers_count >= 0`))
    .addColumn('intervention_hours', 'real', (c) => c.check(sql`intervention_hours is null or intervention_hours >= 0`))
    .addColumn('satisfaction', 'real', (c) => c.check(sql`satisfaction is null or (satisfaction >= 0 and satisfaction <= 5)`))
    .addColumn('feedback', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute()
  await db.schema.createIndex('sequence_sessions_sequence').on('sequence_sessions').column('sequence_id').execute()
  await db.schema.createIndex('sequence_sessions_held').on('sequence_sessions').column('held_on').execute()

  // Classes taking part in a session: counted, not named.
  await db.schema
    .createTable('session_classes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sequence_sessions.id').onDelete('cascade'))
    .addColumn('school_id', 'integer', (c) => c.notNull().references('organisations.id').onDelete('restrict'))
    .addColumn('class_label', 'text')
    .addColumn('level_code', 'text', (c) => c.references('school_levels.code'))
    .addColumn('pupils_count', 'integer', (c) => c.check(sql`pupils_count is null or pupils_count >= 0`))
    .execute()
  await db.schema.createIndex('session_classes_session').on('session_classes').column('session_id').execute()
  await db.schema.createIndex('session_classes_school').on('session_classes').column('school_id').execute()

  // Companies and speakers taking part in a session.
  await db.schema
    .createTable('session_participants')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sequence_sessions.id').onDelete('cascade'))
    .addColumn('organisation_id', 'integer', (c) => c.references('organisations.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.references('people.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('intervenant').check(sql`role in ('intervenant', 'entreprise', 'accompagnateur')`))
    .addCheckConstraint('session_participants_one_actor', ONE_ACTOR)
    .execute()
  await db.schema.createIndex('session_participants_session').on('session_participants').column('session_id').execute()
  await db.schema.createIndex('session_participants_organisation').on('session_participants').column('organisation_id').execute()
  await db.schema.createIndex('session_participants_person').on('session_participants').column('person_id').execute()

  // Named pupils: only interns, mentees and the like; the least that is needed.
  await db.schema
    .createTable('pupils')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('is_minor', 'integer', (c) => c.notNull().check(sql`is_minor in (0, 1)`))
    .addColumn('school_id', 'integer', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('level_code', 'text', (c) => c.references('school_levels.code'))
    .addColumn('school_year', 'text', (c) => c.notNull().check(schoolYearCheck(d, 'school_year')))
    .addColumn('consent_given_by', 'text')
    .addColumn('consent_given_on', 'text')
    .addColumn('consent_scope', 'text')
    .addColumn('consent_expires_on', 'text')
    .addColumn('anonymised_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    // A minor cannot be named without a recorded parental consent: the database itself refuses it.
    .addCheckConstraint(
      'pupils_minor_consent',
      sql`is_minor = 0 or anonymised_at is not null or (consent_given_by is not null and consent_given_on is not null and consent_scope is not null)`,
    )
    .execute()

  await db.schema
    .createTable('placements')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('pupil_id', 'integer', (c) => c.references('pupils.id').onDelete('set null'))
    .addColumn('school_id', 'integer', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('level_code', 'text', (c) => c.references('school_levels.code'))
    .addColumn('host_organisation_id', 'integer', (c) => c.notNull().references('organisations.id').onDelete('restrict'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('stage_3e', 'stage_seconde', 'pfmp', 'bts', 'alternance')`))
    .addColumn('started_on', 'text', (c) => c.notNull())
    .addColumn('ended_on', 'text')
    .addColumn('tutor_person_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('tutor_name', 'text')
    .addColumn('edition_id', 'integer', (c) => c.references('editions.id').onDelete('set null'))
    .addColumn('request_id', 'integer', (c) => c.references('actor_requests.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('prevu').check(sql`status in ('prevu', 'en_cours', 'termine', 'annule')`))
    .addColumn('outcome', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute()
  await db.schema.createIndex('placements_host').on('placements').column('host_organisation_id').execute()
  await db.schema.createIndex('placements_started').on('placements').column('started_on').execute()
  await db.schema.createIndex('placements_pupil').on('placements').column('pupil_id').execute()

  await db.schema
    .createTable('mentoring_pairs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('edition_id', 'integer', (c) => c.references('editions.id').onDelete('set null'))
    .addColumn('mentor_person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('restrict'))
    .addColumn('mentee_pupil_id', 'integer', (c) => c.references('pupils.id').onDelete('set null'))
    .addColumn('started_on', 'text', (c) => c.notNull())
    .addColumn('ended_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('actif').check(sql`status in ('actif', 'termine', 'interrompu')`))
    .addColumn('notes', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute()
  await db.schema.createIndex('mentoring_pairs_mentor').on('mentoring_pairs').column('mentor_person_id').execute()
  await db.schema.createIndex('mentoring_pairs_mentee').on('mentoring_pairs').column('mentee_pupil_id').execute()

  await db.schema
    .createTable('mentoring_meetings')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('pair_id', 'integer', (c) => c.notNull().references('mentoring_pairs.id').onDelete('cascade'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .execute()
  await db.schema.createIndex('mentoring_meetings_pair').on('mentoring_meetings').column('pair_id').execute()

  // Matching a request against the offers: who was asked, and what they answered.
  await db.schema
    .createTable('request_candidates')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('request_id', 'integer', (c) => c.notNull().references('actor_requests.id').onDelete('cascade'))
    .addColumn('offer_id', 'integer', (c) => c.references('engagement_offers.id').onDelete('set null'))
    .addColumn('organisation_id', 'integer', (c) => c.references('organisations.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.references('people.id').onDelete('cascade'))
    .addColumn('interaction_id', 'integer', (c) => c.references('interactions.id').onDelete('set null'))
    .addColumn('contacted_on', 'text')
    .addColumn('response', 'text', (c) => c.notNull().defaultTo('en_attente').check(sql`response in ('en_attente', 'accepte', 'refuse')`))
    .addColumn('quantity', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addCheckConstraint('request_candidates_one_actor', ONE_ACTOR)
    .execute()
  await db.schema.createIndex('request_candidates_request').on('request_candidates').column('request_id').execute()
  await db.schema.createIndex('request_candidates_organisation').on('request_candidates').column('organisation_id').execute()
  await db.schema.createIndex('request_candidates_person').on('request_candidates').column('person_id').execute()

  // What a working group's proposed action became.
  await db.schema.alterTable('proposed_actions').addColumn('edition_id', 'integer', (c) => c.references('editions.id').onDelete('set null')).execute()
}
