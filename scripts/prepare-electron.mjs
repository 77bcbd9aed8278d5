#!/usr/bin/env node
// What only the Electron app needs, prepared without touching the Node build of better-sqlite3
// that the tests use:
//   1. the Electron binary (downloaded on first use; needs internet);
//   2. better-sqlite3 compiled for Electron's ABI, in .vitawin-electron/<platform>-<arch>/
//      (a prebuilt binary when one is published, else compiled from source with node-gyp).
// The app loads that copy through better-sqlite3's `nativeBinding` option.
//
// `npm run dist` runs this file and stops on any failure; `npm start` (scripts/start.mjs) uses its
// functions and opens the app in browser mode instead.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'

const require = createRequire(import.meta.url)
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const platform = process.env.npm_config_platform || process.platform
const arch = process.env.npm_config_arch || process.arch

const ELECTRON_EXECUTABLES = { darwin: 'Electron.app/Contents/MacOS/Electron', mas: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' }

/**
 * Runs a command. `capture`: its output is kept (and returned) instead of shown. `timeoutMs`: it is
 * stopped after that long. Resolves with whether it succeeded, its output, and the signal that
 * ended it (a Ctrl+C reaches the child too).
 */
export function run(command, args, { capture = false, timeoutMs, ...options } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit', ...options })
    let output = ''
    let timedOut = false
    child.stdout?.on('data', (chunk) => (output += chunk))
    child.stderr?.on('data', (chunk) => (output += chunk))
    const timer = timeoutMs
      ? setTimeout(() => {
          timedOut = true
          child.kill()
        }, timeoutMs)
      : null
    child.on('error', (error) => {
      if (timer) clearTimeout(timer)
      resolve({ ok: false, output: `${output}${error.message}\n`, signal: null, timedOut })
    })
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer)
      resolve({ ok: code === 0, output, signal, timedOut })
    })
  })
}

/**
 * Where Electron is (or will be) and whether its binary is whole and of the right version: an
 * interrupted download or extraction, or another version left behind, reads as not installed.
 */
export function electronFacts(env = process.env, dir = path.dirname(require.resolve('electron/package.json'))) {
  const read = (file) => {
    try {
      return fs.readFileSync(file, 'utf8').trim()
    } catch {
      return null
    }
  }
  const version = JSON.parse(read(path.join(dir, 'package.json')) ?? '{}').version
  const executable = ELECTRON_EXECUTABLES[platform] ?? 'electron'
  // ELECTRON_OVERRIDE_DIST_PATH: Electron's own way to use a binary kept elsewhere.
  const binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH || path.join(dir, 'dist'), executable)
  // The same test as Electron's install.js: the version written with the binary, and the binary.
  const installed =
    read(path.join(dir, 'dist', 'version'))?.replace(/^v/, '') === version && read(path.join(dir, 'path.txt')) === executable && fs.existsSync(binary)
  return { dir, version, binary, installed }
}

/** Downloads and unpacks Electron's binary with Electron's own installer. */
export function downloadElectron(options = {}) {
  return run(process.execPath, [path.join(electronFacts().dir, 'install.js')], options)
}

function sqliteFacts() {
  const dir = path.dirname(require.resolve('better-sqlite3/package.json'))
  const version = require('better-sqlite3/package.json').version
  const targetDir = path.join(root, '.vitawin-electron', `${platform}-${arch}`)
  const target = path.join(targetDir, 'better_sqlite3.node')
  const stamp = path.join(targetDir, 'versions.txt')
  const stampText = `electron ${electronFacts().version}, better-sqlite3 ${version}`
  return { dir, version, targetDir, target, stamp, stampText }
}

/** True when better-sqlite3's Electron build is in place, for this Electron and this better-sqlite3. */
export function electronSqliteReady() {
  const { target, stamp, stampText } = sqliteFacts()
  return fs.existsSync(target) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === stampText
}

/** Builds better-sqlite3 for Electron's ABI in a copy of the package, then puts the result in place. */
export async function prepareElectronSqlite(options = {}) {
  const { dir: sqliteDir, targetDir, target, stamp, stampText } = sqliteFacts()
  const electronVersion = electronFacts().version
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vitawin-electron-sqlite-'))
  let output = ''
  try {
    fs.cpSync(sqliteDir, work, { recursive: true, filter: (source) => !source.startsWith(path.join(sqliteDir, 'build')) })
    // Compile against Electron's headers, never the local Node's.
    const env = { ...process.env }
    for (const key of Object.keys(env)) if (/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(key)) delete env[key]
    const electronArgs = ['--runtime=electron', `--target=${electronVersion}`, `--arch=${arch}`]
    const prebuild = (() => {
      try {
        return require.resolve('prebuild-install/bin.js', { paths: [sqliteDir] })
      } catch {
        return null
      }
    })()
    let built = false
    if (prebuild !== null) {
      const result = await run(process.execPath, [prebuild, ...electronArgs, `--platform=${platform}`], { ...options, cwd: work, env })
      output += result.output
      if (result.signal) return { ok: false, output, signal: result.signal }
      built = result.ok
    }
    if (!built) {
      const nodeGyp = process.env.npm_config_node_gyp || require.resolve('node-gyp/bin/node-gyp.js')
      const result = await run(process.execPath, [nodeGyp, 'rebuild', '--release', ...electronArgs, '--dist-url=https://electronjs.org/headers'], {
        ...options,
        cwd: work,
        env,
      })
      output += result.output
      if (result.signal) return { ok: false, output, signal: result.signal }
      built = result.ok
    }
    const made = path.join(work, 'build', 'Release', 'better_sqlite3.node')
    if (!built || !fs.existsSync(made)) return { ok: false, output, signal: null }
    fs.mkdirSync(targetDir, { recursive: true })
    fs.copyFileSync(made, target)
    fs.writeFileSync(stamp, stampText)
    return { ok: true, output, signal: null, target }
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

async function main() {
  const fail = (message) => {
    console.error(`\n[vitawin] ${message}`)
    process.exit(1)
  }
  const electron = electronFacts()
  if (!electron.installed) {
    console.log(`[vitawin] Téléchargement d'Electron ${electron.version}…`)
    if (!(await downloadElectron()).ok) {
      fail("Electron n'a pas pu être téléchargé. Vérifiez la connexion à Internet (ou le proxy) puis relancez la commande.")
    }
  }
  if (electronSqliteReady()) return
  const { version } = sqliteFacts()
  console.log(`[vitawin] Préparation de better-sqlite3 ${version} pour Electron ${electron.version} (${platform}-${arch})…`)
  const result = await prepareElectronSqlite()
  if (!result.ok) fail('better-sqlite3 n’a pas pu être préparé pour Electron (ni binaire publié, ni compilation). Voir le README, section « Module natif ».')
  console.log(`[vitawin] Prêt : ${path.relative(root, result.target)}`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main()
