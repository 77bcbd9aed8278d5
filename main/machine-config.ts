import fs from 'node:fs'
import path from 'node:path'
import { AppError } from '../db/errors'
import { SSL_MODES, type SslMode } from '../db/backend'

// What belongs to this machine rather than to the data: who works here, where the backups go,
// whether the demo is open, and which database the app opens (the local file, or the team's).
// Kept in a small JSON file in the user's data folder, outside the database, since the database
// may be the very thing that is broken.

export const MACHINE_CONFIG_FILE = 'configuration.json'

export interface MachineConfig {
  /** The animator working on this machine (asked once, changeable in Paramètres). */
  animator?: string
  /** The backup folder chosen by the user; default `sauvegardes` beside the database. */
  backupFolder?: string
  /**
   * The real database whose demo was open when the app last closed: the app reopens the demo
   * (beside that file) at its next start. Absent: the real database opens.
   */
  openDemoOf?: string
  /** Each grid's layout on this machine (columns shown, their order and widths, the sort), by grid. */
  gridLayouts?: Record<string, unknown>
  /** The team database the app opens instead of the local file (Paramètres → Base de données). Absent: the local file. */
  teamDatabase?: TeamDatabaseConfig
}

export interface TeamDatabaseConfig {
  host: string
  port: number
  database: string
  user: string
  sslmode: SslMode
  caFile?: string
  /** The password as the system's keychain encrypted it (main/secrets.ts): never in clear. */
  passwordEncrypted?: string
}

function teamDatabaseOf(value: unknown): TeamDatabaseConfig | undefined {
  if (!value || typeof value !== 'object') return undefined
  const { host, port, database, user, sslmode, caFile, passwordEncrypted } = value as Record<string, unknown>
  if (typeof host !== 'string' || !host || typeof database !== 'string' || !database || typeof user !== 'string' || !user) return undefined
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return undefined
  if (!SSL_MODES.includes(sslmode as SslMode)) return undefined
  return {
    host,
    port,
    database,
    user,
    sslmode: sslmode as SslMode,
    ...(typeof caFile === 'string' && path.isAbsolute(caFile) ? { caFile } : {}),
    ...(typeof passwordEncrypted === 'string' && passwordEncrypted ? { passwordEncrypted } : {}),
  }
}

export function machineConfigFile(dataDir: string): string {
  return path.join(dataDir, MACHINE_CONFIG_FILE)
}

/** Reads the configuration; a missing or unreadable file reads as empty (it is never required). */
export function readMachineConfig(dataDir: string): MachineConfig {
  let text: string
  try {
    text = fs.readFileSync(machineConfigFile(dataDir), 'utf8')
  } catch {
    return {}
  }
  try {
    const parsed = JSON.parse(text) as unknown
    if (!parsed || typeof parsed !== 'object') return {}
    const config: MachineConfig = {}
    const { animator, backupFolder, openDemoOf, gridLayouts, teamDatabase } = parsed as Record<string, unknown>
    if (typeof animator === 'string' && animator.trim()) config.animator = animator.trim()
    if (typeof backupFolder === 'string' && path.isAbsolute(backupFolder)) config.backupFolder = backupFolder
    if (typeof openDemoOf === 'string' && path.isAbsolute(openDemoOf)) config.openDemoOf = openDemoOf
    if (gridLayouts && typeof gridLayouts === 'object' && !Array.isArray(gridLayouts)) config.gridLayouts = gridLayouts as Record<string, unknown>
    const team = teamDatabaseOf(teamDatabase)
    if (team) config.teamDatabase = team
    return config
  } catch {
    return {}
  }
}

/** Writes the configuration atomically (temporary file, then rename). */
export function writeMachineConfig(dataDir: string, config: MachineConfig): void {
  const file = machineConfigFile(dataDir)
  const temporary = `${file}.${process.pid}.tmp`
  try {
    fs.mkdirSync(dataDir, { recursive: true })
    fs.writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`)
    fs.renameSync(temporary, file)
  } catch (error) {
    fs.rmSync(temporary, { force: true })
    throw new AppError('io_error', `La configuration de ce poste n'a pas pu être enregistrée (${file}) : ${(error as Error).message}`)
  }
}

export function updateMachineConfig(dataDir: string, change: Partial<MachineConfig>): MachineConfig {
  const next: MachineConfig = { ...readMachineConfig(dataDir), ...change }
  for (const key of Object.keys(next) as (keyof MachineConfig)[]) if (next[key] === undefined) delete next[key]
  writeMachineConfig(dataDir, next)
  return next
}
