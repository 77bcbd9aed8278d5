import type { BackupEntry } from '../../db/sqlite/backups'
import type { MachineConfig } from '../machine-config'
import { AppError } from '../../db/errors'
import type { Progress } from './define'
import type { ApiErrorPayload } from './envelope'
import type { DatabaseKind } from '../../db/rules/safety-values'
import type { DatabaseTarget, PostgresTarget, SslMode } from '../../db/backend'
import type { SecretStore } from '../secrets'

// What the API host offers to the handlers beyond the open store: the machine's configuration,
// the backup folder, and the operations that replace the store itself (restore, switching between
// the real database and the demo).

export type { DatabaseKind }

export interface DatabaseState {
  kind: DatabaseKind
  /** The file open now: the real database, or the demo. */
  file: string
  /** The open file's size on disk, its write-ahead journal included. */
  sizeBytes: number
  realFile: string
  demoFile: string
  demoExists: boolean
  /** The local file of this machine (where « Revenir à la base locale » goes). */
  localFile: string
  /** The team database open now (never its password), or null on a local file. */
  team: {
    host: string
    port: number
    database: string
    user: string
    sslmode: SslMode
    caFile: string | null
    /** Whether the session is encrypted (TLS); null while the database is not open. */
    encrypted: boolean | null
  } | null
  /** Why a team database's password cannot be kept on this machine (browser mode…), or null. */
  passwordNotKept: string | null
}

export interface RestoreResult {
  restored: { name: string; createdAt: string | null }
  /** The copy of the state before the restore (to undo it); null when the file could not be opened. */
  safetyBackup: BackupEntry | null
  /** Where a damaged file was moved (it is never overwritten). */
  setAside: string | null
}

export interface HostServices {
  /** The file open now (it changes when the demo opens or closes). */
  readonly databaseFile: string
  dataDir: string
  machine(): MachineConfig
  updateMachine(change: Partial<MachineConfig>): MachineConfig
  backupFolder(): string
  defaultBackupFolder(): string
  /** The error that kept the database from opening, or null. */
  openError(): ApiErrorPayload | null
  /** The last automatic backup's failure, if any (shown in Paramètres). */
  lastBackupError(): string | null
  /** A verified backup of the open database, now (call it under the write lock); on a team database, a verified copy of it on this laptop. */
  backup(reason: 'manuel' | 'avant-import' | 'avant-fusion', onProgress?: (progress: Progress) => void): Promise<BackupEntry>
  /** Replaces the database by a backup: safety copy first, atomic swap, reopen (under the write lock). */
  restore(source: { file: string; name: string; createdAt: string | null }): Promise<RestoreResult>
  /** Rewrites the file without the residue of deleted data (after an erasure or a purge). */
  scrub(): { walEmptied: boolean }
  database(): DatabaseState
  /**
   * Closes the open database and opens the other one (under the write lock); the demo is created
   * from the demo generator the first time. The machine remembers the choice for the next start.
   */
  openDatabase(kind: DatabaseKind, onProgress?: (progress: Progress) => void): Promise<DatabaseState>
  /** Deletes the demo's file (after going back to the real database if the demo is open). */
  deleteDemo(): Promise<DatabaseState>
  /** Where a team database's password is kept on this machine. */
  secrets: SecretStore
  /** Closes the open database and opens another, the local file or a team database (under the write lock); refused, the one open stays. */
  openTarget(target: DatabaseTarget): Promise<DatabaseState>
  /** The team database open now, its password included (never to be shown or logged), or null. */
  openTeamTarget(): PostgresTarget | null
  /** Tries again to open the database that could not be opened (a team server that did not answer). */
  reopen(): Promise<DatabaseState>
}

/** The host's services, or a French refusal when a call runs outside an API host. */
export function needHost(host: HostServices | undefined): HostServices {
  if (!host) throw new AppError('internal', 'Cette opération demande l’application (hôte de l’API).')
  return host
}
