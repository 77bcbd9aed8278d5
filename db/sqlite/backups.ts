import fs from 'node:fs'
import path from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import { AppError, toAppError } from '../errors'
import { BACKUP_REASON, type BackupReason } from '../rules/safety-values'
import { assertCompatible } from '../migrator'
import { readSchemaState } from './migrator'
import { connect, quickCheck } from './connection'
import { backupTo } from './maintenance'

// SQLite-only: the backup folder. Each backup is a consistent, verified copy (VACUUM INTO, then a
// full integrity check), named after the database, its time (UTC) and why it was made:
//   vitawin_2026-11-23_14-05-09-123Z_auto.sqlite
// Rotation keeps the most recent ones, then one per day, per week and per month.

export type { BackupReason }

export interface BackupEntry {
  /** The file's name in the backup folder (what the API and the page refer to). */
  name: string
  file: string
  /** ISO instant the backup was made. */
  createdAt: string
  reason: BackupReason
  reasonLabel: string
  sizeBytes: number
}

export interface RotationPolicy {
  /** The most recent backups, whatever their day (a safety copy before a restore stays a while). */
  last: number
  daily: number
  weekly: number
  monthly: number
}

export const DEFAULT_ROTATION: RotationPolicy = { last: 10, daily: 7, weekly: 4, monthly: 12 }

/** The default backup folder: `sauvegardes` beside the database (<userData>/sauvegardes for the app's own). */
export function defaultBackupFolder(databaseFile: string): string {
  return path.join(path.dirname(path.resolve(databaseFile)), 'sauvegardes')
}

function baseName(databaseFile: string): string {
  return path.parse(databaseFile).name
}

function stamp(date: Date): string {
  return date.toISOString().replace('T', '_').replace(/:/g, '-').replace('.', '-')
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function namePattern(databaseFile: string): RegExp {
  return new RegExp(
    `^${escapeRegExp(baseName(databaseFile))}_(\\d{4}-\\d{2}-\\d{2})_(\\d{2})-(\\d{2})-(\\d{2})-(\\d{3})Z_([a-z-]+?)(?:-\\d+)?\\.sqlite$`,
  )
}

function parseName(databaseFile: string, name: string): { createdAt: string; reason: BackupReason } | null {
  const match = namePattern(databaseFile).exec(name)
  if (!match) return null
  const reason = match[6] as BackupReason
  if (!BACKUP_REASON.has(reason)) return null
  return { createdAt: `${match[1]}T${match[2]}:${match[3]}:${match[4]}.${match[5]}Z`, reason }
}

/** Backups in the order they are listed: the newest first (then by name). */
export const newestFirst = (a: BackupEntry, b: BackupEntry) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name)

/** The backups of this database in the folder, newest first. */
export function listBackups(folder: string, databaseFile: string): BackupEntry[] {
  let names: string[]
  try {
    names = fs.readdirSync(folder)
  } catch {
    return []
  }
  const entries: BackupEntry[] = []
  for (const name of names) {
    const parsed = parseName(databaseFile, name)
    if (!parsed) continue
    const file = path.join(folder, name)
    let size: number
    try {
      const stat = fs.statSync(file)
      if (!stat.isFile()) continue
      size = stat.size
    } catch {
      continue
    }
    entries.push({ name, file, createdAt: parsed.createdAt, reason: parsed.reason, reasonLabel: BACKUP_REASON.label(parsed.reason), sizeBytes: size })
  }
  return entries.sort(newestFirst)
}

const PARTIAL_SUFFIX = '.partiel'
const PARTIAL_MAX_AGE_MS = 3600 * 1000

/** Backups cut short long ago (another process may be writing a recent one). */
function removeStalePartials(folder: string, now: Date): void {
  let names: string[]
  try {
    names = fs.readdirSync(folder).filter((name) => name.endsWith(PARTIAL_SUFFIX))
  } catch {
    return
  }
  for (const name of names) {
    try {
      const file = path.join(folder, name)
      if (now.getTime() - fs.statSync(file).mtimeMs > PARTIAL_MAX_AGE_MS) fs.rmSync(file, { force: true })
    } catch {
      // Gone meanwhile.
    }
  }
}

function targetFor(folder: string, databaseFile: string, reason: BackupReason, now: Date): string {
  const base = path.join(folder, `${baseName(databaseFile)}_${stamp(now)}_${reason}`)
  let candidate = `${base}.sqlite`
  for (let n = 2; fs.existsSync(candidate); n++) candidate = `${base}-${n}.sqlite`
  return candidate
}

