import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { electronFacts } from '../../scripts/prepare-electron.mjs'
import {
  addressIn,
  browserCommand,
  BUILD_INPUTS,
  BUILD_OUTPUTS,
  buildNeeded,
  downloadFailureReason,
  earlyExitReason,
  EARLY_EXIT_MS,
  fallbackLine,
  hasDisplay,
  noDisplayReason,
} from '../../scripts/start-decisions.mjs'
import { tempDir } from '../helpers/temp'

// The decisions of `npm start` (scripts/start.mjs): desktop app or browser mode, and why, in one
// French line; the build's freshness; the system's browser.

const URL = 'http://127.0.0.1:41234/?token=abc_DEF-123'

describe('npm start: desktop app or browser mode', () => {
  it('needs a display on Linux and the other Unix systems, never on Windows or macOS', () => {
    expect(hasDisplay('linux', {})).toBe(false)
    expect(hasDisplay('linux', { DISPLAY: '' })).toBe(false)
    expect(hasDisplay('linux', { DISPLAY: ':0' })).toBe(true)
    expect(hasDisplay('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(true)
    expect(hasDisplay('freebsd', {})).toBe(false)
    expect(hasDisplay('win32', {})).toBe(true)
    expect(hasDisplay('darwin', {})).toBe(true)
  })

  it('says why in one French line, then that browser mode starts', () => {
    const line = fallbackLine(noDisplayReason())
    expect(line).toBe(
      "[vitawin] Pas d'affichage graphique (ni DISPLAY ni WAYLAND_DISPLAY), l'application de bureau ne peut pas s'ouvrir : Vitawin Back-office démarre en mode navigateur.",
    )
    expect(line).not.toContain('\n')
  })

  it('tells a refused, failed, cut or altered download of Electron apart', () => {
    const offline = 'TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13\n    at async FetchDownloader.download (…)'
    expect(downloadFailureReason(offline)).toBe(
      "Electron n'a pas pu être téléchargé (pas d’accès au serveur de téléchargement : connexion Internet, proxy ou pare-feu)",
    )
    expect(downloadFailureReason('Error: getaddrinfo ENOTFOUND github.com')).toMatch(/pas d’accès au serveur/)
    expect(downloadFailureReason('HTTPError: Response code 403 (Forbidden) for https://github.com/electron/…')).toBe(
      "Electron n'a pas pu être téléchargé (le serveur de téléchargement a répondu HTTP 403)",
    )
    // A partial download fails Electron's checksum check.
    expect(downloadFailureReason('Error: Generated checksum for "electron-v45.4.1-linux-x64.zip" did not match expected checksum.')).toMatch(
      /fichier téléchargé incomplet ou altéré/,
    )
    expect(downloadFailureReason('', { timedOut: true, timeoutMinutes: 10 })).toMatch(/téléchargement interrompu après 10 minutes/)
    expect(downloadFailureReason("Error: ENOSPC: no space left on device, write")).toMatch(/disque plein/)
    expect(downloadFailureReason('Something else entirely')).toMatch(/\(erreur inattendue\)$/)
  })

  it('reads an interrupted or stale Electron install as missing', () => {
    const dir = tempDir('vitawin-electron-')
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }))
    const executable = process.platform === 'win32' ? 'electron.exe' : process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron'
    const binary = path.join(dir, 'dist', executable)
    expect(electronFacts({}, dir)).toMatchObject({ version: '45.4.1', binary, installed: false })
    // Extracted, but cut before path.txt was written.
    fs.mkdirSync(path.dirname(binary), { recursive: true })
    fs.writeFileSync(binary, 'binaire')
    fs.writeFileSync(path.join(dir, 'dist', 'version'), 'v45.4.1')
    expect(electronFacts({}, dir).installed).toBe(false)
    fs.writeFileSync(path.join(dir, 'path.txt'), executable)
    expect(electronFacts({}, dir).installed).toBe(true)
    // Another version left behind.
    fs.writeFileSync(path.join(dir, 'dist', 'version'), 'v44.0.0')
    expect(electronFacts({}, dir).installed).toBe(false)
    fs.writeFileSync(path.join(dir, 'dist', 'version'), 'v45.4.1')
    // The binary gone, or looked for elsewhere (ELECTRON_OVERRIDE_DIST_PATH).
    expect(electronFacts({ ELECTRON_OVERRIDE_DIST_PATH: tempDir() }, dir).installed).toBe(false)
    fs.rmSync(binary)
    expect(electronFacts({}, dir).installed).toBe(false)
  })

  it('falls back when the desktop app stops with an error at its start, not when the user closes it', () => {
    const crash = earlyExitReason({
      code: 1,
      signal: null,
      elapsedMs: 1500,
      errorOutput: '\n[1234:0101/120000.000:FATAL:electron_main_delegate.cc(294)] Running as root without --no-sandbox is not supported.\n    at x\n',
      interrupted: false,
    })
    expect(crash).toBe(
      "L'application de bureau s'est arrêtée dès son démarrage (code 1 : [1234:0101/120000.000:FATAL:electron_main_delegate.cc(294)] Running as root without --no-sandbox is not supported.)",
    )
    expect(earlyExitReason({ code: null, signal: 'SIGSEGV', elapsedMs: 800, errorOutput: '', interrupted: false })).toBe(
      "L'application de bureau s'est arrêtée dès son démarrage (signal SIGSEGV)",
    )
    expect(earlyExitReason({ code: 0, signal: null, elapsedMs: 1500, errorOutput: '', interrupted: false })).toBeNull()
    expect(earlyExitReason({ code: 1, signal: null, elapsedMs: EARLY_EXIT_MS + 1, errorOutput: 'boom', interrupted: false })).toBeNull()
    expect(earlyExitReason({ code: 1, signal: null, elapsedMs: 1500, errorOutput: '', interrupted: true })).toBeNull()
  })

  it('finds the address browser mode prints', () => {
    expect(addressIn(`Ouvrez : ${URL}`)).toBe(URL)
    expect(addressIn('Données : /home/camille/.config/Vitawin Back-office/vitawin.sqlite')).toBeNull()
  })

  it('opens the address with the system’s opener, only where there is a desktop', () => {
    expect(browserCommand('linux', { DISPLAY: ':0' }, URL)).toEqual({ command: 'xdg-open', args: [URL] })
    expect(browserCommand('linux', {}, URL)).toBeNull()
    expect(browserCommand('darwin', {}, URL)).toEqual({ command: 'open', args: [URL] })
    expect(browserCommand('win32', {}, URL)).toEqual({ command: 'cmd', args: ['/d', '/s', '/c', `start "" "${URL}"`], windowsVerbatimArguments: true })
    expect(browserCommand('darwin', { BROWSER: 'none' }, URL)).toBeNull()
  })

  it('builds only when nothing is built or a source changed since', () => {
    const root = tempDir('vitawin-project-')
    const write = (file: string, time: number) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
      fs.writeFileSync(path.join(root, file), 'x')
      fs.utimesSync(path.join(root, file), time, time)
    }
    write('main/api/host.ts', 1000)
    write('renderer/src/App.tsx', 1000)
    write('package.json', 1000)
    expect(buildNeeded(root)).toBe('out/main/index.js est absent')
    for (const output of BUILD_OUTPUTS) write(output, 2000)
    expect(buildNeeded(root)).toBeNull()
    // A test file is not part of the app.
    write('main/api/host.test.ts', 3000)
    expect(buildNeeded(root)).toBeNull()
    write('renderer/src/screens/Welcome.tsx', 3000)
    expect(buildNeeded(root)).toBe('renderer a changé depuis la dernière construction')
    for (const output of BUILD_OUTPUTS) write(output, 4000)
    write('node_modules/.package-lock.json', 5000)
    expect(buildNeeded(root)).toBe('node_modules/.package-lock.json a changé depuis la dernière construction')
    expect(BUILD_INPUTS).toContain('db')
  })
})
