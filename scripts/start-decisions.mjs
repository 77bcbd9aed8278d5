// The decisions of `npm start` (scripts/start.mjs), apart from the processes it runs, so that the
// tests can check each one: whether the desktop app can open, why not (in one French line), whether
// the build is up to date, and how to open an address in the system's browser.
import fs from 'node:fs'
import path from 'node:path'

export const BROWSER_MODE = 'Vitawin Back-office démarre en mode navigateur.'

/** How long a desktop app that quits with an error counts as « stopped at its start ». */
export const EARLY_EXIT_MS = 20_000

const UNIX_DESKTOPS = new Set(['linux', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix'])

/** True when a window can be shown: always on Windows and macOS; elsewhere, with an X11 or Wayland display. */
export function hasDisplay(platform, env) {
  if (!UNIX_DESKTOPS.has(platform)) return true
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY)
}

/** The line `npm start` prints before opening browser mode instead of the desktop app. */
export function fallbackLine(reason) {
  return `[vitawin] ${reason} : ${BROWSER_MODE}`
}

export function noDisplayReason() {
  return "Pas d'affichage graphique (ni DISPLAY ni WAYLAND_DISPLAY), l'application de bureau ne peut pas s'ouvrir"
}

/** Why Electron's installer failed, in French, from what it printed (English, a stack). */
export function downloadFailureReason(output, { timedOut = false, timeoutMinutes = 10 } = {}) {
  const text = String(output ?? '')
  let cause
  if (timedOut) cause = `téléchargement interrompu après ${timeoutMinutes} minutes`
  else if (/checksum|sha256|integrity/i.test(text)) cause = 'fichier téléchargé incomplet ou altéré'
  else if (/ENOSPC/.test(text)) cause = 'disque plein'
  else if (/EACCES|EPERM/.test(text)) cause = 'droits insuffisants sur node_modules/electron'
  else if (/Response code \d{3}/.test(text)) cause = `le serveur de téléchargement a répondu HTTP ${/Response code (\d{3})/.exec(text)[1]}`
  else if (/fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|ENETUNREACH|EHOSTUNREACH|UND_ERR|socket|proxy|certificate|self[- ]signed|tunnel/i.test(text))
    cause = 'pas d’accès au serveur de téléchargement : connexion Internet, proxy ou pare-feu'
  else cause = 'erreur inattendue'
  return `Electron n'a pas pu être téléchargé (${cause})`
}

export function missingAfterDownloadReason(binary) {
  return `Electron a été téléchargé mais son programme est introuvable (${binary})`
}

export function sqliteForElectronReason() {
  return "better-sqlite3 n'a pas pu être préparé pour Electron (ni binaire publié, ni compilation possible)"
}

/** The first line of Electron's error output that says something (not a blank or a stack frame). */
function firstMeaningfulLine(errorOutput) {
  return (
    String(errorOutput ?? '')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .find((line) => line && !/^at\s/.test(line) && !/^\[[\d:/.]+\]?\s*$/.test(line)) ?? ''
  )
}

/**
 * Whether the desktop app's end means it could not start (an error soon after launch, not the
 * user closing it), and why, in French; null when it ended normally or after running a while.
 */
export function earlyExitReason({ code, signal, elapsedMs, errorOutput, interrupted }) {
  if (interrupted || elapsedMs > EARLY_EXIT_MS) return null
  if (code === 0 && !signal) return null
  const detail = firstMeaningfulLine(errorOutput).slice(0, 160)
  const how = signal ? `signal ${signal}` : `code ${code}`
  return `L'application de bureau s'est arrêtée dès son démarrage (${how}${detail ? ` : ${detail}` : ''})`
}

/** The address browser mode prints (« Ouvrez : http://127.0.0.1:PORT/?token=… »), or null. */
export function addressIn(line) {
  return /Ouvrez : (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(line)?.[1] ?? null
}

/**
 * The command that opens an address in the system's browser, or null where there is no desktop
 * (or BROWSER=none, the usual way to say « do not open a browser »).
 */
export function browserCommand(platform, env, url) {
  if (String(env.BROWSER ?? '').toLowerCase() === 'none') return null
  if (platform === 'darwin') return { command: 'open', args: [url] }
  // `start` is a command of cmd; its first quoted argument is a window title.
  if (platform === 'win32') return { command: 'cmd', args: ['/d', '/s', '/c', `start "" "${url}"`], windowsVerbatimArguments: true }
  if (!hasDisplay(platform, env)) return null
  return { command: 'xdg-open', args: [url] }
}

/** What the built app depends on: its sources, its configuration and the installed packages. */
export const BUILD_INPUTS = ['main', 'preload', 'renderer', 'db', 'electron.vite.config.ts', 'tsconfig.json', 'package.json', 'package-lock.json', 'node_modules/.package-lock.json']

/** What `electron-vite build` writes, and the app needs. */
export const BUILD_OUTPUTS = ['out/main/index.js', 'out/main/web.js', 'out/main/cli.js', 'out/preload/index.cjs', 'out/renderer/index.html']

function newestTime(file) {
  let stat
  try {
    stat = fs.statSync(file)
  } catch {
    return 0
  }
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(file) ? 0 : stat.mtimeMs
  let newest = 0
  for (const entry of fs.readdirSync(file)) newest = Math.max(newest, newestTime(path.join(file, entry)))
  return newest
}

/** Why the app must be built before it starts (nothing built yet, or a source changed since), or null. */
export function buildNeeded(root) {
  let oldestOutput = Infinity
  for (const output of BUILD_OUTPUTS) {
    try {
      oldestOutput = Math.min(oldestOutput, fs.statSync(path.join(root, output)).mtimeMs)
    } catch {
      return `${output} est absent`
    }
  }
  for (const input of BUILD_INPUTS) {
    if (newestTime(path.join(root, input)) > oldestOutput) return `${input} a changé depuis la dernière construction`
  }
  return null
}
