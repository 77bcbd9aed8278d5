import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { writeMachineConfig } from '../../main/machine-config'
import { buildNeeded } from '../../scripts/start-decisions.mjs'
import { launchBrowser } from '../helpers/browser'
import { sha256, tempDir } from '../helpers/temp'

// `npm start` as a user runs it, on a machine where Electron cannot be had (its binary missing,
// its download refused — the condition of the project's own machines): one French line, then
// browser mode on the app's data folder, reached in Chromium through the printed address; Ctrl+C
// stops it with the database closed; better-sqlite3's Node build is left as it was.

const ROOT = path.resolve(__dirname, '../..')
const NODE_BUILD = path.join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')
const ADDRESS = /Ouvrez : (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/

let browser: Browser
const children: ChildProcess[] = []

beforeAll(async () => {
  // `npm start` builds when a source is newer than the build; here it must not (other tests read out/).
  expect(buildNeeded(ROOT), 'build the app first (electron-vite build)').toBeNull()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL')
})

/** The environment of a machine where Electron cannot be had, with its own data folder. */
function withoutElectron(dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const key of ['VITAWIN_DB', 'PORT', 'WAYLAND_DISPLAY', 'npm_config_electron_mirror']) delete env[key]
  return {
    ...env,
    VITAWIN_DATA_DIR: dataDir,
    // A display is there: what fails is Electron itself. Its binary is looked for in an empty
    // folder, its download goes to a closed port, and no earlier download is in the cache.
    DISPLAY: ':99',
    ELECTRON_OVERRIDE_DIST_PATH: tempDir('vitawin-no-electron-'),
    ELECTRON_MIRROR: 'http://127.0.0.1:9/',
    electron_config_cache: tempDir('vitawin-electron-cache-'),
    // Never a real browser window from a test.
    BROWSER: 'none',
    ...extra,
  }
}

function npmStart(env: NodeJS.ProcessEnv) {
  // Its own process group, as a terminal runs it: Ctrl+C is a SIGINT to the whole group.
  const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let output = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })))
  return {
    child,
    exited,
    output: () => output,
    async address(): Promise<string> {
      const deadline = Date.now() + 60_000
      for (;;) {
        const match = ADDRESS.exec(output)
        if (match) return match[1]!
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not print an address:\n${output}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    },
  }
}

it('opens browser mode where Electron cannot be had, on the app’s data folder, and stops cleanly on Ctrl+C', async () => {
  const nodeBuild = sha256(NODE_BUILD)
  const dataDir = tempDir('vitawin-donnees-')
  writeMachineConfig(dataDir, { animator: 'Camille Laurent' })
  const started = npmStart(withoutElectron(dataDir))
  const url = await started.address()

  const lines = started.output().split('\n')
  const said = lines.filter((line) => line.includes('mode navigateur.'))
  expect(said).toEqual([
    "[vitawin] Electron n'a pas pu être téléchargé (pas d’accès au serveur de téléchargement : connexion Internet, proxy ou pare-feu), détails dans .vitawin-electron/telechargement-electron.log : Vitawin Back-office démarre en mode navigateur.",
  ])
  const file = path.join(dataDir, 'vitawin.sqlite')
  expect(lines).toContain(`Données : ${file}`)
  expect(lines).toContain('Pour arrêter : Ctrl+C dans ce terminal.')

  const page = await browser.newPage()
  await page.goto(url)
  await page.getByRole('heading', { level: 2, name: 'Bienvenue dans Vitawin Back-office' }).waitFor()
  await page.getByRole('link', { name: 'Paramètres' }).click()
  await page.getByRole('table', { name: 'Base de données ouverte' }).getByText(file).waitFor()
  await page.close()

  // A second npm start on the same data folder gives the running one's address (the browser opens on it).
  const second = npmStart(withoutElectron(dataDir))
  expect((await second.exited).code).toBe(0)
  expect(second.output()).toContain('Vitawin Back-office est déjà ouvert en mode navigateur sur ce dossier de données')
  expect(await second.address()).toBe(url)

  process.kill(-started.child.pid!, 'SIGINT')
  await started.exited
  expect(started.output()).toContain('Vitawin Back-office est arrêté ; les données sont enregistrées.')
  // Closed cleanly: the journal folded into the file, and the address no longer answers.
  expect(fs.existsSync(file)).toBe(true)
  expect(fs.existsSync(`${file}-wal`)).toBe(false)
  expect(fs.existsSync(path.join(dataDir, 'mode-navigateur.json'))).toBe(false)
  await expect(fetch(url)).rejects.toThrow()
  // The tests' better-sqlite3 is the one it was, and still loads in Node.
  expect(sha256(NODE_BUILD)).toBe(nodeBuild)
  const load = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: ROOT, encoding: 'utf8' })
  expect(load.stderr).toBe('')
  expect(load.status).toBe(0)
})

it('says in French when the port is taken, or the data folder cannot be written', async () => {
  const taken = net.createServer()
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
  const port = (taken.address() as net.AddressInfo).port
  try {
    const busy = npmStart(withoutElectron(tempDir('vitawin-donnees-'), { PORT: String(port) }))
    expect((await busy.exited).code).not.toBe(0)
    expect(busy.output()).toContain(`Le port ${port} est déjà utilisé (peut-être par Vitawin Back-office ouvert ailleurs).`)
  } finally {
    taken.close()
  }

  // A file where the data folder should be: nothing can be written under it.
  const blocker = path.join(tempDir(), 'pas-un-dossier')
  fs.writeFileSync(blocker, '')
  const locked = npmStart(withoutElectron(path.join(blocker, 'Vitawin Back-office')))
  expect((await locked.exited).code).not.toBe(0)
  expect(locked.output()).toMatch(/Le dossier des données n'est pas accessible en écriture : .*pas-un-dossier\/Vitawin Back-office \(ENOTDIR\)\./)
})
