import { sql, type Kysely } from 'kysely'

// Frozen in time. Covering indexes for each actor's journal summary (last exchange, next step due),
// which the directory reads for every actor: the summary comes from the index alone.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('interactions_organisation_summary')
    .on('interactions')
    .columns(['organisation_id', 'occurred_on', 'next_step_done_on', 'next_step_due_on'])
    .where(sql.ref('organisation_id'), 'is not', null)
    .execute()
  await db.schema
    .createIndex('interactions_person_summary')
    .on('interactions')
    .columns(['person_id', 'occurred_on', 'next_step_done_on', 'next_step_due_on'])
    .where(sql.ref('person_id'), 'is not', null)
    .execute()
}
