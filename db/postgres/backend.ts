import { sql, type Kysely } from 'kysely'
import type pg from 'pg'
import type { Backend } from '../backend'
import type { Database } from '../schema'
import type { PostgresChangeListener } from './changes'
import { withAdvisoryLock } from './locks'
import { checkTeamDatabase } from './maintenance'
import { searchPostgres } from './search'
import { loadPostgresDirectory } from './directory'
import { sireneImport } from './sirene'

// What a team database does its own way (DESIGN.md §5.2).

/** `pool`: the long operations' lock takes a connection of it; `changes`: the change feed's listener. */
export function postgresBackend(db: Kysely<Database>, location: string, schemaVersion: number, team: { pool: pg.Pool; changes: PostgresChangeListener }): Backend {
  return {
    search: (query, limit) => searchPostgres(db, query, limit),
    directory: (options) => loadPostgresDirectory(team.pool, options),
    async info(options) {
      const { rows } = await sql<{ name: string; size: number }>`select c.relname as name, pg_database_size(current_database()) as size
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and n.nspname = current_schema() and c.relname <> 'search_index' order by c.relname collate "C"`.execute(db)
      const rowCounts: Record<string, number> = {}
      for (const { name } of options?.counts === false ? [] : rows) {
        const { rows: counted } = await sql<{ count: number }>`select count(*) as count from ${sql.table(name)}`.execute(db)
        rowCounts[name] = counted[0]!.count
      }
      return { file: location, sizeBytes: rows[0]?.size ?? 0, schemaVersion, rowCounts }
    },
    check: () => checkTeamDatabase(db),
    sireneImport: (today, run) => sireneImport(db, today, run),
    latestChange: () => team.changes.latest(),
    committed: (operation) => team.changes.committed(operation),
    exclusive: (holder, run) => withAdvisoryLock(team.pool, holder, run),
  }
}