function describe(file: string, reason: BackupReason, now: Date): BackupEntry {
  return {
    name: path.basename(file),
    file,
    createdAt: now.toISOString(),
    reason,
    reasonLabel: BACKUP_REASON.label(reason),
    sizeBytes: fs.statSync(file).size,
  }
}

function folderError(folder: string, error: unknown): AppError {
  const appError = toAppError(error)
  if (appError.code === 'disk_full') {
    return new AppError('disk_full', `Le disque du dossier des sauvegardes est plein (${folder}) : la sauvegarde n'a pas été écrite.`)
  }
  return new AppError('io_error', `Le dossier des sauvegardes n'est pas accessible en écriture (${folder}) : ${appError.message}`)
}

export interface BackupOptions {
  folder: string
  /** The database the backup is named after (its series in the folder): a file, or a team database's series (db/transfer/team-backups.ts). */
  databaseFile: string
  reason: BackupReason
  now?: Date
  rotation?: RotationPolicy
}

/** The folder made, stale partial files removed: where the backup is to be written, under its final name. */
function prepareBackup(options: BackupOptions, now: Date): string {
  try {
    fs.mkdirSync(options.folder, { recursive: true })
  } catch (error) {
    throw folderError(options.folder, error)
  }
  removeStalePartials(options.folder, now)
  return targetFor(options.folder, options.databaseFile, options.reason, now)
}

/**
 * A backup written by `write`, which writes a complete, verified file at the path given (under
 * a « .partiel » name until it is, as createBackup does); named and rotated like the others.
 */
export async function createBackupWith(options: BackupOptions, write: (file: string) => Promise<void>): Promise<BackupEntry> {
  const now = options.now ?? new Date()
  const target = prepareBackup(options, now)
  try {
    await write(target)
  } catch (error) {
    fs.rmSync(`${target}${PARTIAL_SUFFIX}`, { force: true })
    if (error instanceof AppError && error.code !== 'disk_full') throw error
    throw folderError(options.folder, error)
  }
  const entry = describe(target, options.reason, now)
  rotateBackups(options.folder, options.databaseFile, options.rotation ?? DEFAULT_ROTATION, now)
  return entry
}

/** Writes a verified backup of the open database into the folder, then applies the rotation. */
export function createBackup(sqlite: BetterSqlite3.Database, options: BackupOptions): BackupEntry {
  const now = options.now ?? new Date()
  const target = prepareBackup(options, now)
  // Written under a name the listing ignores, renamed once verified: a backup cut short (the app
  // killed, the disk full) never passes for one.
  const partial = `${target}${PARTIAL_SUFFIX}`
  try {
    backupTo(sqlite, partial)
    fs.renameSync(partial, target)
  } catch (error) {
    fs.rmSync(partial, { force: true })
    if (error instanceof AppError && error.code !== 'disk_full' && error.code !== 'internal') throw error
    throw folderError(options.folder, error)
  }
  const entry = describe(target, options.reason, now)
  rotateBackups(options.folder, options.databaseFile, options.rotation ?? DEFAULT_ROTATION, now)
  return entry
}

/** Backs up a database file that is not open (before a migration), through a read-only connection. */
export function backupFile(databaseFile: string, options: { folder: string; reason: BackupReason; now?: Date }): BackupEntry {
  const sqlite = connect(databaseFile, { readonly: true, fileMustExist: true })
  try {
    return createBackup(sqlite, { folder: options.folder, databaseFile, reason: options.reason, now: options.now })
  } finally {
    sqlite.close()
  }
}

/** Moves a damaged database file (and its journal files) aside into the backup folder; never deletes it. */
export function setAsideDamaged(databaseFile: string, folder: string, now = new Date()): string | null {
  if (!fs.existsSync(databaseFile)) return null
  fs.mkdirSync(folder, { recursive: true })
  const target = targetFor(folder, databaseFile, 'endommage', now)
  moveFile(databaseFile, target)
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(databaseFile + suffix)) moveFile(databaseFile + suffix, target + suffix)
  }
  return target
}

function moveFile(from: string, to: string): void {
  try {
    fs.renameSync(from, to)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
    copyDurably(from, to)
    fs.rmSync(from)
  }
}

/**
 * Which backups the rotation keeps: the `last` most recent, then the newest of each of the
 * `daily` most recent days, `weekly` weeks and `monthly` months that have one (local time).
 * Damaged files set aside are never rotated away.
 */
