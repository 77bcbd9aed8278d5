import { sql, type Kysely } from 'kysely'
import * as postgres from './0003-crm.postgres'
import { caseInsensitiveText, type MigrationDialect, nowDefault } from './dialect'

// Frozen in time. The actor CRM: identifiers, fields of action, tags, networks, engagement
// offers, requests, the journal of interactions, saved grid views, import mappings, duplicate
// dismissals, and the full-text index kept in step by triggers.
//
// An actor is an organisation or a person: link tables carry two nullable foreign keys with a
// check that exactly one is set, so that deleting an actor cascades for real.

const ONE_ACTOR = sql`(organisation_id is null) <> (person_id is null)`

async function actorLinkColumns(db: Kysely<any>, table: string, build: (t: any) => any): Promise<void> {
  let builder = db.schema
    .createTable(table)
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('organisation_id', 'integer', (c) => c.references('organisations.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.references('people.id').onDelete('cascade'))
  builder = build(builder)
  await builder.addCheckConstraint(`${table}_one_actor`, ONE_ACTOR).execute()
  await db.schema.createIndex(`${table}_organisation`).on(table).column('organisation_id').where(sql.ref('organisation_id'), 'is not', null).execute()
  await db.schema.createIndex(`${table}_person`).on(table).column('person_id').where(sql.ref('person_id'), 'is not', null).execute()
}

const SCHOOL_LEVELS: [string, string][] = [
  ['6e', '6e'],
  ['5e', '5e'],
  ['4e', '4e'],
  ['3e', '3e'],
  ['seconde', 'Seconde'],
  ['premiere', 'Première'],
  ['terminale', 'Terminale'],
  ['cap', 'CAP'],
  ['bts', 'BTS'],
  ['superieur', 'Études supérieures'],
  ['adultes', 'Adultes'],
]

export async function up(db: Kysely<any>, d: MigrationDialect): Promise<void> {
  const now = nowDefault(d)
  const nocase = caseInsensitiveText(d)
  await db.schema.alterTable('organisations').addColumn('sirene_state', 'text').execute()
  await db.schema.alterTable('organisations').addColumn('sirene_updated_on', 'text').execute()
  await db.schema.alterTable('organisations').addColumn('closed_on', 'text').execute()
  await db.schema.alterTable('people').addColumn('job_title', 'text').execute()
  await db.schema.createIndex('organisations_status').on('organisations').columns(['status', 'joined_on']).execute()
  await db.schema.createIndex('people_status').on('people').columns(['status', 'joined_on']).execute()
  await db.schema.createIndex('people_name').on('people').columns(['last_name', 'first_name']).execute()
  await db.schema.createIndex('organisations_name').on('organisations').column('name').execute()

  await db.schema
    .createTable('school_levels')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute()
  await db
    .insertInto('school_levels')
    .values(SCHOOL_LEVELS.map(([code, label], index) => ({ code, label, sort_order: index + 1 })))
    .execute()

  await db.schema
    .createTable('tags')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', nocase.type, (c) => nocase.modify(c.notNull().unique()))
    .execute()
  await actorLinkColumns(db, 'actor_tags', (t) =>
    t.addColumn('tag_id', 'integer', (c: any) => c.notNull().references('tags.id').onDelete('cascade')),
  )
  await db.schema.createIndex('actor_tags_unique_organisation').on('actor_tags').columns(['tag_id', 'organisation_id']).unique().where(sql.ref('organisation_id'), 'is not', null).execute()
  await db.schema.createIndex('actor_tags_unique_person').on('actor_tags').columns(['tag_id', 'person_id']).unique().where(sql.ref('person_id'), 'is not', null).execute()

  await db.schema
    .createTable('networks')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', nocase.type, (c) => nocase.modify(c.notNull().unique()))
    .execute()
  await actorLinkColumns(db, 'actor_networks', (t) =>
    t.addColumn('network_id', 'integer', (c: any) => c.notNull().references('networks.id').onDelete('cascade')),
  )
  await db.schema.createIndex('actor_networks_unique_organisation').on('actor_networks').columns(['network_id', 'organisation_id']).unique().where(sql.ref('organisation_id'), 'is not', null).execute()
  await db.schema.createIndex('actor_networks_unique_person').on('actor_networks').columns(['network_id', 'person_id']).unique().where(sql.ref('person_id'), 'is not', null).execute()

  await actorLinkColumns(db, 'actor_action_fields', (t) =>
    t.addColumn('field_code', 'text', (c: any) => c.notNull().references('action_fields.code')),
  )
  await db.schema.createIndex('actor_action_fields_unique_organisation').on('actor_action_fields').columns(['field_code', 'organisation_id']).unique().where(sql.ref('organisation_id'), 'is not', null).execute()
  await db.schema.createIndex('actor_action_fields_unique_person').on('actor_action_fields').columns(['field_code', 'person_id']).unique().where(sql.ref('person_id'), 'is not', null).execute()

  await actorLinkColumns(db, 'engagement_offers', (t) =>
    t
      .addColumn('offer_type_code', 'text', (c: any) => c.notNull().references('offer_types.code'))
      .addColumn('capacity', 'integer', (c: any) => c.check(sql`capacity is null or capacity >= 0`))
      .addColumn('school_levels', 'text')
      .addColumn('availability', 'text')
      .addColumn('notes', 'text')
      .addColumn('active', 'integer', (c: any) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c: any) => c.notNull().defaultTo(now))
      .addColumn('updated_at', 'text', (c: any) => c.notNull().defaultTo(now)),
  )

  await actorLinkColumns(db, 'actor_requests', (t) =>
    t
      .addColumn('kind', 'text', (c: any) => c.notNull().check(sql`kind in ('intervenants', 'stage', 'visite', 'alternance', 'autre')`))
      .addColumn('title', 'text', (c: any) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('school_level', 'text', (c: any) => c.references('school_levels.code'))
      .addColumn('quantity', 'integer')
      .addColumn('wanted_on', 'text')
      .addColumn('status', 'text', (c: any) =>
        c.notNull().defaultTo('ouverte').check(sql`status in ('ouverte', 'en_cours', 'satisfaite', 'abandonnee')`),
      )
      .addColumn('created_at', 'text', (c: any) => c.notNull().defaultTo(now))
      .addColumn('updated_at', 'text', (c: any) => c.notNull().defaultTo(now)),
  )

  await actorLinkColumns(db, 'interactions', (t) =>
    t
      .addColumn('contact_person_id', 'integer', (c: any) => c.references('people.id').onDelete('set null'))
      .addColumn('kind', 'text', (c: any) => c.notNull().check(sql`kind in ('rencontre', 'appel', 'email', 'evenement', 'visite')`))
      .addColumn('occurred_on', 'text', (c: any) => c.notNull())
      .addColumn('animator', 'text', (c: any) => c.notNull())
      .addColumn('summary', 'text', (c: any) => c.notNull())
      .addColumn('next_step', 'text')
      .addColumn('next_step_due_on', 'text')
      .addColumn('next_step_done_on', 'text')
      .addColumn('created_at', 'text', (c: any) => c.notNull().defaultTo(now))
      .addColumn('updated_at', 'text', (c: any) => c.notNull().defaultTo(now)),
  )
  await db.schema.createIndex('interactions_occurred').on('interactions').column('occurred_on').execute()
  await db.schema
    .createIndex('interactions_follow_up')
    .on('interactions')
    .column('next_step_due_on')
    .where(sql<boolean>`next_step_due_on is not null and next_step_done_on is null`)
    .execute()

  await db.schema
    .createTable('saved_views')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('saved_views_scope_name', ['scope', 'name'])
    .execute()

  await db.schema
    .createTable('import_mappings')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('target', 'text', (c) => c.notNull().check(sql`target in ('organisations', 'people')`))
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute()

  await db.schema
    .createTable('duplicate_dismissals')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('organisation', 'person')`))
    .addColumn('first_id', 'integer', (c) => c.notNull())
    .addColumn('second_id', 'integer', (c) => c.notNull())
    .addColumn('dismissed_at', 'text', (c) => c.notNull().defaultTo(now))
    .addCheckConstraint('duplicate_dismissals_order', sql`first_id < second_id`)
    .addUniqueConstraint('duplicate_dismissals_pair', ['kind', 'first_id', 'second_id'])
    .execute()
  if (d.engine === 'postgres') {
    await postgres.dismissalTriggers(db)
    await postgres.searchIndex(db)
    await postgres.searchTriggers(db, {
      table: 'organisations',
      code: 0,
      title: 'vitawin_fold(new.name)',
      body: "vitawin_fold(concat_ws(' ', new.siret, new.siren, new.rna, new.uai, new.email, new.outside_town, new.notes))",
      columns: ['name', 'siret', 'siren', 'rna', 'uai', 'email', 'outside_town', 'notes'],
    })
    await postgres.searchTriggers(db, {
      table: 'people',
      code: 1,
      title: "vitawin_fold(new.first_name || ' ' || new.last_name)",
      body: "vitawin_fold(concat_ws(' ', new.email, new.job_title, new.outside_town, new.notes))",
      columns: ['first_name', 'last_name', 'email', 'job_title', 'outside_town', 'notes'],
    })
    await postgres.searchTriggers(db, {
      table: 'interactions',
      code: 2,
      title: "''",
      body: "vitawin_fold(concat_ws(' ', new.summary, new.next_step))",
      columns: ['summary', 'next_step'],
    })
  } else {
    await sqliteTriggersAndSearch(db)
  }

  // Rows written before this migration enter the index too.
  const searchKey = sql.raw(d.pick({ sqlite: 'rowid', postgres: 'row_id' }))
  await sql`insert into search_index (${searchKey}, title, body)
    select id * 4, vitawin_fold(name), vitawin_fold(concat_ws(' ', siret, siren, rna, uai, email, outside_town, notes)) from organisations`.execute(db)
  await sql`insert into search_index (${searchKey}, title, body)
    select id * 4 + 1, vitawin_fold(first_name || ' ' || last_name), vitawin_fold(concat_ws(' ', email, job_title, outside_town, notes)) from people`.execute(db)
}

// SQLite's triggers and FTS5 index (PostgreSQL's forms: ./0003-crm.postgres.ts).
async function sqliteTriggersAndSearch(db: Kysely<any>): Promise<void> {
  await sql`create trigger organisations_dismissals_delete after delete on organisations begin
    delete from duplicate_dismissals where kind = 'organisation' and (first_id = old.id or second_id = old.id);
  end`.execute(db)
  await sql`create trigger people_dismissals_delete after delete on people begin
    delete from duplicate_dismissals where kind = 'person' and (first_id = old.id or second_id = old.id);
  end`.execute(db)


  // Full-text search (SQLite FTS5). Text is folded by vitawin_fold() (accents, case, œ/æ), a
  // function every connection of the app registers. Row ids encode the source:
  // organisation id*4, person id*4+1, interaction id*4+2.
  await sql`create virtual table search_index using fts5(
    title, body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
  )`.execute(db)

  const organisationBody = sql.raw(`vitawin_fold(concat_ws(' ', new.siret, new.siren, new.rna, new.uai, new.email, new.outside_town, new.notes))`)
  await sql`create trigger organisations_search_insert after insert on organisations begin
    insert into search_index (rowid, title, body) values (new.id * 4, vitawin_fold(new.name), ${organisationBody});
  end`.execute(db)
  await sql`create trigger organisations_search_update after update of name, siret, siren, rna, uai, email, outside_town, notes on organisations begin
    delete from search_index where rowid = old.id * 4;
    insert into search_index (rowid, title, body) values (new.id * 4, vitawin_fold(new.name), ${organisationBody});
  end`.execute(db)
  await sql`create trigger organisations_search_delete after delete on organisations begin
    delete from search_index where rowid = old.id * 4;
  end`.execute(db)

  const personTitle = sql.raw(`vitawin_fold(new.first_name || ' ' || new.last_name)`)
  const personBody = sql.raw(`vitawin_fold(concat_ws(' ', new.email, new.job_title, new.outside_town, new.notes))`)
  await sql`create trigger people_search_insert after insert on people begin
    insert into search_index (rowid, title, body) values (new.id * 4 + 1, ${personTitle}, ${personBody});
  end`.execute(db)
  await sql`create trigger people_search_update after update of first_name, last_name, email, job_title, outside_town, notes on people begin
    delete from search_index where rowid = old.id * 4 + 1;
    insert into search_index (rowid, title, body) values (new.id * 4 + 1, ${personTitle}, ${personBody});
  end`.execute(db)
  await sql`create trigger people_search_delete after delete on people begin
    delete from search_index where rowid = old.id * 4 + 1;
  end`.execute(db)

  const interactionBody = sql.raw(`vitawin_fold(concat_ws(' ', new.summary, new.next_step))`)
  await sql`create trigger interactions_search_insert after insert on interactions begin
    insert into search_index (rowid, title, body) values (new.id * 4 + 2, '', ${interactionBody});
  end`.execute(db)
  await sql`create trigger interactions_search_update after update of summary, next_step on interactions begin
    delete from search_index where rowid = old.id * 4 + 2;
    insert into search_index (rowid, title, body) values (new.id * 4 + 2, '', ${interactionBody});
  end`.execute(db)
  await sql`create trigger interactions_search_delete after delete on interactions begin
    delete from search_index where rowid = old.id * 4 + 2;
  end`.execute(db)
}
