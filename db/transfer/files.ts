import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { AppError, isUnreachable } from '../errors'
import { openPostgresStore } from '../postgres/connection'
import { connectionError } from '../postgres/errors'
import type { PostgresTarget } from '../postgres/target'
import { verifyBackup } from '../sqlite/backups'
import { openStore, type OpenOptions } from '../sqlite/connection'
import { describeRecords, filledRecordTables } from '../record-tables'
import { demoRefusal, type DemoOptions, type DemoSummary } from '../sqlite/demo'
import { writeDemoFile } from '../sqlite/demo/file'
import type { Db } from '../schema'
import { copyDatabase, type CopyOptions, type CopyReport } from './copy'

// The ways data moves between a local file and a team database: a local file into an empty
// team database (« Passer en mode équipe »), a team database into a new file (« Revenir en mode
// local », and the team mode's backup), and a backup file into an empty team database (restore).

export interface FileTransferReport extends CopyReport {
  file: string
  sizeBytes: number
}

/** Who copies into the team database, for the message the other laptops read while it runs (db/locks.ts). */
export interface TeamCopyOptions extends CopyOptions {
  /** Bring the team database to this version's schema first (a new database; needs the owner's rights). */
  migrate?: boolean
  /** The animator named to the other laptops (the app's); null from the command line. */
  animator?: string | null
}

/**
 * Copies an open local database into an empty team database, alone on it (its long operations'
 * lock, db/locks.ts: the other laptops are told who copies since when).
 */
export async function copyIntoTeam(kind: 'team.move' | 'team.restore' | 'team.demo', source: Db, target: PostgresTarget, options: TeamCopyOptions = {}): Promise<CopyReport> {
  const team = await openPostgresStore(target, { migrate: options.migrate })
  try {
    return await team.backend.exclusive({ kind, animator: options.animator ?? null, startedAt: new Date().toISOString() }, () => copyDatabase(source, team.db, options))
  } catch (error) {
    throw teamFailure(error, target, "rien n'a été enregistré dans la base d'équipe")
  } finally {
    await team.close()
  }
}

/** Copies a SQLite file, opened as the app opens it, into an empty team database. */
async function copyFileToTeam(kind: 'team.move' | 'team.restore' | 'team.demo', file: string, target: PostgresTarget, options: TeamCopyOptions, openOptions: OpenOptions = {}): Promise<CopyReport> {
  const source = await openStore(file, openOptions)
  try {
    return await copyIntoTeam(kind, source.db, target, options)
  } finally {
    await source.close()
  }
}

/** Copies the local database file into an empty team database. The file is only read (and migrated, as the app would). */
export async function moveFileToTeam(file: string, target: PostgresTarget, options: TeamCopyOptions = {}): Promise<CopyReport> {
  if (!fs.existsSync(file)) throw new AppError('not_found', `Fichier de données introuvable : ${path.resolve(file)}`)
  return copyFileToTeam('team.move', file, target, options)
}

/** A failure while the team database is in use, in French; a connection lost halfway says that nothing was kept. */
export function teamFailure(error: unknown, target: PostgresTarget, nothingKept: string): AppError {
  if (error instanceof AppError) return error
  if (isUnreachable(error)) {
    return new AppError('server_unreachable', `La connexion au serveur de la base d'équipe (${target.host}:${target.port}) a été coupée pendant la copie : ${nothingKept}. Réessayez quand le serveur répond.`)
  }
  return connectionError(error, target)
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true })
}

/**
 * Writes the team database into a new SQLite file, checked row for row, then checked as a file:
 * it appears under its name only when complete (a failure or a kill leaves no file, or a
 * « .partiel » one that the next export replaces). Never overwrites a file.
 */
export async function exportTeamToFile(target: PostgresTarget, out: string, options: CopyOptions = {}): Promise<FileTransferReport> {
  const file = path.resolve(out)
  if (fs.existsSync(file)) throw new AppError('conflict', `Le fichier existe déjà : ${file}. Choisissez un autre nom.`)
  const team = await openPostgresStore(target)
  try {
    return await exportToFile(team.db, file, options)
  } catch (error) {
    throw teamFailure(error, target, "aucun fichier n'a été écrit")
  } finally {
    await team.close()
  }
}

/** exportTeamToFile from a database already open (the app's team database, for its backup). */
export async function exportToFile(db: Db, out: string, options: CopyOptions = {}): Promise<FileTransferReport> {
  const file = path.resolve(out)
  if (fs.existsSync(file)) throw new AppError('conflict', `Le fichier existe déjà : ${file}. Choisissez un autre nom.`)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const partial = `${file}.partiel`
  removeDatabaseFiles(partial)
  try {
    const copy = await openStore(partial, { beforeMigrate: () => undefined })
    let report: CopyReport
    try {
      report = await copyDatabase(db, copy.db, options)
      // One self-contained file, as the backups are: no write-ahead journal left beside it when it is read again.
      copy.sqlite.pragma('journal_mode = DELETE')
    } finally {
      await copy.close()
    }
    const check = verifyBackup(partial)
    if (!check.ok) throw new AppError('io_error', `La copie écrite ne se relit pas correctement (${check.problem}) : elle a été supprimée.`)
    fs.renameSync(partial, file)
    return { ...report, file, sizeBytes: fs.statSync(file).size }
  } catch (error) {
    removeDatabaseFiles(partial)
    throw error
  }
}

/**
 * Loads a backup file (a local database or a team export) into an empty team database. The
 * backup is never modified: it is read from a temporary copy, brought to this version's schema
 * when it is older.
 */
export async function restoreFileToTeam(backup: string, target: PostgresTarget, options: TeamCopyOptions = {}): Promise<CopyReport> {
  const given = path.resolve(backup)
  if (!fs.existsSync(given)) throw new AppError('not_found', `Sauvegarde introuvable : ${given}.`)
  const check = verifyBackup(given)
  if (!check.ok) throw new AppError('database_damaged', `Cette sauvegarde ne peut pas être restaurée : ${check.problem}`)
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vitawin-restauration-'))
  try {
    const copy = path.join(folder, 'sauvegarde.sqlite')
    fs.copyFileSync(given, copy)
    return await copyFileToTeam('team.restore', copy, target, options, { beforeMigrate: () => undefined })
  } finally {
    fs.rmSync(folder, { recursive: true, force: true })
  }
}

/**
 * Fills an empty team database with the demo dataset. The generator writes SQLite (460,000 rows
 * at territory scale in prepared statements): it writes a temporary file, which is then copied in
 * like a move — one transaction, checked row for row, nothing kept if anything fails.
 */
export async function demoIntoTeam(target: PostgresTarget, demo: DemoOptions, options: TeamCopyOptions = {}): Promise<{ summary: DemoSummary; report: CopyReport }> {
  // Refused before the generation, which takes minutes at territory scale.
  const team = await openPostgresStore(target, { migrate: options.migrate })
  try {
    if ((await filledRecordTables(team.db)).length > 0) throw demoRefusal(await describeRecords(team.db), "Indiquez une base d'équipe vide (--database-url).")
  } finally {
    await team.close()
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vitawin-demonstration-'))
  try {
    const file = path.join(folder, 'demonstration.sqlite')
    const summary = await writeDemoFile(file, demo)
    return { summary, report: await copyFileToTeam('team.demo', file, target, options) }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true })
  }
}
