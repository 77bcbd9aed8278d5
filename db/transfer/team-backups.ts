import fs from 'node:fs'
import { isUnreachable } from '../errors'
import type { PostgresTarget } from '../postgres/target'
import type { Db } from '../schema'
import { createBackupWith, listBackups, newestFirst, type BackupEntry, type BackupReason } from '../sqlite/backups'
import type { CopyOptions } from './copy'
import { exportToFile, teamFailure } from './files'

// The team mode's backups on a laptop: verified SQLite copies of the team database (the transfer
// of `backup --out`, every table checked by its digests), in this laptop's backup folder beside
// the local file's backups, named and rotated the same way as a series of their own:
//   equipe+serveur.example.fr+5432+vitawin_2026-12-04_01-00-00-000Z_manuel.sqlite

export type TeamOrigin = Pick<PostgresTarget, 'host' | 'port' | 'database'>

const PREFIX = 'equipe+'

/** What a name may hold of a server's or base's name on every system's disks. */
const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '-')

/** The series a team database's copies form in a folder, as the file backups form their file's (the `databaseFile` of db/sqlite/backups.ts). */
export function teamBackupSeries(origin: TeamOrigin): string {
  return `${PREFIX}${safe(origin.host)}+${origin.port}+${safe(origin.database)}.sqlite`
}

const SERIES = /^equipe\+([^+]+)\+(\d{1,5})\+([^+]+?)_\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}-\d{3}Z_/

/** The team database a backup's name says it is a copy of, or null for a local file's backup. */
export function teamOriginOf(name: string): TeamOrigin | null {
  const match = SERIES.exec(name)
  return match ? { host: match[1]!, port: Number(match[2]), database: match[3]! } : null
}

/** Every team database's copies in the folder (whatever server they came from), newest first. */
export function listTeamBackups(folder: string): BackupEntry[] {
  let names: string[]
  try {
    names = fs.readdirSync(folder)
  } catch {
    return []
  }
  const series = new Set(names.map(teamOriginOf).filter((origin) => origin !== null).map(teamBackupSeries))
  return [...series].flatMap((file) => listBackups(folder, file)).sort(newestFirst)
}

/** Writes a verified copy of the open team database into the folder, then rotates its series. */
export function createTeamBackup(db: Db, target: PostgresTarget, options: { folder: string; reason: BackupReason; now?: Date } & CopyOptions): Promise<BackupEntry> {
  const { folder, reason, now, ...copy } = options
  return createBackupWith({ folder, databaseFile: teamBackupSeries(target), reason, now }, async (file) => {
    try {
      await exportToFile(db, file, copy)
    } catch (error) {
      // The folder's own failures are said as such by createBackupWith; the server's, here.
      if (!isUnreachable(error) && typeof (error as { syscall?: unknown })?.syscall === 'string') throw error
      throw teamFailure(error, target, "aucune sauvegarde n'a été écrite")
    }
  })
}
