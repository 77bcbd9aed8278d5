import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const PRODUCT_NAME = 'Vitawin Back-office'
export const DATABASE_FILE_NAME = 'vitawin.sqlite'

/**
 * The user's data folder, the same one Electron's app.getPath('userData') gives for this
 * product name, so that the app, the CLI and browser mode share one database by default.
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.VITAWIN_DATA_DIR) return path.resolve(env.VITAWIN_DATA_DIR)
  const home = os.homedir()
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME)
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME)
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME)
}

/** The database file: VITAWIN_DB when set, else the one in the user's data folder. */
export function defaultDatabaseFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VITAWIN_DB) return path.resolve(env.VITAWIN_DB)
  return path.join(userDataDir(env), DATABASE_FILE_NAME)
}

/**
 * The demo's database, beside the real one (vitawin.sqlite → vitawin-demo.sqlite): fictional
 * records never enter the real file, and deleting the demo is deleting this file.
 */
export function demoDatabaseFile(realFile: string): string {
  const { dir, name, ext } = path.parse(path.resolve(realFile))
  return path.join(dir, `${name}-demo${ext || '.sqlite'}`)
}

/**
 * Why a folder cannot hold the app's files (it cannot be created, or written to), or null when it
 * can: a probe file is written, then removed.
 */
export function writableFolderProblem(folder: string): string | null {
  const probe = path.join(folder, `.vitawin-essai-${process.pid}`)
  try {
    fs.mkdirSync(folder, { recursive: true })
    fs.writeFileSync(probe, 'essai')
    fs.rmSync(probe)
    return null
  } catch (error) {
    try {
      fs.rmSync(probe, { force: true })
    } catch {
      // Nothing was written (the folder is not one).
    }
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message
  }
}
