import { sql, type Kysely } from 'kysely'
import { type MigrationDialect } from './dialect'

// Frozen in time. The audit trail and personal data:
// - audit_operations: one row per operation that changed data (an API call, an import, a merge,
//   a restore, a purge…), with who did it and when;
// - audit_log: one row per record created, changed or deleted, with the fields and their old and
//   new values (JSON), written by triggers that every connection of the app installs from the
//   live schema (db/sqlite/audit.ts), so tables added later are covered too;
// - audit_subjects: which actors (organisations, people) and pupils each audit row is about, so
//   that an actor's history is one index lookup;
// - people.anonymised_at: a contact erased on request or by the retention rules keeps its row
//   (so that counts of participations stay right) but loses everything that named them;
// - indexes on the two unindexed columns that refer to people (journal contacts, tutors).

export async function up(db: Kysely<any>, d: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('audit_operations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('animator', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('audit_operations_started').on('audit_operations').column('started_at').execute()
  await db.schema.createIndex('audit_operations_kind').on('audit_operations').columns(['kind', 'started_at']).execute()

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('operation_id', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('insert', 'update', 'delete', 'anonymise', 'event')`))
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('row_id', 'integer')
    /** JSON of the key columns, for tables whose key is not an integer id. */
    .addColumn('row_key', 'text')
    /** JSON: insert {field: new}, delete {field: old}, update {field: [old, new]}. */
    .addColumn('changes', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('audit_log_operation').on('audit_log').column('operation_id').execute()
  await db.schema.createIndex('audit_log_row').on('audit_log').columns(['table_name', 'row_id']).execute()

  await sql`create table audit_subjects (
    subject text not null,
    audit_id integer not null,
    primary key (subject, audit_id)
  )${d.pick({ sqlite: sql` without rowid`, postgres: sql`` })}`.execute(db)

  await db.schema.alterTable('people').addColumn('anonymised_at', 'text').execute()
  // Finding everything about one person (export, erasure, deleting a contact) reads these columns.
  await db.schema.createIndex('interactions_contact_person').on('interactions').column('contact_person_id').where(sql.ref('contact_person_id'), 'is not', null).execute()
  await db.schema.createIndex('placements_tutor').on('placements').column('tutor_person_id').where(sql.ref('tutor_person_id'), 'is not', null).execute()
}
