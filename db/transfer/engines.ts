import { CompiledQuery } from 'kysely'
import type { Db } from '../schema'
import { engineOf, quoteId } from '../introspection'

// What a copy does its own way on each engine: the counters that hand out new ids, and the
// full-text index, which is not copied but rebuilt on the target from the rows it indexes.

const raw = async <R>(db: Db, text: string, parameters: unknown[] = []) => (await db.withoutPlugins().executeQuery<R>(CompiledQuery.raw(text, parameters))).rows

/**
 * The last id handed out for each table that generates its ids: SQLite's AUTOINCREMENT counter
 * (sqlite_sequence), PostgreSQL's identity sequences; never below the largest id present. A copy
 * carries them over, so that an id is never given twice (the audit trail names deleted rows by id).
 */
export async function readIdCounters(db: Db): Promise<Map<string, number>> {
  const counters = new Map<string, number>()
  if (engineOf(db) === 'postgres') {
    const rows = await raw<{ table: string; column: string; value: string | number | null }>(
      db,
      `select c.relname::text as "table", a.attname::text as "column", s.last_value as value
        from pg_class c
        join pg_attribute a on a.attrelid = c.oid and a.attidentity <> '' and not a.attisdropped
        left join pg_sequences s on format('%I.%I', s.schemaname, s.sequencename)::regclass = pg_get_serial_sequence(format('%I', c.relname), a.attname)::regclass
        where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')`,
    )
    for (const row of rows) {
      const [largest] = await raw<{ value: number | null }>(db, `select max(${quoteId(row.column)}) as value from ${quoteId(row.table)}`)
      counters.set(row.table, Math.max(Number(row.value ?? 0), Number(largest?.value ?? 0)))
    }
    return counters
  }
  const tables = await raw<{ name: string }>(db, "select name from sqlite_master where type = 'table' and sql like '%autoincrement%'")
  const sequence = new Map((await raw<{ name: string; seq: number }>(db, 'select name, seq from sqlite_sequence')).map((row) => [row.name, Number(row.seq)]))
  for (const { name } of tables) {
    const [largest] = await raw<{ value: number | null }>(db, `select max(rowid) as value from ${quoteId(name)}`)
    counters.set(name, Math.max(sequence.get(name) ?? 0, Number(largest?.value ?? 0)))
  }
  return counters
}

/** Sets the target's counters to at least the source's, for the tables that generate ids on the target. */
export async function writeIdCounters(db: Db, counters: Map<string, number>): Promise<void> {
  const own = await readIdCounters(db)
  if (engineOf(db) === 'postgres') {
    const columns = await raw<{ table: string; column: string }>(
      db,
      `select c.relname::text as "table", a.attname::text as "column" from pg_class c
        join pg_attribute a on a.attrelid = c.oid and a.attidentity <> '' and not a.attisdropped
        where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')`,
    )
    for (const { table, column } of columns) {
      const value = Math.max(counters.get(table) ?? 0, own.get(table) ?? 0)
      // setval(…, 1, false): the next id is 1, for a table that never had a row.
      await raw(db, 'select setval(pg_get_serial_sequence($1, $2), $3, $4)', [quoteId(table), column, Math.max(value, 1), value > 0])
    }
    return
  }
  for (const table of own.keys()) {
    const value = Math.max(counters.get(table) ?? 0, own.get(table) ?? 0)
    if (value === 0) continue
    const updated = await db.withoutPlugins().executeQuery(CompiledQuery.raw('update sqlite_sequence set seq = ? where name = ?', [value, table]))
    if (Number(updated.numAffectedRows ?? 0) === 0) await raw(db, 'insert into sqlite_sequence (name, seq) values (?, ?)', [table, value])
  }
}

/** How many rows the full-text index holds (one per organisation, person, journal entry and meeting). */
export async function searchIndexSize(db: Db): Promise<number> {
  const [row] = await raw<{ n: number | string }>(db, 'select count(*) as n from search_index')
  return Number(row?.n ?? 0)
}

/**
 * The full-text index on the target. On both engines the tables' triggers (migrations 0003 and
 * 0004) fill it as the rows go in, so the copy checks its size against the source's; SQLite's is
 * then merged into one segment, as after a large import.
 *
 * Hook for PostgreSQL's bulk path: the row triggers cost a GIN update per row (minutes at
 * territory scale, db/postgres/DESIGN.md §5.2). When search_index's trigger function learns a
 * transaction-local `vitawin.search = 'deferred'`, set it in `beforeCopy` and rebuild the index
 * with one `insert … select` per indexed table in `afterCopy`.
 */
export const searchIndexDuringCopy = {
  async beforeCopy(_db: Db): Promise<void> {},
  async afterCopy(db: Db): Promise<void> {
    if (engineOf(db) === 'sqlite') await raw(db, "insert into search_index (search_index) values ('optimize')")
  },
}
