import { PostgresAdapter } from 'kysely'
import type { Engine } from './migrations/dialect'
import { postgresIntrospection } from './postgres/introspection'
import type { Db } from './schema'
import { sqliteIntrospection } from './sqlite/introspection'

// What the live schema says (tables, columns, foreign keys), read the same way whatever the
// engine, so that a merge, an erasure or a purge covers every table, including those added by
// later migrations. Each engine answers from its own catalogue (db/sqlite/introspection.ts).

export interface ColumnInfo {
  name: string
  /** The declared type, as the engine spells it. */
  type: string
  notNull: boolean
  /** Position in the primary key (1-based), 0 when the column is not part of it. */
  primaryKey: number
}

export interface ForeignKeyColumn {
  table: string
  column: string
}

export interface SchemaIntrospection {
  /** The engine answering: for the rare statement that must be written differently (see privacy/retention.ts). */
  engine: Engine
  /** The data tables (not the engine's own, nor the full-text index's internals), by name. */
  tables(): Promise<string[]>
  columns(table: string): Promise<ColumnInfo[]>
  /** The columns of `table` that refer to another table, with the table they refer to. */
  foreignKeys(table: string): Promise<{ column: string; references: string }[]>
}

/** Every column, in any table, that refers to `target`. */
export async function referencesTo(schema: SchemaIntrospection, target: string): Promise<ForeignKeyColumn[]> {
  const found: ForeignKeyColumn[] = []
  for (const table of await schema.tables()) {
    for (const key of await schema.foreignKeys(table)) if (key.references === target) found.push({ table, column: key.column })
  }
  return found
}

/** The columns that may hold text (declared TEXT, CHAR or CLOB, or without a type). */
export async function textColumns(schema: SchemaIntrospection, table: string): Promise<ColumnInfo[]> {
  return (await schema.columns(table)).filter((column) => /TEXT|CHAR|CLOB/i.test(column.type) || column.type === '')
}

/** A table or column name, quoted for SQL written as text (the same on both engines). */
export function quoteId(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

export type IntrospectionFor = (db: Db) => SchemaIntrospection

/** The engine behind a Kysely (or one of its transactions), from its adapter. */
export function engineOf(db: Db): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}

/**
 * The same answers, each read once: for one operation that walks the schema many times (an
 * erasure of many people), during which the schema does not change.
 */
export function rememberingIntrospection(schema: SchemaIntrospection): SchemaIntrospection {
  const memo = new Map<string, Promise<unknown>>()
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    let found = memo.get(key) as Promise<T> | undefined
    if (!found) memo.set(key, (found = read()))
    return found
  }
  return {
    engine: schema.engine,
    tables: () => once('tables', () => schema.tables()),
    columns: (table) => once(`columns:${table}`, () => schema.columns(table)),
    foreignKeys: (table) => once(`keys:${table}`, () => schema.foreignKeys(table)),
  }
}

/** The schema as `db`'s engine tells it, read through `db` (so inside its transaction, when it is one). */
export function introspectionOf(db: Db): SchemaIntrospection {
  return engineOf(db) === 'postgres' ? postgresIntrospection(db) : sqliteIntrospection(db)
}
