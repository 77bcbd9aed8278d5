#!/usr/bin/env node
// `npm start` runs this first. It prepares what only the Electron app needs, without touching the
// Node build of better-sqlite3 that the tests use:
//   1. the Electron binary (downloaded on first use; needs internet);
//   2. better-sqlite3 compiled for Electron's ABI, in .vitawin-electron/<platform>-<arch>/
//      (a prebuilt binary when one is published, else compiled from source with node-gyp).
// The app loads that copy through better-sqlite3's `nativeBinding` option.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const platform = process.env.npm_config_platform || process.platform
const arch = process.env.npm_config_arch || process.arch

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options })
  return result.status === 0
}

function fail(message) {
  console.error(`\n[vitawin] ${message}`)
  process.exit(1)
}

// 1. The Electron binary.
const electronDir = path.dirname(require.resolve('electron/package.json'))
const electronVersion = require('electron/package.json').version
const versionFile = path.join(electronDir, 'dist', 'version')
const installed = fs.existsSync(versionFile) && fs.readFileSync(versionFile, 'utf8').trim().replace(/^v/, '') === electronVersion
if (!installed) {
  console.log(`[vitawin] Téléchargement d'Electron ${electronVersion}…`)
  if (!run(process.execPath, [path.join(electronDir, 'install.js')])) {
    fail("Electron n'a pas pu être téléchargé. Vérifiez la connexion à Internet (ou le proxy) puis relancez « npm start ».")
  }
}

// 2. better-sqlite3 for Electron's ABI.
const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'))
const sqliteVersion = require('better-sqlite3/package.json').version
const targetDir = path.join(root, '.vitawin-electron', `${platform}-${arch}`)
const target = path.join(targetDir, 'better_sqlite3.node')
const stamp = path.join(targetDir, 'versions.txt')
const stampText = `electron ${electronVersion}, better-sqlite3 ${sqliteVersion}`
if (fs.existsSync(target) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === stampText) {
  process.exit(0)
}

console.log(`[vitawin] Préparation de better-sqlite3 ${sqliteVersion} pour Electron ${electronVersion} (${platform}-${arch})…`)
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vitawin-electron-sqlite-'))
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
  let built = prebuild !== null && run(process.execPath, [prebuild, ...electronArgs, `--platform=${platform}`], { cwd: work, env })
  if (!built) {
    const nodeGyp = process.env.npm_config_node_gyp || require.resolve('node-gyp/bin/node-gyp.js')
    built = run(process.execPath, [nodeGyp, 'rebuild', '--release', ...electronArgs, '--dist-url=https://electronjs.org/headers'], { cwd: work, env })
  }
  const output = path.join(work, 'build', 'Release', 'better_sqlite3.node')
  if (!built || !fs.existsSync(output)) {
    fail('better-sqlite3 n’a pas pu être préparé pour Electron (ni binaire publié, ni compilation). Voir le README, section « Module natif ».')
  }
  fs.mkdirSync(targetDir, { recursive: true })
  fs.copyFileSync(output, target)
  fs.writeFileSync(stamp, stampText)
  console.log(`[vitawin] Prêt : ${path.relative(root, target)}`)
} finally {
  fs.rmSync(work, { recursive: true, force: true })
}
