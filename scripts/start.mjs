#!/usr/bin/env node
// `npm start` (and `npm run dev`, with --dev): opens the desktop app when Electron can be had, and
// browser mode otherwise, on the same data folder. Electron cannot be had when there is no display,
// when its binary cannot be downloaded (an offline machine, a proxy, a locked-down network), when
// better-sqlite3 cannot be prepared for it, or when it stops with an error as soon as it starts.
// Each case is told in one French line before browser mode starts. Ctrl+C stops whichever runs.
//
// The Node build of better-sqlite3 (node_modules, the one the tests load) is never touched: the
// Electron build is made in a copy (scripts/prepare-electron.mjs), and browser mode runs on Node.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { downloadElectron, electronFacts, electronSqliteReady, prepareElectronSqlite, root, run } from './prepare-electron.mjs'
import {
  addressIn,
  browserCommand,
  buildNeeded,
  downloadFailureReason,
  earlyExitReason,
  fallbackLine,
  hasDisplay,
  missingAfterDownloadReason,
  noDisplayReason,
  sqliteForElectronReason,
} from './start-decisions.mjs'

const require = createRequire(import.meta.url)
const dev = process.argv.includes('--dev')
const DOWNLOAD_TIMEOUT_MINUTES = 10
const LOG_DIR = path.join(root, '.vitawin-electron')
const ELECTRON_VITE = path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js')

// A Ctrl+C reaches every process of the terminal's group: the children stop on their own, and this
// script only waits for them (and passes the signal on when it was sent to this process alone).
let interrupted = false
let current = null
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    interrupted = true
    if (current && current.exitCode === null && current.signalCode === null) current.kill(signal)
  })
}

const say = (line) => console.log(`[vitawin] ${line}`)

/** Keeps a failed step's technical output for whoever helps the user; returns the log's path for the message. */
function keepLog(name, output) {
  try {
    fs.mkdirSync(LOG_DIR, { recursive: true })
    const file = path.join(LOG_DIR, name)
    fs.writeFileSync(file, output)
    return path.relative(root, file)
  } catch {
    return null
  }
}

function withLog(reason, log) {
  return log ? `${reason}, détails dans ${log}` : reason
}

/** Why the desktop app cannot open here, or null when it can (after downloading and preparing what it needs). */
async function electronProblem() {
  if (!hasDisplay(process.platform, process.env)) return noDisplayReason()
  let electron = electronFacts()
  if (!electron.installed) {
    say(`Téléchargement d'Electron ${electron.version} (une seule fois, environ 100 Mo)…`)
    const result = await downloadElectron({ capture: true, timeoutMs: DOWNLOAD_TIMEOUT_MINUTES * 60_000 })
    if (interrupted) return null
    if (!result.ok) {
      const log = keepLog('telechargement-electron.log', result.output)
      return withLog(downloadFailureReason(result.output, { timedOut: result.timedOut, timeoutMinutes: DOWNLOAD_TIMEOUT_MINUTES }), log)
    }
    electron = electronFacts()
    if (!electron.installed) return missingAfterDownloadReason(electron.binary)
  }
  if (!electronSqliteReady()) {
    say('Préparation de better-sqlite3 pour Electron (une seule fois, jusqu’à quelques minutes)…')
    const result = await prepareElectronSqlite({ capture: true })
    if (interrupted) return null
    if (!result.ok) return withLog(sqliteForElectronReason(), keepLog('preparation-better-sqlite3.log', result.output))
  }
  return null
}

/** Builds the app when a source changed since the last build (or nothing is built yet). */
async function build() {
  const why = dev ? 'mode développement' : buildNeeded(root)
  if (!why) return true
  say(`Construction de l'application (${why})…`)
  const result = await run(process.execPath, [ELECTRON_VITE, 'build'], { capture: true, cwd: root })
  if (result.ok || interrupted) return result.ok
  process.stderr.write(result.output)
  say("La construction de l'application a échoué (messages ci-dessus).")
  return false
}

/** Runs the desktop app; resolves with how it ended, and its error output for the early-exit check. */
function runDesktop(binary) {
  return new Promise((resolve) => {
    const started = Date.now()
    const args = [ELECTRON_VITE, ...(dev ? ['dev'] : ['preview', '--skipBuild'])]
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ELECTRON_EXEC_PATH: binary }, stdio: ['inherit', 'inherit', 'pipe'] })
    current = child
    let errorOutput = ''
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk)
      if (errorOutput.length < 20_000) errorOutput += chunk
    })
    child.on('error', (error) => resolve({ code: 1, signal: null, elapsedMs: Date.now() - started, errorOutput: error.message }))
    child.on('close', (code, signal) => resolve({ code, signal, elapsedMs: Date.now() - started, errorOutput }))
  })
}

/** Opens the address in the system's browser; resolves false where there is no desktop or no opener. */
function openInBrowser(url) {
  const command = browserCommand(process.platform, process.env, url)
  if (!command) return Promise.resolve(false)
  return new Promise((resolve) => {
    const child = spawn(command.command, command.args, { detached: true, stdio: 'ignore', windowsVerbatimArguments: command.windowsVerbatimArguments })
    child.once('spawn', () => resolve(true))
    // No opener on this system (xdg-open missing…): the address is printed anyway.
    child.once('error', () => resolve(false))
    child.unref()
  })
}

/** Runs browser mode (out/main/web.js) until it stops; opens its address in the system's browser. */
function runBrowserMode() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'out/main/web.js')], { cwd: root, env: process.env, stdio: ['inherit', 'pipe', 'inherit'] })
    current = child
    let pending = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk) => {
      pending += chunk
      let newline
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline + 1)
        pending = pending.slice(newline + 1)
        process.stdout.write(line)
        const address = addressIn(line)
        if (!address) continue
        if (!browserCommand(process.platform, process.env, address)) say('Ouvrez cette adresse dans un navigateur (Firefox, Chrome, Edge…).')
        else void openInBrowser(address).then((opened) => say(opened ? 'Le navigateur s’ouvre sur cette adresse.' : 'Ouvrez cette adresse dans un navigateur (Firefox, Chrome, Edge…).'))
      }
    })
    child.on('error', (error) => {
      say(`Le mode navigateur n'a pas pu démarrer : ${error.message}`)
      resolve(1)
    })
    child.on('close', (code, signal) => resolve(code ?? (signal ? 0 : 1)))
  })
}

async function main() {
  let reason = await electronProblem()
  if (interrupted) return 130
  if (!reason) {
    if (!(await build())) return interrupted ? 130 : 1
    const ended = await runDesktop(electronFacts().binary)
    reason = earlyExitReason({ ...ended, interrupted })
    if (!reason) return interrupted ? 0 : (ended.code ?? 1)
  }
  console.log(fallbackLine(reason))
  if (!(await build())) return interrupted ? 130 : 1
  if (interrupted) return 130
  return runBrowserMode()
}

process.exitCode = await main()
