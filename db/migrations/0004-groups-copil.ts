import { sql, type Kysely } from 'kysely'
import { searchTriggers } from './0003-crm.postgres'
import { exactlyOneOf, type MigrationDialect, nowDefault } from './dialect'

// Frozen in time. Working groups (members, meetings, attendance, minutes, proposed actions) and
// the steering committee (members, sessions, agenda, attendance, decisions and their follow-up).

const ONE_ACTOR = sql`(organisation_id is null) <> (person_id is null)`
const AT_MOST_ONE_ACTOR = sql`organisation_id is null or person_id is null`

function actorColumns<T extends { addColumn: (...args: any[]) => T }>(builder: T): T {
  return builder
    .addColumn('organisation_id', 'integer', (c: any) => c.references('organisations.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c: any) => c.references('people.id').onDelete('cascade'))
}

async function actorIndexes(db: Kysely<any>, table: string): Promise<void> {
  await db.schema.createIndex(`${table}_organisation`).on(table).column('organisation_id').where(sql.ref('organisation_id'), 'is not', null).execute()
  await db.schema.createIndex(`${table}_person`).on(table).column('person_id').where(sql.ref('person_id'), 'is not', null).execute()
}

export async function up(db: Kysely<any>, d: MigrationDialect): Promise<void> {
  const now = nowDefault(d)
  await db.schema
    .createTable('working_groups')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('theme', 'text')
    .addColumn('description', 'text')
    .addColumn('started_on', 'text')
    .addColumn('ended_on', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('actif').check(sql`status in ('en_preparation', 'actif', 'termine', 'suspendu')`),
    )
    .addColumn('pilot_association_id', 'integer', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('pilot_company_id', 'integer', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('facilitator_person_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('facilitator_name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute()

  await actorColumns(
    db.schema
      .createTable('group_members')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('group_id', 'integer', (c) => c.notNull().references('working_groups.id').onDelete('cascade')),
  )
    .addColumn('role', 'text')
    .addColumn('joined_on', 'text')
    .addColumn('left_on', 'text')
    .addCheckConstraint('group_members_one_actor', ONE_ACTOR)
    .execute()
  await actorIndexes(db, 'group_members')
  await db.schema.createIndex('group_members_group').on('group_members').column('group_id').execute()

  await db.schema
    .createTable('group_meetings')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('group_id', 'integer', (c) => c.notNull().references('working_groups.id').onDelete('cascade'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('agenda', 'text')
    .addColumn('minutes', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute()
  await db.schema.createIndex('group_meetings_group').on('group_meetings').columns(['group_id', 'held_on']).execute()
  await db.schema.createIndex('group_meetings_held').on('group_meetings').column('held_on').execute()

  // Attendance of meetings (working groups and COPIL sessions alike): a directory actor, or a
  // guest known only by name.
  {
    const [table, parent, parentTable] = ['meeting_attendance', 'meeting_id', 'group_meetings'] as const
    await actorColumns(
      db.schema
        .createTable(table)
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn(parent, 'integer', (c) => c.notNull().references(`${parentTable}.id`).onDelete('cascade')),
    )
      .addColumn('guest_name', 'text')
      .addColumn('is_guest', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('present', 'excuse', 'absent')`))
      .addCheckConstraint(`${table}_who`, exactlyOneOf(d, ['organisation_id', 'person_id', 'guest_name']))
      .execute()
    await actorIndexes(db, table)
    await db.schema.createIndex(`${table}_parent`).on(table).column(parent).execute()
  }

  await db.schema
    .createTable('meeting_attachments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('meeting_id', 'integer', (c) => c.references('group_meetings.id').onDelete('cascade'))
    .addColumn('session_id', 'integer')
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('copil_members')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('representative_person_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('representative_name', 'text')
    .addColumn('started_on', 'text')
    .addColumn('ended_on', 'text')
    .execute()
  await db.schema.createIndex('copil_members_organisation').on('copil_members').column('organisation_id').execute()
  await db.schema.createIndex('copil_members_person').on('copil_members').column('representative_person_id').execute()

  await db.schema
    .createTable('copil_sessions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('prevue').check(sql`status in ('prevue', 'tenue', 'annulee')`))
    .addColumn('minutes', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute()
  await db.schema.createIndex('copil_sessions_held').on('copil_sessions').column('held_on').execute()

  await db.schema
    .createTable('copil_agenda_items')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('session_id', 'integer', (c) => c.notNull().references('copil_sessions.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .execute()
  await db.schema.createIndex('copil_agenda_session').on('copil_agenda_items').columns(['session_id', 'position']).execute()

  await actorColumns(
    db.schema
      .createTable('copil_attendance')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('session_id', 'integer', (c) => c.notNull().references('copil_sessions.id').onDelete('cascade')),
  )
    .addColumn('guest_name', 'text')
    .addColumn('is_guest', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('present', 'excuse', 'absent')`))
    .addCheckConstraint('copil_attendance_who', exactlyOneOf(d, ['organisation_id', 'person_id', 'guest_name']))
    .execute()
  await actorIndexes(db, 'copil_attendance')
  await db.schema.createIndex('copil_attendance_parent').on('copil_attendance').column('session_id').execute()

  await db.schema
    .createTable('copil_documents')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('session_id', 'integer', (c) => c.notNull().references('copil_sessions.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .execute()

  await actorColumns(
    db.schema
      .createTable('copil_decisions')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('reference', 'text', (c) => c.notNull().unique())
      .addColumn('session_id', 'integer', (c) => c.notNull().references('copil_sessions.id').onDelete('restrict'))
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) =>
        c.notNull().check(sql`kind in ('strategie', 'developpement_reseau', 'action_soutenue', 'budget')`),
      ),
  )
    .addColumn('owner_label', 'text')
    .addColumn('due_on', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('a_lancer').check(sql`status in ('a_lancer', 'en_cours', 'realisee', 'reportee', 'abandonnee')`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .addCheckConstraint('copil_decisions_owner', AT_MOST_ONE_ACTOR)
    .execute()
  await actorIndexes(db, 'copil_decisions')
  await db.schema.createIndex('copil_decisions_session').on('copil_decisions').column('session_id').execute()
  await db.schema.createIndex('copil_decisions_status').on('copil_decisions').columns(['status', 'due_on']).execute()

  await db.schema
    .createTable('decision_followups')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('decision_id', 'integer', (c) => c.notNull().references('copil_decisions.id').onDelete('cascade'))
    .addColumn('session_id', 'integer', (c) => c.references('copil_sessions.id').onDelete('set null'))
    .addColumn('recorded_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('a_lancer', 'en_cours', 'realisee', 'reportee', 'abandonnee')`),
    )
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute()
  await db.schema.createIndex('decision_followups_decision').on('decision_followups').columns(['decision_id', 'recorded_on']).execute()

  await actorColumns(
    db.schema
      .createTable('proposed_actions')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('group_id', 'integer', (c) => c.notNull().references('working_groups.id').onDelete('cascade'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text'),
  )
    .addColumn('carried_by_label', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('proposee').check(sql`status in ('proposee', 'retenue', 'en_oeuvre', 'realisee', 'abandonnee')`),
    )
    .addColumn('proposed_on', 'text')
    .addColumn('decision_id', 'integer', (c) => c.references('copil_decisions.id').onDelete('set null'))
    .addColumn('outcome', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .addCheckConstraint('proposed_actions_carrier', AT_MOST_ONE_ACTOR)
    .execute()
  await actorIndexes(db, 'proposed_actions')
  await db.schema.createIndex('proposed_actions_group').on('proposed_actions').column('group_id').execute()
  await db.schema.createIndex('proposed_actions_decision').on('proposed_actions').column('decision_id').execute()

  // Minutes are searchable like notes.
  if (d.engine === 'postgres') {
    await searchTriggers(db, {
      table: 'group_meetings',
      code: 3,
      title: "''",
      body: "vitawin_fold(concat_ws(' ', new.place, new.agenda, new.minutes))",
      columns: ['place', 'agenda', 'minutes'],
    })
  } else {
    await sqliteSearchTriggers(db)
  }
}

async function sqliteSearchTriggers(db: Kysely<any>): Promise<void> {
  await sql`create trigger group_meetings_search_insert after insert on group_meetings begin
    insert into search_index (rowid, title, body) values (new.id * 4 + 3, '', vitawin_fold(concat_ws(' ', new.place, new.agenda, new.minutes)));
  end`.execute(db)
  await sql`create trigger group_meetings_search_update after update of place, agenda, minutes on group_meetings begin
    delete from search_index where rowid = old.id * 4 + 3;
    insert into search_index (rowid, title, body) values (new.id * 4 + 3, '', vitawin_fold(concat_ws(' ', new.place, new.agenda, new.minutes)));
  end`.execute(db)
  await sql`create trigger group_meetings_search_delete after delete on group_meetings begin
    delete from search_index where rowid = old.id * 4 + 3;
  end`.execute(db)
}
