import fs from 'node:fs'
import path from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import { AppError, toAppError } from '../errors'
import { connect, type Store } from './connection'
import { plural } from '../rules/format'

// SQLite-only maintenance: file facts, full checks, consistent copies.

export function getDatabaseInfo(store: Store, options: { counts?: boolean } = {}) {
  const tables = store.sqlite
    .prepare(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'search_index%' order by name",
    )
    .pluck()
    .all() as string[]
  const rowCounts: Record<string, number> = {}
  for (const table of options.counts === false ? [] : tables) {
    rowCounts[table] = store.sqlite.prepare(`select count(*) from "${table.replaceAll('"', '""')}"`).pluck().get() as number
  }
  const size = (store.sqlite.pragma('page_count', { simple: true }) as number) * (store.sqlite.pragma('page_size', { simple: true }) as number)
  return { file: store.file, sizeBytes: size, schemaVersion: store.schemaVersion, rowCounts }
}

/**
 * The tables whose rows are the team's own records, as opposed to the reference lists the schema
 * seeds (towns, profiles, the programmes' template…). A database without any is new: the app
 * welcomes the user instead of showing a dashboard of zeros, and the demo may be generated into it.
 */
export const RECORD_TABLES: readonly { table: string; one: string; many: string }[] = [
  { table: 'organisations', one: 'organisation', many: 'organisations' },
  { table: 'people', one: 'personne', many: 'personnes' },
  { table: 'pupils', one: 'élève nommé', many: 'élèves nommés' },
  { table: 'interactions', one: 'échange du journal', many: 'échanges du journal' },
  { table: 'working_groups', one: 'groupe de travail', many: 'groupes de travail' },
  { table: 'copil_members', one: 'membre du COPIL', many: 'membres du COPIL' },
  { table: 'copil_sessions', one: 'séance du COPIL', many: 'séances du COPIL' },
  { table: 'copil_decisions', one: 'décision du COPIL', many: 'décisions du COPIL' },
  { table: 'editions', one: 'édition de programme', many: 'éditions de programmes' },
  { table: 'placements', one: 'stage', many: 'stages' },
  { table: 'mentoring_pairs', one: 'binôme de mentorat', many: 'binômes de mentorat' },
  { table: 'indicator_values', one: 'valeur d’indicateur', many: 'valeurs d’indicateurs' },
  { table: 'indicator_targets', one: 'cible d’indicateur', many: 'cibles d’indicateurs' },
  { table: 'impact_narratives', one: 'récit d’impact', many: 'récits d’impact' },
]

/** The record tables that hold at least one row (one indexed probe per table). */
export function filledRecordTables(sqlite: BetterSqlite3.Database): string[] {
  const probes = RECORD_TABLES.map(({ table }) => `exists (select 1 from "${table}") as "${table}"`).join(', ')
  const row = sqlite.prepare(`select ${probes}`).get() as Record<string, number>
  return RECORD_TABLES.map(({ table }) => table).filter((table) => row[table] === 1)
}

/** True when the database holds any of the team's records. */
export function holdsRecords(sqlite: BetterSqlite3.Database): boolean {
  return filledRecordTables(sqlite).length > 0
}

/** What the database holds, in French (« 3 organisations, 1 groupe de travail »), for a refusal. */
export function describeRecords(sqlite: BetterSqlite3.Database): string {
  return RECORD_TABLES.map(({ table, one, many }) => ({ count: sqlite.prepare(`select count(*) from "${table}"`).pluck().get() as number, one, many }))
    .filter(({ count }) => count > 0)
    .map(({ count, one, many }) => plural(count, one, many))
    .join(', ')
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
