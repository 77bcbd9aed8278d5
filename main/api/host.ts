import fs from 'node:fs'
import path from 'node:path'
import type { z } from 'zod'
import { openStore, type OpenOptions, type Store } from '../../db/sqlite/connection'
import { AppError, toAppError } from '../../db/errors'
import { recordAuditRows, withAuditOperation } from '../../db/sqlite/audit'
import {
  backupFile,
  backupIsDue,
  createBackup,
  defaultBackupFolder,
  rotateBackups,
  replaceDatabaseFile,
  setAsideDamaged,
  verifyBackup,
  type BackupEntry,
  type BackupReason,
} from '../../db/sqlite/backups'
import { removeResidue } from '../../db/sqlite/scrub'
import { readMachineConfig, updateMachineConfig } from '../machine-config'
import { userDataDir } from '../paths'
import { APP_VERSION } from '../version'
import { operationLabel, type Handler, type Progress } from './define'
import { dispatch } from './dispatch'
import { FileRegistry } from './files'
import type { HostServices, RestoreResult } from './host-services'
import { handlers } from './index'
import { ReadWriteLock } from './lock'
import type { ApiEnvelope, ApiErrorPayload } from './envelope'

export interface ApiHost {
  /** The open store, or null when the file could not be opened (see `openError`). */
  readonly store: Store | null
  files: FileRegistry
  readonly openError: ApiErrorPayload | null
  services: HostServices
  /** Settles once the start-up backup (autoBackup) is written, or was not needed. */
  startupBackup: Promise<BackupEntry | null>
  call(name: string, args: unknown, onProgress?: (progress: Progress) => void): Promise<ApiEnvelope>
  close(): Promise<void>
}

export interface HostOptions extends OpenOptions {
  /** The user's data folder, where the machine configuration lives. Default: the app's. */
  dataDir?: string
  /** Back up at start (and every hour while running) when the newest backup is over a day old: the app and browser mode. */
  autoBackup?: boolean
}

/** Calls that work while the database cannot be opened: reading the backups, restoring one. */
const WITHOUT_STORE = new Set(['backups.list', 'backups.recovery', 'backups.restore', 'backups.restoreFile', 'backups.setFolder', 'settings.get', 'settings.setAnimator'])

const HOUR = 3600 * 1000

function payloadOf(error: unknown): ApiErrorPayload {
  const appError = toAppError(error)
  return { code: appError.code, message: appError.message, details: appError.details }
}

/**
 * Opens the database and serves the API over it. When the file cannot be opened (damaged, made by
 * a newer version), the host still starts and answers every call with that error, so the user
 * reads why instead of facing a blank window — except the backup calls, so that a damaged file
 * can be replaced by its most recent good backup from the page.
 *
 * Every call that writes runs alone (the lock), as one operation of the audit trail, after a
 * verified backup when it is an import or a merge.
 */
