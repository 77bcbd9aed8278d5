import { sql, type Kysely } from 'kysely'
import type { MigrationDialect } from './dialect'

// Frozen in time. Two animators editing one record never overwrite each other silently: every
// record a form edits carries a version, which a save names (the version its form was loaded
// at) and moves on; a save made on an older version is refused (db/versions.ts).
//
// The database moves the version on at every other change too (imports, SIRENE updates, bulk
// status, undo, another client), so that a form open before any of them is refused as well: a
// trigger adds one when an update leaves the version as it was. SQLite cannot change NEW in a
// BEFORE trigger: its AFTER trigger updates the row again (the audit trail does not record the
// version, so that second update records nothing).

const TABLES = [
  'organisations',
  'people',
  'affiliations',
  'engagement_offers',
  'actor_requests',
  'interactions',
  'working_groups',
  'group_members',
  'group_meetings',
  'proposed_actions',
  'copil_members',
  'copil_sessions',
  'copil_decisions',
  'editions',
  'programme_partners',
  'edition_partners',
  'sequences',
  'sequence_sessions',
  'pupils',
  'placements',
  'mentoring_pairs',
  'mentoring_meetings',
  'indicator_targets',
  'indicator_values',
  'impact_narratives',
]

export async function up(db: Kysely<any>, d: MigrationDialect): Promise<void> {
  if (d.engine === 'postgres') {
    await sql`create function vitawin_bump_version() returns trigger language plpgsql as $$
      begin
        if new.version = old.version then new.version := old.version + 1; end if;
        return new;
      end $$`.execute(db)
  }
  for (const table of TABLES) {
    await db.schema.alterTable(table).addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute()
    const name = sql.id(`${table}_version`)
    await d.pick({
      sqlite: sql`create trigger ${name} after update on ${sql.table(table)} for each row when new.version = old.version
        begin update ${sql.table(table)} set version = old.version + 1 where rowid = new.rowid; end`,
      postgres: sql`create trigger ${name} before update on ${sql.table(table)} for each row execute function vitawin_bump_version()`,
    }).execute(db)
  }
}
