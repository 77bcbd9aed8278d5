import { sql, type Kysely } from 'kysely'
import { type MigrationDialect, nowDefault } from './dialect'

// Frozen in time. Imports of organisations with their contacts, and the undo of an import:
// - import_mappings accepts the new kind of file, 'contacts' (SQLite cannot change a check: the
//   table is copied into a new one);
// - audit_operations.undone_by: the operation that undid this one (an import undone stays in the
//   journal, marked as such, and cannot be undone twice).

export async function up(db: Kysely<any>, d: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('import_mappings_new')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('target', 'text', (c) => c.notNull().check(sql`target in ('organisations', 'people', 'contacts')`))
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(nowDefault(d)))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(nowDefault(d)))
    .execute()
  await sql`insert into import_mappings_new (id, name, target, mapping, created_at, updated_at)
    select id, name, target, mapping, created_at, updated_at from import_mappings`.execute(db)
  // The copied ids do not move an identity column's sequence on.
  if (d.engine === 'postgres') await sql`select setval(pg_get_serial_sequence('import_mappings_new', 'id'), coalesce(max(id), 0) + 1, false) from import_mappings_new`.execute(db)
  await db.schema.dropTable('import_mappings').execute()
  await db.schema.alterTable('import_mappings_new').renameTo('import_mappings').execute()

  await db.schema
    .alterTable('audit_operations')
    .addColumn('undone_by', 'integer', (c) => c.references('audit_operations.id'))
    .execute()
  await db.schema.createIndex('audit_operations_undone_by').on('audit_operations').column('undone_by').where(sql.ref('undone_by'), 'is not', null).execute()
}
