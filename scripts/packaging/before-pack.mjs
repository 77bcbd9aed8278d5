// electron-builder's beforePack hook (electron-builder.yml). electron-builder only warns when an
// extraResources file is missing, which would ship an app that cannot open its database: stop the
// build instead when better-sqlite3's Electron build is missing, stale, or for another system.
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

// electron-builder's Arch enum, by value.
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal']

/** What is wrong with the native module for this target; null when it is ready. */
export function nativeModuleProblem({ projectDir, platform, arch, electronVersion, sqliteVersion, hostPlatform = process.platform }) {
  if (platform !== hostPlatform) {
    return `better-sqlite3 is compiled for the system that builds: build the ${platform} installers on ${platform} (this is ${hostPlatform}).`
  }
  const folder = path.join(projectDir, '.vitawin-electron', `${platform}-${arch}`)
  const addon = path.join(folder, 'better_sqlite3.node')
  const stamp = path.join(folder, 'versions.txt')
  if (!fs.existsSync(addon) || !fs.existsSync(stamp)) {
    return `${path.relative(projectDir, addon)} is missing: run "node scripts/prepare-electron.mjs" first (npm run dist does).`
  }
  // The stamp scripts/prepare-electron.mjs writes next to the addon.
  const made = fs.readFileSync(stamp, 'utf8').trim()
  const expected = `electron ${electronVersion}, better-sqlite3 ${sqliteVersion}`
  if (made !== expected) {
    return `${path.relative(projectDir, addon)} was made for ${made}, not ${expected}: run "node scripts/prepare-electron.mjs" again.`
  }
  return null
}

export default async function beforePack(context) {
  const projectDir = context.packager.projectDir
  const require = createRequire(path.join(projectDir, 'package.json'))
  const problem = nativeModuleProblem({
    projectDir,
    platform: context.electronPlatformName,
    arch: ARCH_NAMES[context.arch] ?? String(context.arch),
    electronVersion: require('electron/package.json').version,
    sqliteVersion: require('better-sqlite3/package.json').version,
  })
  if (problem) throw new Error(`[vitawin] ${problem}`)
}
