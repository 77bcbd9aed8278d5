import fs from 'node:fs'
import path from 'node:path'
import { processAlive } from '../api/files'

// One browser mode per data folder, as the desktop app is one instance: a second `npm start` (the
// first one's tab closed, its terminal forgotten) gives the address of the one already running
// instead of opening the same database from a second process.

export const INSTANCE_FILE = 'mode-navigateur.json'

export interface RunningInstance {
  pid: number
  url: string
}

function read(file: string): RunningInstance | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<RunningInstance>
    return typeof parsed.pid === 'number' && typeof parsed.url === 'string' ? { pid: parsed.pid, url: parsed.url } : null
  } catch {
    return null
  }
}

/** The browser mode already running on this data folder, if any (a claim left by a crash does not count). */
export function runningInstance(dataDir: string): RunningInstance | null {
  const running = read(path.join(dataDir, INSTANCE_FILE))
  return running && running.pid !== process.pid && processAlive(running.pid) ? running : null
}

/**
 * Claims the data folder for this process, or returns the instance that holds it. A claim left by
 * a process that ended without releasing it (a crash, a kill) is taken over.
 */
export function claimInstance(dataDir: string, url: string): { claimed: true; release(): void } | { claimed: false; running: RunningInstance } {
  const file = path.join(dataDir, INSTANCE_FILE)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // The address holds this run's token: readable by this user only.
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, url }), { flag: 'wx', mode: 0o600 })
      return {
        claimed: true,
        release: () => {
          if (read(file)?.pid === process.pid) fs.rmSync(file, { force: true })
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const running = runningInstance(dataDir)
      if (running) return { claimed: false, running }
      fs.rmSync(file, { force: true })
    }
  }
  throw new Error(`Le fichier ${file} ne peut pas être repris.`)
}
