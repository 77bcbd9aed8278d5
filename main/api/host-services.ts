import type { BackupEntry } from '../../db/sqlite/backups'
import type { MachineConfig } from '../machine-config'
import type { ApiErrorPayload } from './envelope'

// What the API host offers to the handlers beyond the open store: the machine's configuration,
// the backup folder, and the operations that replace the store itself (restore).

export interface RestoreResult {
  restored: { name: string; createdAt: string | null }
  /** The copy of the state before the restore (to undo it); null when the file could not be opened. */
  safetyBackup: BackupEntry | null
  /** Where a damaged file was moved (it is never overwritten). */
  setAside: string | null
}

export interface HostServices {
  databaseFile: string
  dataDir: string
  machine(): MachineConfig
  updateMachine(change: Partial<MachineConfig>): MachineConfig
  backupFolder(): string
  defaultBackupFolder(): string
  /** The error that kept the database from opening, or null. */
  openError(): ApiErrorPayload | null
  /** The last automatic backup's failure, if any (shown in Paramètres). */
  lastBackupError(): string | null
  /** A verified backup of the open database, now (call it under the write lock). */
  backup(reason: 'manuel' | 'avant-import' | 'avant-fusion'): BackupEntry
  /** Replaces the database by a backup: safety copy first, atomic swap, reopen (under the write lock). */
  restore(source: { file: string; name: string; createdAt: string | null }): Promise<RestoreResult>
  /** Rewrites the file without the residue of deleted data (after an erasure or a purge). */
  scrub(): { walEmptied: boolean }
}
