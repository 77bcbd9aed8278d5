import fs from 'node:fs'
import path from 'node:path'
import type { z } from 'zod'
import type { OpenOptions, SqliteStore } from '../../db/sqlite/connection'
import { describeTarget } from '../../db/postgres/target'
import { notInTeamMode, openStore, type DatabaseTarget, type Store } from '../../db/backend'
import { AppError, toAppError } from '../../db/errors'
import { describeHolder, LockBusyError, type LockHolder } from '../../db/locks'
import { currentAudit, runAuditOperation } from '../../db/audit/context'
import { recordAuditRows } from '../../db/audit/rows'
import { answeredWrite, keepAnswer, REQUEST_KEY } from '../../db/audit/replay'
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
import { createTeamBackup, teamBackupSeries } from '../../db/transfer/team-backups'
import { teamRestoreRefusal } from '../../db/rules/safety-values'
import { removeDatabaseFiles, writeDemoFile } from '../../db/sqlite/demo/file'
import { readMachineConfig, updateMachineConfig } from '../machine-config'
import { BROWSER_MODE_SECRETS, type SecretStore } from '../secrets'
import { teamTarget } from './team-database'
import { defaultDatabaseFile, demoDatabaseFile, userDataDir } from '../paths'
import { APP_VERSION } from '../version'
import { operationLabel, type Handler, type Progress } from './define'
import { dispatch } from './dispatch'
import { FileRegistry } from './files'
import type { DatabaseKind, DatabaseState, HostServices, RestoreResult } from './host-services'
import { handlers } from './index'
import { ReadWriteLock } from './lock'
import { activityOf } from './long-operations'
import type { ApiEnvelope, ApiErrorPayload } from './envelope'

/** A host; by default a local file's (`ApiHost<Store>` when it may serve a team database). */
export interface ApiHost<S extends Store = SqliteStore> {
  /** The open store, or null when the file could not be opened (see `openError`). */
  readonly store: S | null
  files: FileRegistry
  readonly openError: ApiErrorPayload | null
  services: HostServices
  /** Settles once the start-up backup (autoBackup) is written, or was not needed. */
  startupBackup: Promise<BackupEntry | null>
  /** `requestKey`: the screen's key for a write, the same when it sends it again (db/audit/replay.ts). */
  call(name: string, args: unknown, onProgress?: (progress: Progress) => void, requestKey?: string): Promise<ApiEnvelope>
  close(): Promise<void>
}

export interface HostOptions extends OpenOptions {
  /** The user's data folder, where the machine configuration lives. Default: the app's. */
  dataDir?: string
  /** Back up at start (and every hour while running) when the newest backup is over a day old: the app and browser mode. */
  autoBackup?: boolean
  /**
   * Reopen the demo when it was open at the last close (the machine's configuration): the app and
   * browser mode. Elsewhere (the CLI, tests) the file given is the one opened.
   */
  reopenDemo?: boolean
  /** The local file the animator can go back to from a team database (Paramètres → Base de données). Default: the file given. */
  localFile?: string
  /** Where a team database's password is kept on this machine (the app: the system's keychain). Default: nowhere (browser mode). */
  secrets?: SecretStore
  /** The app: open the team database this machine chose (Paramètres → Base de données) instead of the file given. */
  teamFromMachine?: boolean
}

/** Calls that work while the database cannot be opened: reading the backups, restoring one. */
const WITHOUT_STORE = new Set([
  'backups.list',
  'backups.recovery',
  'backups.restore',
  'backups.restoreFile',
  'backups.setFolder',
  'settings.get',
  'settings.setAnimator',
  'database.get',
  'database.open',
  'database.deleteDemo',
  'database.test',
  'database.connectTeam',
  'database.useLocal',
  'database.reconnect',
])

const DEMO_REFUSAL =
  'La démonstration est ouverte : les sauvegardes protègent vos données, pas les données fictives. Revenez à vos données pour sauvegarder ou restaurer.'

const HOUR = 3600 * 1000

/** A retry of a write that committed before the connection was cut, whose result was lost with it. */
export const ALREADY_DONE =
  "Cet enregistrement avait déjà été fait avant la coupure de la connexion : il n'a pas été refait. Vérifiez la fiche si besoin."

function payloadOf(error: unknown): ApiErrorPayload {
  const appError = toAppError(error)
  return { code: appError.code, message: appError.message, details: appError.details }
}

function fileSize(file: string): number {
  let size = 0
  for (const suffix of ['', '-wal']) {
    try {
      size += fs.statSync(file + suffix).size
    } catch {
      // No such file: nothing to add.
    }
  }
  return size
}

