import path from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import type pg from 'pg'
import type { Kysely } from 'kysely'
import type { DirectoryField } from './rules/actor-columns'
import { AppError } from './errors'
import type { LockHolder } from './locks'
import type { Database } from './schema'
import type { SearchHit } from './search/hits'
import type { DirectoryOptions, DirectoryPage } from './actors/directory-query'
import type { SireneCounts, SireneEstablishment } from './sqlite/sirene'

export type { SearchHit } from './search/hits'
export type { DirectoryOptions, DirectoryPage, DirectoryRow } from './actors/directory-query'
export type { SireneCounts, SireneEstablishment } from './sqlite/sirene'
import { parsePostgresUrl, type PostgresTarget } from './postgres/target'
export { describeTarget, parsePostgresUrl, SSL_MODES, type PostgresTarget, type SslMode } from './postgres/target'
import { openStore as openSqliteStore, type OpenOptions } from './sqlite/connection'
import { openPostgresStore } from './postgres/connection'

// Where the data is (a local SQLite file, or a team database on a PostgreSQL server) and the open
// store over it. Domain code takes `store.db` (Kysely, the same on both engines); what each engine
// does its own way (full-text search, the directory's aggregates, the SIRENE bulk writer, file
// facts) is the store's `backend`.

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; config: PostgresTarget }

export interface DatabaseInfo {
  /** The file, or the team database's address (never its password). */
  file: string
  sizeBytes: number
  schemaVersion: number
  rowCounts: Record<string, number>
}

export interface CheckReport {
  ok: boolean
  /** Each problem found, in French. */
  problems: string[]
}

export interface SireneWriter {
  counts: SireneCounts
  /** Writes establishments in the file's order (a SIRET met twice: the later line wins). */
  write(items: SireneEstablishment[]): Promise<void>
}

export interface Backend {
  search(query: string, limit: number): Promise<SearchHit[]>
  directory<Fields extends readonly DirectoryField[]>(options: DirectoryOptions<Fields>): Promise<DirectoryPage<Fields>>
  info(options?: { counts?: boolean }): Promise<DatabaseInfo>
  /** SQLite: the file's integrity and foreign keys; a team database: what the app relies on above the server's own checks. */
  check(): Promise<CheckReport>
  /**
   * Runs the SIRENE import's writes in one transaction that nothing else writes into meanwhile:
   * committed when `run` resolves, rolled back when it throws (the file is read between writes).
   */
  sireneImport<T>(today: string, run: (writer: SireneWriter) => Promise<T>): Promise<T>
  /** The change feed's position (db/audit/changes.ts): asked for on SQLite, learnt by LISTEN on PostgreSQL. */
  latestChange(): Promise<number>
  /**
   * An operation this host has just committed: the feed's position is at least it from now on
   * (on PostgreSQL its announcement by NOTIFY may arrive a moment after the answer; SQLite asks).
   */
  committed(operation: number): void
  /**
   * Runs a long operation (db/locks.ts) alone on the database, or refuses at once with a
   * LockBusyError naming who runs one. PostgreSQL: an advisory lock across laptops; SQLite: the
   * host's write lock already keeps it alone.
   */
  exclusive<T>(holder: LockHolder, run: () => Promise<T>): Promise<T>
}

interface StoreBase {
  db: Kysely<Database>
  /** The file, or postgresql://user@host:port/database (never the password). */
  location: string
  schemaVersion: number
  backend: Backend
  close(): Promise<void>
}

export interface SqliteStore extends StoreBase {
  kind: 'sqlite'
  file: string
  sqlite: BetterSqlite3.Database
}

export interface PostgresStore extends StoreBase {
  kind: 'postgres'
  pool: pg.Pool
  /** Whether the session is encrypted (TLS). */
  encrypted: boolean
}

export type Store = SqliteStore | PostgresStore

/** What is not written for team mode yet: refused in French, never a crash. */
export function notInTeamMode(what: string): AppError {
  return new AppError('conflict', `${what} n'est pas encore disponible en mode équipe (base PostgreSQL).`)
}

export const DATABASE_URL_VARIABLE = 'VITAWIN_DATABASE_URL'

/** A file path, or a postgresql:// URL. */
export function parseDatabaseTarget(text: string): DatabaseTarget {
  if (/^postgres(?:ql)?:\/\//i.test(text.trim())) return { kind: 'postgres', config: parsePostgresUrl(text) }
  return { kind: 'sqlite', file: path.resolve(text) }
}

/**
 * The database the CLI and browser mode open: `--database-url`, else VITAWIN_DATABASE_URL, else
 * the file (`--db`, VITAWIN_DB or the app's own).
 */
export function chooseDatabaseTarget(given: { databaseUrl?: string; file: string }, env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const url = given.databaseUrl?.trim() || env[DATABASE_URL_VARIABLE]?.trim()
  if (url) {
    if (!/^postgres(?:ql)?:\/\//i.test(url)) {
      throw new AppError('invalid_input', `L'adresse de la base d'équipe doit commencer par postgresql:// (${given.databaseUrl ? '--database-url' : DATABASE_URL_VARIABLE}).`)
    }
    return parseDatabaseTarget(url)
  }
  return { kind: 'sqlite', file: path.resolve(given.file) }
}

export interface StoreOptions {
  /** SQLite: the options of db/sqlite/connection's openStore. */
  sqlite?: OpenOptions
  /** PostgreSQL: apply pending migrations (the schema owner's account). */
  migrate?: boolean
}

/** Opens the store a target names, checked and up to date (or refused in French). */
export async function openStore(target: DatabaseTarget, options: StoreOptions = {}): Promise<Store> {
  if (target.kind === 'sqlite') return openSqliteStore(target.file, options.sqlite)
  return openPostgresStore(target.config, { migrate: options.migrate })
}
