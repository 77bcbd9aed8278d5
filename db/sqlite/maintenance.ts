import fs from 'node:fs'
import path from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import { AppError, toAppError } from '../errors'
import { connect } from './connection'
import { readSchemaState } from './migrator'
import { describeRecordCounts, RECORD_TABLES } from '../record-tables'
import { quoteId } from '../introspection'

// SQLite-only maintenance: file facts, full checks, consistent copies.

export function getDatabaseInfo(sqlite: BetterSqlite3.Database, file: string, options: { counts?: boolean } = {}) {
  const tables = sqlite
    .prepare(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'search_index%' order by name",
    )
    .pluck()
    .all() as string[]
  const rowCounts: Record<string, number> = {}
  for (const table of options.counts === false ? [] : tables) {
    rowCounts[table] = sqlite.prepare(`select count(*) from ${quoteId(table)}`).pluck().get() as number
  }
  const size = (sqlite.pragma('page_count', { simple: true }) as number) * (sqlite.pragma('page_size', { simple: true }) as number)
  return { file, sizeBytes: size, schemaVersion: readSchemaState(sqlite).version, rowCounts }
}

/** True when the database holds any of the team's records (RECORD_TABLES). */
export function holdsRecords(sqlite: BetterSqlite3.Database): boolean {
  return RECORD_TABLES.some(({ table }) => sqlite.prepare(`select exists (select 1 from "${table}")`).pluck().get() === 1)
}

/** What the database holds, in French (« 3 organisations, 1 groupe de travail »), for a refusal. */
export function describeRecords(sqlite: BetterSqlite3.Database): string {
  return describeRecordCounts((table) => sqlite.prepare(`select count(*) from "${table}"`).pluck().get() as number)
}

export interface CheckReport {
  ok: boolean
  integrity: string[]
  foreignKeys: { table: string; rowid: number | null; parent: string }[]
}

/** Full integrity check and foreign-key check. */
export function checkDatabase(sqlite: BetterSqlite3.Database): CheckReport {
  const integrity = (sqlite.pragma('integrity_check') as Record<string, string>[]).map((row) => String(Object.values(row)[0]))
  const foreignKeys = (sqlite.pragma('foreign_key_check') as { table: string; rowid: number | null; parent: string }[]).map(
    (row) => ({ table: row.table, rowid: row.rowid, parent: row.parent }),
  )
  const ok = integrity.length === 1 && integrity[0] === 'ok' && foreignKeys.length === 0
  return { ok, integrity, foreignKeys }
}

/**
 * Writes a consistent, compact copy of the database (VACUUM INTO reads one snapshot, so the app
 * may keep writing meanwhile), then verifies the copy. Never overwrites an existing file.
 */
export function backupTo(sqlite: BetterSqlite3.Database, target: string): { file: string; sizeBytes: number } {
  const resolved = path.resolve(target)
  if (fs.existsSync(resolved)) {
    throw new AppError('conflict', `Le fichier de sauvegarde existe déjà : ${resolved}. Choisissez un autre nom.`)
  }
  fs.mkdirSync(path.dirname(resolved), { recursive: true })
  try {
    sqlite.prepare('vacuum into ?').run(resolved)
  } catch (error) {
    fs.rmSync(resolved, { force: true })
    throw toAppError(error)
  }
  const copy = connect(resolved, { readonly: true, fileMustExist: true })
  try {
    const report = checkDatabase(copy)
    if (!report.ok) {
      throw new AppError('io_error', `La sauvegarde écrite dans ${resolved} est invalide : ${report.integrity.join(', ')}.`)
    }
  } finally {
    copy.close()
  }
  return { file: resolved, sizeBytes: fs.statSync(resolved).size }
}
