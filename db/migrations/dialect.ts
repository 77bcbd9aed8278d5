import { sql, type ColumnDefinitionBuilder, type RawBuilder } from 'kysely'

// Frozen in time, like the migrations: the few statements that SQLite and PostgreSQL write
// differently, side by side. A fragment is never edited once a migration uses it (that would
// change what an old migration writes); a new form gets a new fragment.
//
// Everything else in a migration is written once: the PostgreSQL migration compiler
// (db/postgres/migration-compiler.ts) turns `autoIncrement()` into an identity column, 'real'
// into double precision and 'text' into text collate "C" (SQLite's byte order).

export type Engine = 'sqlite' | 'postgres'

export interface MigrationDialect {
  engine: Engine
  /** The form of a statement or fragment for this engine. */
  pick<T>(forms: Record<Engine, T>): T
}

function dialect(engine: Engine): MigrationDialect {
  return { engine, pick: (forms) => forms[engine] }
}

export const SQLITE: MigrationDialect = dialect('sqlite')
export const POSTGRES: MigrationDialect = dialect('postgres')

/** The current instant as ISO 8601 text in UTC with milliseconds (2026-01-05T10:00:00.000Z), as a column default. */
export function nowDefault(d: MigrationDialect): RawBuilder<string> {
  return d.pick({
    sqlite: sql<string>`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
    postgres: sql<string>`(to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`,
  })
}

/** A school year written 2025-2026. */
export function schoolYearCheck(d: MigrationDialect, column: string): RawBuilder<boolean> {
  return d.pick({
    sqlite: sql<boolean>`${sql.ref(column)} glob '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'`,
    postgres: sql<boolean>`${sql.ref(column)} ~ '^[0-9]{4}-[0-9]{4}$'`,
  })
}

/** Exactly one of the columns is set. */
export function exactlyOneOf(d: MigrationDialect, columns: string[]): RawBuilder<boolean> {
  return d.pick({
    sqlite: sql<boolean>`${sql.raw(columns.map((column) => `(${column} is not null)`).join(' + '))} = 1`,
    postgres: sql<boolean>`num_nonnulls(${sql.join(columns.map((column) => sql.ref(column)))}) = 1`,
  })
}

/** A text column compared without regard to ASCII case (SQLite's NOCASE; citext under the "C" collation). */
export function caseInsensitiveText(d: MigrationDialect): {
  type: 'text' | RawBuilder<unknown>
  modify: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder
} {
  return d.pick({
    sqlite: { type: 'text' as const, modify: (column: ColumnDefinitionBuilder) => column.modifyEnd(sql`collate nocase`) },
    postgres: { type: sql`citext`, modify: (column: ColumnDefinitionBuilder) => column },
  })
}