export function backupsToKeep(entries: BackupEntry[], policy: RotationPolicy): Set<string> {
  const sorted = entries.filter((entry) => entry.reason !== 'endommage').sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  const keep = new Set(sorted.slice(0, policy.last).map((entry) => entry.name))
  const bucket = (count: number, key: (date: Date) => string) => {
    const seen = new Set<string>()
    for (const entry of sorted) {
      const value = key(new Date(entry.createdAt))
      if (seen.has(value)) continue
      if (seen.size >= count) break
      seen.add(value)
      keep.add(entry.name)
    }
  }
  const pad = (n: number) => String(n).padStart(2, '0')
  bucket(policy.daily, (date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`)
  bucket(policy.weekly, (date) => {
    // ISO week: the Thursday of the date's week names its year and week.
    const thursday = new Date(date.getFullYear(), date.getMonth(), date.getDate() + 3 - ((date.getDay() + 6) % 7))
    const firstThursday = new Date(thursday.getFullYear(), 0, 4)
    const week = 1 + Math.round(((thursday.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getDay() + 6) % 7)) / 7)
    return `${thursday.getFullYear()}-W${pad(week)}`
  })
  bucket(policy.monthly, (date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}`)
  return keep
}

/** Deletes the backups the rotation no longer keeps; returns their names. */
export function rotateBackups(folder: string, databaseFile: string, policy: RotationPolicy = DEFAULT_ROTATION, _now = new Date()): string[] {
  const entries = listBackups(folder, databaseFile)
  const keep = backupsToKeep(entries, policy)
  const removed: string[] = []
  for (const entry of entries) {
    if (entry.reason === 'endommage' || keep.has(entry.name)) continue
    try {
      fs.rmSync(entry.file)
      removed.push(entry.name)
    } catch {
      // A backup that cannot be removed now is removed by a later rotation.
    }
  }
  return removed
}

/** True when the newest backup (of any kind) is older than `maxAgeMs`, or there is none. */
export function backupIsDue(folder: string, databaseFile: string, now = new Date(), maxAgeMs = 24 * 3600 * 1000): boolean {
  const newest = listBackups(folder, databaseFile).find((entry) => entry.reason !== 'endommage')
  return !newest || now.getTime() - new Date(newest.createdAt).getTime() >= maxAgeMs
}

export interface BackupCheck {
  ok: boolean
  schemaVersion: number | null
  problem: string | null
}

/** Opens a backup read-only and checks it (quick_check, and a schema this version can open). */
export function verifyBackup(file: string): BackupCheck {
  let sqlite: BetterSqlite3.Database | undefined
  try {
    sqlite = connect(file, { readonly: true, fileMustExist: true })
    quickCheck(sqlite, file)
    const state = readSchemaState(sqlite)
    assertCompatible(state)
    return { ok: true, schemaVersion: state.version, problem: null }
  } catch (error) {
    const appError = toAppError(error)
    return { ok: false, schemaVersion: null, problem: appError.message }
  } finally {
    sqlite?.close()
  }
}

/** The most recent backup that passes verifyBackup, or null. */
export function latestGoodBackup(folder: string, databaseFile: string): BackupEntry | null {
  for (const entry of listBackups(folder, databaseFile)) {
    if (entry.reason === 'endommage') continue
    if (verifyBackup(entry.file).ok) return entry
  }
  return null
}

function fsyncPath(target: string, flags: string): void {
  let fd: number | undefined
  try {
    fd = fs.openSync(target, flags)
    fs.fsyncSync(fd)
  } catch {
    // Directories cannot be opened for fsync on Windows: the rename is durable enough there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}

function copyDurably(from: string, to: string): void {
  fs.copyFileSync(from, to)
  fsyncPath(to, 'r+')
}

/**
 * Replaces the database file by a copy of `source`, the safe way: the copy is written to a
 * temporary file beside the database and flushed to disk, the old journal files are removed (they
 * belong to the old file), then the copy is renamed over the database, which is atomic. The
 * database must be closed.
 */
export function replaceDatabaseFile(source: string, databaseFile: string): void {
  const target = path.resolve(databaseFile)
  const temporary = `${target}.restauration-${process.pid}.tmp`
  fs.rmSync(temporary, { force: true })
  try {
    copyDurably(source, temporary)
  } catch (error) {
    fs.rmSync(temporary, { force: true })
    throw toAppError(error)
  }
  for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(target + suffix, { force: true })
  fs.renameSync(temporary, target)
  fsyncPath(path.dirname(target), 'r')
}
