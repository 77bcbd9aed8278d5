import { sql, type Kysely } from 'kysely'
import type { MigrationDialect } from './dialect'

// Frozen in time. A write whose answer was lost (the connection to the team database's server cut
// after its COMMIT) is sent again by the screen with the same request key: the key is recorded on
// the write's operation, in its transaction, and a key already there is answered without writing
// again (main/api/host.ts). `answer`: the first write's result (JSON), kept for a day; the index
// keeps clearing them (after each write) to the few rows that hold one.

export async function up(db: Kysely<any>, _d: MigrationDialect): Promise<void> {
  await db.schema.alterTable('audit_operations').addColumn('request_key', 'text').execute()
  await db.schema.alterTable('audit_operations').addColumn('answer', 'text').execute()
  await db.schema.createIndex('audit_operations_request_key').unique().on('audit_operations').column('request_key').where(sql.ref('request_key'), 'is not', null).execute()
  await db.schema.createIndex('audit_operations_answer').on('audit_operations').column('started_at').where(sql.ref('answer'), 'is not', null).execute()
}
