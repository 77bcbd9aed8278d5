import fs from 'node:fs'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely'
import { AppError, toAppError } from '../errors'
import type { Database } from '../schema'
import { assertCompatible } from '../migrator'
import { migrate, readSchemaState } from './migrator'
import { SCHEMA_VERSION } from '../migrations'
import { foldText } from '../rules/text'
import { installAuditTriggers, registerAuditFunctions } from './audit'
import type { SqliteStore } from '../backend'
import { sqliteBackend } from './backend'

// Everything here is SQLite-only: the pragmas, the checks on open, the native binding.

export const PRAGMAS = {
  journal_mode: 'wal',
  synchronous: 'full',
  foreign_keys: 'on',
  busy_timeout: 5000,
  journal_size_limit: 64 * 1024 * 1024,
  temp_store: 'memory',
} as const

export interface OpenOptions {
  /** Open without writing anything (no migration, no pragma that changes the file). */
  readonly?: boolean
  /** Stop migrating at this schema version (tests). Defaults to the app's version. */
  targetVersion?: number
  /** Skip quick_check (only for tools that run their own, fuller check). */
  skipCheck?: boolean
  /** Called before pending migrations run, with the file still untouched (e.g. to back it up). */
  beforeMigrate?: (info: { file: string; from: number; to: number }) => void | Promise<void>
  /** Path of the compiled better-sqlite3 addon (the Electron build lives apart from Node's). */
  nativeBinding?: string
}

export type { SqliteStore } from '../backend'
/** The SQLite store (the app's code takes the engine-neutral `Store` of db/backend.ts). */
export type Store = SqliteStore

let defaultNativeBinding: string | undefined

let defaultBeforeMigrate: OpenOptions['beforeMigrate']

/** The hook run before migrations when a caller of openStore gives none (the CLI backs the file up). */
export function setDefaultBeforeMigrate(hook: OpenOptions['beforeMigrate']): void {
  defaultBeforeMigrate = hook
}

/** The Electron shell points this at the addon built for Electron's ABI. */
export function setDefaultNativeBinding(file: string | undefined): void {
  defaultNativeBinding = file
}

export function connect(file: string, options: BetterSqlite3.Options, nativeBinding?: string): BetterSqlite3.Database {
  const binding = nativeBinding ?? defaultNativeBinding
  const sqlite = new BetterSqlite3(file, binding ? { ...options, nativeBinding: binding } : options)
  registerFunctions(sqlite)
  return sqlite
}

/** SQL functions the schema relies on (the full-text triggers fold text with vitawin_fold). */
export function registerFunctions(sqlite: BetterSqlite3.Database): void {
  sqlite.function('vitawin_fold', { deterministic: true }, (value: unknown) =>
    value === null || value === undefined ? null : foldText(String(value)),
  )
  registerAuditFunctions(sqlite)
}

const DAMAGED_MESSAGE =
  "Le fichier de données est endommagé et ne peut pas être ouvert. Il n'a pas été modifié. Restaurez la sauvegarde la plus récente."

/** Runs SQLite's quick_check; throws a French AppError when the file is damaged. */
export function quickCheck(sqlite: BetterSqlite3.Database, file: string): void {
  let rows: string[]
  try {
    rows = sqlite.pragma('quick_check', { simple: false }) as unknown as string[]
    rows = (rows as unknown as Record<string, string>[]).map((row) => Object.values(row)[0] ?? '')
  } catch (error) {
    throw new AppError('database_damaged', DAMAGED_MESSAGE, { file, cause: String(error) })
  }
  if (rows.length !== 1 || rows[0] !== 'ok') {
    throw new AppError('database_damaged', DAMAGED_MESSAGE, { file, problems: rows.slice(0, 20) })
  }
}

/** Inspects an existing file without writing to it: damage, version, history. */
function inspectExisting(file: string, options: OpenOptions): void {
  let sqlite: BetterSqlite3.Database | undefined
  try {
    sqlite = connect(file, { readonly: true, fileMustExist: true }, options.nativeBinding)
    // Reading the whole file through a memory map is the quickest way to check it.
    sqlite.pragma('mmap_size = 1073741824')
    if (!options.skipCheck) quickCheck(sqlite, file)
    assertCompatible(readSchemaState(sqlite))
  } catch (error) {
    if (error instanceof AppError) throw error
    const appError = toAppError(error)
    if (appError.code === 'database_damaged' || appError.code === 'internal') {
      throw new AppError('database_damaged', DAMAGED_MESSAGE, { file, cause: String(error) })
    }
    throw appError
  } finally {
    sqlite?.close()
  }
}

