import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { generateDemo } from '../../db/sqlite/demo'
import { openStore } from '../../db/sqlite/connection'
import { writeSireneFile, type SireneFileSummary } from '../sirene-fixture'
import { formatCount, formatMs, time } from './stats'
import type { BenchContext, Scale } from './types'

// What the measurements need: the territory-scale database, the SIRENE file, the built renderer,
// Debian's sqlite3 and Chromium.

/** The demo's fixed seed and « today », so that every run measures the same data. */
export const DEMO_SEED = 20261123
export const DEMO_TODAY = '2026-11-23'
export const SIRENE_SEED = 8

export async function buildDatabase(file: string, scale: Scale, log: (message: string) => void): Promise<void> {
  log(`Building the ${scale.name} database with the demo generator (seed ${DEMO_SEED})…`)
  const took = await time(async () => {
    const store = await openStore(file)
    try {
      generateDemo(store.sqlite, { scale: scale.demo, seed: DEMO_SEED, today: DEMO_TODAY })
    } finally {
      await store.close()
    }
  })
  log(`  done in ${formatMs(took)} (${formatCount(Math.round(fs.statSync(file).size / 1024 / 1024))} MB)`)
}

export async function buildSireneFile(file: string, scale: Scale, log: (message: string) => void): Promise<SireneFileSummary> {
  log(`Writing a ${formatCount(scale.sireneRows)}-line SIRENE StockEtablissement file…`)
  let summary: SireneFileSummary | undefined
  const took = await time(async () => {
    summary = await writeSireneFile(file, { rows: scale.sireneRows, territoryShare: scale.sireneTerritoryShare, seed: SIRENE_SEED, closedShare: 0.3 })
  })
  log(`  done in ${formatMs(took)} (${formatCount(Math.round(summary!.bytes / 1024 / 1024))} MB, ${formatCount(summary!.inTerritory)} lines in the 13 towns)`)
  return summary!
}

function run(command: string, args: string[], cwd?: string) {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
}

function sqlite3Version(file: string): string | null {
  const result = run(file, ['--version'])
  return result.status === 0 ? result.stdout.trim().split(' ')[0]! : null
}

function findOnPath(name: string): string | null {
  for (const folder of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(folder, name)
    if (folder && fs.existsSync(candidate)) return candidate
  }
  return null
}

export const SQLITE3_INSTALL = 'sudo apt-get install -y sqlite3'

/**
 * Debian's sqlite3 command-line tool, for the comparisons. When it is missing it is installed if
 * this runs as root and `install` allows it; otherwise the user is told the exact command.
 */
export function findSqlite3(install: boolean, log: (message: string) => void): BenchContext['sqlite3'] {
  const found = findOnPath('sqlite3')
  const version = found ? sqlite3Version(found) : null
  if (found && version) return { path: found, version }
  const isRoot = process.getuid?.() === 0
  if (install && isRoot && findOnPath('apt-get')) {
    log('sqlite3 is missing: installing it from Debian (apt-get install -y sqlite3)…')
    let result = run('apt-get', ['install', '-y', '-qq', 'sqlite3'])
    if (result.status !== 0) {
      run('apt-get', ['update', '-qq'])
      result = run('apt-get', ['install', '-y', '-qq', 'sqlite3'])
    }
    const installed = findOnPath('sqlite3')
    const installedVersion = installed ? sqlite3Version(installed) : null
    if (installed && installedVersion) return { path: installed, version: installedVersion }
    return { missing: `sqlite3 could not be installed (apt-get said: ${(result.stderr || result.stdout).trim().split('\n').pop() ?? '?'}); install it with « ${SQLITE3_INSTALL} »` }
  }
  return { missing: `Debian's sqlite3 is not installed: run « ${SQLITE3_INSTALL} » to add this comparison` }
}

export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[]
  return candidates.find((candidate) => fs.existsSync(candidate)) ?? null
}

/** Builds main, preload and renderer (electron-vite build) when asked, then checks out/renderer. */
export function prepareRenderer(root: string, build: boolean, log: (message: string) => void): BenchContext['renderer'] {
  const dir = path.join(root, 'out', 'renderer')
  if (build) {
    log('Building the app (electron-vite build) for the browser measurement…')
    const bin = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite')
    const started = Date.now()
    const result = run(bin, ['build'], root)
    if (result.status !== 0) {
      const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n')
      return { missing: `electron-vite build failed:\n${output}` }
    }
    log(`  done in ${formatMs(Date.now() - started)}`)
  }
  if (!fs.existsSync(path.join(dir, 'index.html'))) return { missing: 'the renderer is not built (out/renderer): run « npx electron-vite build »' }
  return { dir }
}