export async function createApiHost(file: string, options: HostOptions = {}): Promise<ApiHost> {
  const databaseFile = path.resolve(file)
  const dataDir = options.dataDir ?? userDataDir()
  const { dataDir: _dataDir, autoBackup, ...openOptionsBase } = options
  let lastBackupError: string | null = null

  const backupFolder = () => readMachineConfig(dataDir).backupFolder ?? defaultBackupFolder(databaseFile)
  const openOptions: OpenOptions = {
    ...openOptionsBase,
    beforeMigrate: async (info) => {
      await openOptionsBase.beforeMigrate?.(info)
      // A file with data is copied before its schema changes; the copy is the way back.
      if (info.from > 0) backupFile(info.file, { folder: backupFolder(), reason: 'avant-migration' })
    },
  }

  const existed = fs.existsSync(databaseFile) && fs.statSync(databaseFile).size > 0
  let store: Store | null = null
  let openError: ApiErrorPayload | null = null
  try {
    store = await openStore(databaseFile, openOptions)
  } catch (error) {
    openError = payloadOf(error)
  }
  const files = new FileRegistry()
  const lock = new ReadWriteLock()
  const animator = () => readMachineConfig(dataDir).animator ?? null
  const backupNow = (reason: BackupReason): BackupEntry => {
    if (!store) throw new AppError((openError?.code as never) ?? 'internal', openError?.message ?? 'La base de données est fermée.')
    return createBackup(store.sqlite, { folder: backupFolder(), databaseFile, reason })
  }

  const services: HostServices = {
    databaseFile,
    dataDir,
    machine: () => readMachineConfig(dataDir),
    updateMachine: (change) => updateMachineConfig(dataDir, change),
    backupFolder,
    defaultBackupFolder: () => defaultBackupFolder(databaseFile),
    openError: () => openError,
    lastBackupError: () => lastBackupError,
    backup: (reason) => backupNow(reason),
    async restore(source): Promise<RestoreResult> {
      const check = verifyBackup(source.file)
      if (!check.ok) throw new AppError('file_invalid', `Cette sauvegarde ne peut pas être restaurée : ${check.problem}`)
      const folder = backupFolder()
      let safetyBackup: BackupEntry | null = null
      let setAside: string | null = null
      // Restoring from the backup folder: read it before the safety copy's rotation could remove it.
      const staged = `${databaseFile}.source-${process.pid}.tmp`
      fs.copyFileSync(source.file, staged)
      try {
        if (store) {
          safetyBackup = createBackup(store.sqlite, { folder, databaseFile, reason: 'avant-restauration', rotation: { last: 1000, daily: 1000, weekly: 1000, monthly: 1000 } })
          await store.close()
          store = null
        } else {
          // The file could not be opened: it is kept aside, never overwritten.
          setAside = setAsideDamaged(databaseFile, folder)
        }
        try {
          replaceDatabaseFile(staged, databaseFile)
        } finally {
          // Whatever happened, the app works on a file again: the restored one, or the one it had.
          try {
            store = await openStore(databaseFile, openOptions)
            openError = null
          } catch (error) {
            openError = payloadOf(error)
          }
        }
      } finally {
        fs.rmSync(staged, { force: true })
      }
      if (!store) throw new AppError((openError?.code as never) ?? 'internal', openError?.message ?? 'La sauvegarde restaurée ne peut pas être ouverte.')
      const opened = store
      withAuditOperation(opened.sqlite, { kind: 'backups.restore', label: `Restauration de la sauvegarde « ${source.name} »`, animator: animator() }, () =>
        recordAuditRows(opened.sqlite, [
          { action: 'event', table: 'database', rowId: null, changes: { sauvegarde: source.name, copie_de_securite: safetyBackup?.name ?? null, fichier_mis_de_cote: setAside } },
        ]),
      )
      rotateBackups(folder, databaseFile)
      return { restored: { name: source.name, createdAt: source.createdAt }, safetyBackup, setAside }
    },
    scrub() {
      if (!store) throw new AppError('internal', 'La base de données est fermée.')
      return removeResidue(store.sqlite)
    },
  }

  const runDailyBackup = () =>
    lock.run(true, async () => {
      if (!store || !backupIsDue(backupFolder(), databaseFile)) return null
      try {
        const entry = backupNow('auto')
        lastBackupError = null
        return entry
      } catch (error) {
        lastBackupError = toAppError(error).message
        console.error(`[sauvegarde] ${lastBackupError}`)
        return null
      }
    })

  // At start (a new, empty file needs none), after the first calls have had a chance to run.
  const startupBackup: Promise<BackupEntry | null> =
    autoBackup && store && existed ? new Promise<void>((resolve) => setTimeout(resolve, 0)).then(runDailyBackup) : Promise.resolve(null)
  const timer = autoBackup ? setInterval(() => void runDailyBackup(), HOUR) : null
  timer?.unref?.()

  const host: ApiHost = {
    get store() {
      return store
    },
    get openError() {
      return openError
    },
    files,
    services,
    startupBackup,
    async call(name, args, onProgress) {
      const entry = Object.prototype.hasOwnProperty.call(handlers, name) ? (handlers as Record<string, Handler<z.ZodType, unknown>>)[name] : undefined
      const writes = entry?.writes ?? false
      return lock.run(writes, async () => {
        if (!store && !WITHOUT_STORE.has(name)) return { ok: false, error: openError! }
        const base = { store: store as Store, appVersion: APP_VERSION, files, host: services }
        if (!writes || !store || !entry) return dispatch(base, name, args, { onProgress })
        const reason = entry.audit?.backup
        if (reason) {
          try {
            onProgress?.({ phase: 'Sauvegarde préalable', done: 0 })
            services.backup(reason)
          } catch (error) {
            const appError = toAppError(error)
            return {
              ok: false,
              error: { code: appError.code, message: `La sauvegarde préalable n'a pas pu être écrite : ${appError.message} L'opération n'a pas été lancée.` },
            }
          }
        }
        const sqlite = store.sqlite
        return withAuditOperation(sqlite, { kind: name, label: operationLabel(entry, name, args, files), animator: animator() }, () =>
          dispatch(base, name, args, { onProgress }),
        )
      })
    },
    async close() {
      if (timer) clearInterval(timer)
      // Waits for the calls under way, then closes.
      await lock.run(true, async () => {
        await store?.close()
        store = null
      })
      files.dispose()
    },
  }
  return host
}