/**
 * Opens the database and serves the API over it. When the file cannot be opened (damaged, made by
 * a newer version), the host still starts and answers every call with that error, so the user
 * reads why instead of facing a blank window — except the backup calls, so that a damaged file
 * can be replaced by its most recent good backup from the page.
 *
 * Every call that writes runs alone (the lock), as one operation of the audit trail, after a
 * verified backup when it is an import or a merge.
 *
 * The host serves either the real database (the file given) or the demo beside it, one at a time:
 * switching closes one file and opens the other, so the real file is not touched while the demo
 * is open. The demo is never backed up (its backups would mix with the real ones).
 */
export async function createApiHost(file: string, options?: HostOptions): Promise<ApiHost<SqliteStore>>
export async function createApiHost(target: DatabaseTarget, options?: HostOptions): Promise<ApiHost<Store>>
export async function createApiHost(where: string | DatabaseTarget, options: HostOptions = {}): Promise<ApiHost<Store>> {
  /** The database the host serves from now on (Paramètres → Base de données switches it). */
  let target: DatabaseTarget = typeof where === 'string' ? { kind: 'sqlite', file: path.resolve(where) } : where
  // A team database has no file of its own: no demo beside it; its backups are copies in the local file's backup folder.
  let team = false
  let realFile = ''
  let demoFile = ''
  /** Why the chosen team database cannot even be tried (its saved password cannot be read back). */
  let targetProblem: ApiErrorPayload | null = null
  const setTarget = (next: DatabaseTarget) => {
    target = next
    targetProblem = null
    team = next.kind === 'postgres'
    realFile = next.kind === 'sqlite' ? path.resolve(next.file) : describeTarget(next.config)
    demoFile = team ? '' : demoDatabaseFile(realFile)
  }
  setTarget(target)
  const localFile = path.resolve(options.localFile ?? (target.kind === 'sqlite' ? target.file : defaultDatabaseFile()))
  const dataDir = options.dataDir ?? userDataDir()
  const { dataDir: _dataDir, autoBackup, reopenDemo, localFile: _localFile, secrets = BROWSER_MODE_SECRETS, teamFromMachine, ...openOptionsBase } = options
  const saved = teamFromMachine && target.kind === 'sqlite' ? readMachineConfig(dataDir).teamDatabase : undefined
  if (saved) {
    try {
      setTarget({ kind: 'postgres', config: teamTarget(saved, secrets) })
    } catch (error) {
      const { passwordEncrypted: _encrypted, ...config } = saved
      setTarget({ kind: 'postgres', config })
      targetProblem = payloadOf(error)
    }
  }
  let lastBackupError: string | null = null
  let kind: DatabaseKind = !team && reopenDemo && readMachineConfig(dataDir).openDemoOf === realFile && fs.existsSync(demoFile) ? 'demo' : 'real'
  const currentFile = () => (kind === 'demo' ? demoFile : realFile)

  // A team database's copies go to this laptop's backup folder, beside the local file's backups.
  const backupHome = () => (team ? localFile : realFile)
  const backupFolder = () => readMachineConfig(dataDir).backupFolder ?? defaultBackupFolder(backupHome())
  /** The series the open database's backups form in the folder: the file's, or the team database's copies. */
  const backupSeries = () => (target.kind === 'postgres' ? teamBackupSeries(target.config) : realFile)
  const openOptions: OpenOptions = {
    ...openOptionsBase,
    beforeMigrate: async (info) => {
      await openOptionsBase.beforeMigrate?.(info)
      // A file with data is copied before its schema changes; the copy is the way back. (The demo can be made again.)
      if (info.from > 0 && kind === 'real') backupFile(info.file, { folder: backupFolder(), reason: 'avant-migration' })
    },
  }

  const existed = !team && fs.existsSync(realFile) && fs.statSync(realFile).size > 0
  let store: Store | null = null
  let openError: ApiErrorPayload | null = null
  /** Opens the current file; when it cannot be, the host keeps why (openError) and serves that. */
  const openCurrent = async (): Promise<Store | null> => {
    if (targetProblem) {
      store = null
      openError = targetProblem
      return null
    }
    try {
      store = await openStore(kind === 'demo' || target.kind === 'sqlite' ? { kind: 'sqlite', file: currentFile() } : target, { sqlite: openOptions })
      openError = null
    } catch (error) {
      store = null
      openError = payloadOf(error)
    }
    return store
  }
  if (!(await openCurrent()) && kind === 'demo') {
    // A demo left damaged is not worth a recovery screen: the real database opens, the demo can be deleted and made again.
    console.error(`[démonstration] ${(openError as ApiErrorPayload | null)?.message ?? ''} Vos données sont ouvertes à la place.`)
    kind = 'real'
    await openCurrent()
  }
  const files = new FileRegistry()
  const lock = new ReadWriteLock()
  const animator = () => readMachineConfig(dataDir).animator ?? null
  const backupNow = async (reason: BackupReason, onProgress?: (progress: Progress) => void): Promise<BackupEntry> => {
    if (kind === 'demo') throw new AppError('conflict', DEMO_REFUSAL)
    if (!store) throw new AppError((openError?.code as never) ?? 'internal', openError?.message ?? 'La base de données est fermée.')
    if (store.kind === 'sqlite') return createBackup(store.sqlite, { folder: backupFolder(), databaseFile: realFile, reason })
    // A team database: a verified copy of it on this laptop (the transfer of `backup --out`).
    if (target.kind !== 'postgres') throw new AppError('internal', 'La base ouverte ne correspond pas à la base choisie.')
    return createTeamBackup(store.db, target.config, {
      folder: backupFolder(),
      reason,
      onProgress: onProgress && ((progress) => onProgress({ phase: `Copie de la base d'équipe (${progress.phase.replace(/^Copie : /, '')})`, done: progress.done, total: progress.total })),
    })
  }

  const databaseState = (): DatabaseState => ({
    kind,
    file: currentFile(),
    sizeBytes: team ? 0 : fileSize(currentFile()),
    realFile,
    demoFile,
    demoExists: !team && fs.existsSync(demoFile),
    localFile,
    team:
      target.kind === 'postgres'
        ? {
            host: target.config.host,
            port: target.config.port,
            database: target.config.database,
            user: target.config.user,
            sslmode: target.config.sslmode,
            caFile: target.config.caFile ?? null,
            encrypted: store?.kind === 'postgres' ? store.encrypted : null,
          }
        : null,
    passwordNotKept: secrets.unavailable(),
  })

  const rememberChoice = () => {
    try {
      updateMachineConfig(dataDir, { openDemoOf: kind === 'demo' ? realFile : undefined })
    } catch (error) {
      // The switch is done; only the next start will not know about it.
      console.error(`[configuration] ${toAppError(error).message}`)
    }
  }

  /** Closes the open file and opens the other (under the write lock). */
  async function switchTo(target: DatabaseKind, onProgress?: (progress: Progress) => void): Promise<DatabaseState> {
    if (target === kind && (store || target === 'real')) return databaseState()
    if (team) throw notInTeamMode('La démonstration')
    if (target === 'demo' && !fs.existsSync(demoFile)) {
      // Made before anything closes: if it fails, the open database stays open.
      onProgress?.({ phase: 'Création des données de démonstration', done: 0 })
      try {
        await writeDemoFile(demoFile, { onProgress: (phase, done, total) => onProgress?.({ phase, done, total }) })
      } catch (error) {
        throw new AppError('io_error', `Les données de démonstration n'ont pas pu être créées (${demoFile}) : ${toAppError(error).message}`)
      }
    }
    const previous = kind
    await store?.close()
    store = null
    kind = target
    // The real database that cannot be opened: the page shows why and offers its backups, as at start.
    if (!(await openCurrent()) && target === 'demo') {
      const why = openError?.message ?? ''
      // A demo that cannot be opened is not worth losing the real database for: back to it.
      kind = previous
      await openCurrent()
      throw new AppError('io_error', `La démonstration ne peut pas être ouverte : ${why} Supprimez-la (Paramètres → Général), elle sera recréée à la prochaine ouverture.`)
    }
    rememberChoice()
    if (kind === 'real' && autoBackup) setTimeout(() => void runDailyBackup(), 0)
    return databaseState()
  }

  /** Closes the open database and opens another (under the write lock); when it cannot be opened, the one open before is reopened. */
  async function openTarget(next: DatabaseTarget): Promise<DatabaseState> {
    const previous = { target, kind }
    await store?.close()
    store = null
    setTarget(next)
    kind = 'real'
    if (!(await openCurrent())) {
      const refused = openError!
      setTarget(previous.target)
      kind = previous.kind
      await openCurrent()
      throw new AppError(refused.code as never, refused.message)
    }
    rememberChoice()
    if (autoBackup) setTimeout(() => void runDailyBackup(), 0)
    return databaseState()
  }

  const services: HostServices = {
    get databaseFile() {
      return currentFile()
    },
    dataDir,
    machine: () => readMachineConfig(dataDir),
    updateMachine: (change) => updateMachineConfig(dataDir, change),
    backupFolder,
    defaultBackupFolder: () => defaultBackupFolder(backupHome()),
    openError: () => openError,
    lastBackupError: () => lastBackupError,
    backup: (reason, onProgress) => backupNow(reason, onProgress),
    async restore(source): Promise<RestoreResult> {
      if (kind === 'demo') throw new AppError('conflict', DEMO_REFUSAL)
      if (team) throw new AppError('conflict', teamRestoreRefusal(source.file))
      const databaseFile = realFile
      const check = verifyBackup(source.file)
      if (!check.ok) throw new AppError('file_invalid', `Cette sauvegarde ne peut pas être restaurée : ${check.problem}`)
      const folder = backupFolder()
      let safetyBackup: BackupEntry | null = null
      let setAside: string | null = null
      let reopened: Store | null = null
      // Restoring from the backup folder: read it before the safety copy's rotation could remove it.
      const staged = `${databaseFile}.source-${process.pid}.tmp`
      fs.copyFileSync(source.file, staged)
      try {
        if (store?.kind === 'sqlite') {
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
          reopened = await openCurrent()
        }
      } finally {
        fs.rmSync(staged, { force: true })
      }
      if (!reopened) throw new AppError((openError?.code as never) ?? 'internal', openError?.message ?? 'La sauvegarde restaurée ne peut pas être ouverte.')
      const opened = reopened
      await runAuditOperation({ kind: 'backups.restore', label: `Restauration de la sauvegarde « ${source.name} »`, animator: animator() }, () =>
        recordAuditRows(opened.db, [
          { action: 'event', table: 'database', rowId: null, changes: { sauvegarde: source.name, copie_de_securite: safetyBackup?.name ?? null, fichier_mis_de_cote: setAside } },
        ]),
      )
      rotateBackups(folder, databaseFile)
      return { restored: { name: source.name, createdAt: source.createdAt }, safetyBackup, setAside }
    },
    scrub() {
      if (!store) throw new AppError('internal', 'La base de données est fermée.')
      // The server's own files (WAL, backups) are IT's: the README says what remains there.
      if (store.kind !== 'sqlite') return { walEmptied: false }
      return removeResidue(store.sqlite)
    },
    database: databaseState,
    openDatabase: switchTo,
    secrets,
    openTarget,
    openTeamTarget: () => (target.kind === 'postgres' ? target.config : null),
    async reopen() {
      if (store) return databaseState()
      await openCurrent()
      if (!store) throw new AppError((openError?.code as never) ?? 'internal', openError?.message ?? 'La base de données ne peut pas être ouverte.')
      return databaseState()
    },
    async deleteDemo() {
      if (team) throw notInTeamMode('La démonstration')
      if (kind === 'demo') await switchTo('real')
      try {
        removeDatabaseFiles(demoFile)
      } catch (error) {
        throw new AppError('io_error', `La démonstration n'a pas pu être supprimée (${demoFile}) : ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`)
      }
      return databaseState()
    },
  }

  // One a day per laptop, on a team database too (its copy, read from one snapshot: this laptop's reads go on meanwhile).
  const runDailyBackup = () =>
    lock.run(!team, async () => {
      if (!store || kind === 'demo' || !backupIsDue(backupFolder(), backupSeries())) return null
      try {
        const entry = await backupNow('auto')
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
    autoBackup && store && kind === 'real' && (existed || team) ? new Promise<void>((resolve) => setTimeout(resolve, 0)).then(runDailyBackup) : Promise.resolve(null)
  const timer = autoBackup ? setInterval(() => void runDailyBackup(), HOUR) : null
  timer?.unref?.()

  /** The long operation this host runs now (a write lock held by it), for the calls waiting behind it. */
  let longUnderWay: LockHolder | null = null

  /** The audit operation the call under way wrote, if it wrote anything (its row is made with its first change). */
  const operationWritten = async (): Promise<number | undefined> => {
    const token = currentAudit().operation?.token
    if (!token || !store) return undefined
    const row = await store.db.selectFrom('auditOperations').select('id').where('token', '=', token).executeTakeFirst()
    return row?.id
  }

  const host: ApiHost<Store> = {
    get store() {
      return store
    },
    get openError() {
      return openError
    },
    files,
    services,
    startupBackup,
    async call(name, args, onProgress, requestKey) {
      const entry = Object.prototype.hasOwnProperty.call(handlers, name) ? (handlers as Record<string, Handler<z.ZodType, unknown>>)[name] : undefined
      const writes = entry?.writes ?? false
      // Behind a long operation of this host (browser mode's other tab, the CLI's): said while waiting, not silent.
      if (writes && longUnderWay && lock.wouldWait(true)) onProgress?.({ phase: `En attente : ${describeHolder(longUnderWay, activityOf)}`, done: 0 })
      return lock.run(writes, async () => {
        if (!store && !WITHOUT_STORE.has(name)) return { ok: false, error: openError! }
        const base = { store: store as Store, appVersion: APP_VERSION, files, host: services }
        if (!writes || !store || !entry) {
          const answer = await dispatch(base, name, args, { onProgress })
          // A read on a connection the server cut (restarted, sessions ended) is tried once more on a
          // fresh one: reading twice changes nothing. A write is not: the user retries it.
          if (answer.ok || answer.error.code !== 'server_unreachable' || store?.kind !== 'postgres') return answer
          await new Promise((resolve) => setTimeout(resolve, 250))
          return dispatch(base, name, args, { onProgress })
        }
        const key = requestKey !== undefined && REQUEST_KEY.test(requestKey) ? requestKey : undefined
        const writing = store
        const write = async (): Promise<ApiEnvelope> => {
          // Sent again after its answer was lost: committed already, it is answered, not written twice.
          const answered = key ? await answeredWrite(writing.db, key) : null
          if (answered) {
            return 'value' in answered
              ? { ok: true, value: answered.value, operation: answered.operation }
              : { ok: false, error: { code: 'already_done', message: ALREADY_DONE } }
          }
          // The demo's data is fictional: no backup before its imports and merges. A team database's
          // import or merge is one transaction the server keeps whole or not at all, can be undone
          // from the audit trail, and the server's own backups are IT's (DESIGN.md §5.4): copying the
          // whole shared database into a file before each one would take minutes at territory scale.
          const reason = kind === 'real' && !team ? entry.audit?.backup : null
          if (reason) {
            try {
              onProgress?.({ phase: 'Sauvegarde préalable', done: 0 })
              await services.backup(reason)
            } catch (error) {
              const appError = toAppError(error)
              return {
                ok: false,
                error: { code: appError.code, message: `La sauvegarde préalable n'a pas pu être écrite : ${appError.message} L'opération n'a pas été lancée.` },
              }
            }
          }
          const written = await runAuditOperation({ kind: name, label: operationLabel(entry, name, args, files), animator: animator(), requestKey: key }, async () => {
            const envelope = await dispatch(base, name, args, { onProgress })
            if (!envelope.ok) return envelope
            const operation = await operationWritten()
            // For a retry whose answer is lost after all; the write is done whether this is kept or not.
            if (key && operation !== undefined) await keepAnswer(writing.db, operation, envelope.value).catch(() => undefined)
            return { ...envelope, operation }
          })
          // Committed: the next question to the change feed finds it, whether or not its NOTIFY has come back yet.
          if (written.ok && written.operation !== undefined) writing.backend.committed(written.operation)
          return written
        }
        if (!entry.audit?.long) return write()
        // A long operation runs alone on the database (across laptops on a team database), or is refused naming who runs one.
        const holder: LockHolder = { kind: name, animator: animator(), startedAt: new Date().toISOString() }
        try {
          longUnderWay = holder
          return await store.backend.exclusive(holder, write)
        } catch (error) {
          const refusal = error instanceof LockBusyError ? error.explained(activityOf) : toAppError(error)
          return { ok: false, error: { code: refusal.code, message: refusal.message } }
        } finally {
          longUnderWay = null
        }
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

/**
 * The app's host, desktop or browser mode, on the database chosen at start: a team database (the
 * local file staying the way back, its daily copy going to that file's backup folder), or the file
 * with its demo and daily backups, or the team database this machine chose (`teamFromMachine`).
 */
export function createAppHost(target: DatabaseTarget, file: string, options: { dataDir: string; secrets?: SecretStore; teamFromMachine?: boolean }): Promise<ApiHost<Store>> {
  const { dataDir, secrets, teamFromMachine } = options
  if (target.kind === 'postgres') return createApiHost(target, { dataDir, autoBackup: true, localFile: file, secrets })
  return createApiHost(file, { dataDir, autoBackup: true, reopenDemo: true, teamFromMachine, secrets })
}