export function applyPragmas(sqlite: BetterSqlite3.Database): void {
  const mode = sqlite.pragma(`journal_mode = ${PRAGMAS.journal_mode}`, { simple: true })
  if (mode !== 'wal') {
    throw new AppError(
      'io_error',
      "Le dossier des données ne permet pas le mode de journalisation requis (WAL). Placez le fichier sur un disque local.",
    )
  }
  sqlite.pragma(`synchronous = ${PRAGMAS.synchronous}`)
  sqlite.pragma(`foreign_keys = ${PRAGMAS.foreign_keys}`)
  sqlite.pragma(`busy_timeout = ${PRAGMAS.busy_timeout}`)
  sqlite.pragma(`journal_size_limit = ${PRAGMAS.journal_size_limit}`)
  sqlite.pragma(`temp_store = ${PRAGMAS.temp_store}`)
}

/**
 * Kysely's SQLite dialect, except that a rollback is skipped when SQLite has already rolled the
 * transaction back itself (a full disk, an I/O error): the real error then reaches the user, not
 * « cannot rollback - no transaction is active ».
 */
class GuardedSqliteDialect extends SqliteDialect {
  private readonly handle: BetterSqlite3.Database
  constructor(sqlite: BetterSqlite3.Database) {
    super({ database: sqlite })
    this.handle = sqlite
  }
  override createDriver() {
    const driver = super.createDriver()
    const rollback = driver.rollbackTransaction.bind(driver)
    driver.rollbackTransaction = async (connection) => {
      if (this.handle.inTransaction) await rollback(connection)
    }
    return driver
  }
}

export function createKysely(sqlite: BetterSqlite3.Database): Kysely<Database> {
  return new Kysely<Database>({
    dialect: new GuardedSqliteDialect(sqlite),
    plugins: [new CamelCasePlugin()],
  })
}

/**
 * Opens (or creates) the database file: checks it, refuses a damaged or too-new file without
 * writing to it, sets every pragma, and brings the schema up to date.
 */
export async function openStore(file: string, options: OpenOptions = {}): Promise<SqliteStore> {
  const resolved = path.resolve(file)
  const exists = fs.existsSync(resolved) && fs.statSync(resolved).size > 0
  if (exists) inspectExisting(resolved, options)
  else if (options.readonly) throw new AppError('not_found', `Fichier de données introuvable : ${resolved}`)
  else fs.mkdirSync(path.dirname(resolved), { recursive: true })

  let sqlite: BetterSqlite3.Database
  try {
    sqlite = connect(resolved, options.readonly ? { readonly: true, fileMustExist: true } : {}, options.nativeBinding)
  } catch (error) {
    throw toAppError(error)
  }
  try {
    if (options.readonly) {
      sqlite.pragma(`busy_timeout = ${PRAGMAS.busy_timeout}`)
      sqlite.pragma('foreign_keys = on')
    } else {
      applyPragmas(sqlite)
      const target = options.targetVersion ?? SCHEMA_VERSION
      const current = readSchemaState(sqlite).version
      if (current < target) {
        await (options.beforeMigrate ?? defaultBeforeMigrate)?.({ file: resolved, from: current, to: target })
        await migrate(sqlite, target)
      }
      installAuditTriggers(sqlite)
    }
  } catch (error) {
    sqlite.close()
    throw toAppError(error)
  }
  const db = createKysely(sqlite)
  return {
    kind: 'sqlite',
    file: resolved,
    location: resolved,
    sqlite,
    db,
    backend: sqliteBackend(sqlite, resolved, db),
    schemaVersion: readSchemaState(sqlite).version,
    async close() {
      if (!sqlite.open) return
      if (!options.readonly) {
        try {
          sqlite.pragma('wal_checkpoint(TRUNCATE)')
        } catch {
          // Best effort: the WAL is replayed on the next open anyway.
        }
      }
      await db.destroy()
      if (sqlite.open) sqlite.close()
    },
  }
}
