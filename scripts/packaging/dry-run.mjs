#!/usr/bin/env node
// `npm run dist:dry` (Linux): runs electron-builder for real, offline, on a stand-in of Electron's
// binary, and checks the layout of the unpacked app it produces. Electron's binary cannot be
// downloaded on the project's machines, so this is how the packaging configuration is exercised
// there: the files that ship, where better-sqlite3's Electron build lands (where the app looks for
// it), the runtime dependencies, and the fuses flipped in the binary. It needs `npm run build` first.
// The stand-in binary does not run, and the native module in it is the Node build: a layout check,
// not an installer (see README, « Installateurs »).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const require = createRequire(path.join(root, 'package.json'))

if (process.platform !== 'linux') {
  console.error('[vitawin] The dry run uses a Linux stand-in of Electron; on this system, run « npm run dist ».')
  process.exit(1)
}
if (!fs.existsSync(path.join(root, 'out/main/index.js')) || !fs.existsSync(path.join(root, 'out/renderer/index.html'))) {
  console.error('[vitawin] Build the app first: npm run build')
  process.exit(1)
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vitawin-dist-dry-'))
const failures = []
const check = (ok, what) => {
  console.log(`${ok ? '  ✓' : '  ✗'} ${what}`)
  if (!ok) failures.push(what)
}

try {
  // The project as electron-builder sees it, with a stand-in for better-sqlite3's Electron build.
  const project = path.join(work, 'project')
  fs.mkdirSync(project)
  for (const item of ['package.json', 'electron-builder.yml', 'out', 'build', 'scripts/packaging']) {
    fs.cpSync(path.join(root, item), path.join(project, item), { recursive: true })
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(project, 'node_modules'), 'dir')
  const electronVersion = require('electron/package.json').version
  const sqliteVersion = require('better-sqlite3/package.json').version
  const native = path.join(project, '.vitawin-electron', `linux-${process.arch}`)
  fs.mkdirSync(native, { recursive: true })
  fs.copyFileSync(require.resolve('better-sqlite3/build/Release/better_sqlite3.node'), path.join(native, 'better_sqlite3.node'))
  fs.writeFileSync(path.join(native, 'versions.txt'), `electron ${electronVersion}, better-sqlite3 ${sqliteVersion}`)

  // A stand-in Electron: an executable holding a fuse wire in Electron's format (all defaults).
  const { SENTINEL } = require('@electron/fuses/dist/constants.js')
  const dist = path.join(work, 'electron-dist')
  fs.mkdirSync(path.join(dist, 'resources'), { recursive: true })
  const defaults = '10110001' // RunAsNode, CookieEncryption, NodeOptions, Inspect, AsarIntegrity, OnlyAsar, V8Snapshot, FileProtocol
  fs.writeFileSync(
    path.join(dist, 'electron'),
    Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in"\n# '), Buffer.from(SENTINEL), Buffer.from([1, defaults.length]), Buffer.from(defaults), Buffer.from('\n')]),
    { mode: 0o755 },
  )
  for (const file of ['LICENSE', 'LICENSES.chromium.html', 'version']) fs.writeFileSync(path.join(dist, file), file === 'version' ? electronVersion : '')

  const output = path.join(work, 'release')
  const { build, Platform } = require('electron-builder')
  // Hooks are resolved from the working folder, as when electron-builder runs in the project.
  process.chdir(project)
  await build({ projectDir: project, targets: Platform.LINUX.createTarget('dir'), config: { electronDist: dist, directories: { output } } })

  const unpacked = path.join(output, 'linux-unpacked')
  const resources = path.join(unpacked, 'resources')
  const asar = require('@electron/asar')
  const files = asar.listPackage(path.join(resources, 'app.asar')).map((file) => file.split(path.sep).join('/'))
  const shipped = new Set(files)
  const manifest = JSON.parse(asar.extractFile(path.join(resources, 'app.asar'), 'package.json').toString())

  console.log('\nLayout of the packaged app:')
  check(fs.existsSync(path.join(unpacked, 'vitawin-backoffice')), 'executable vitawin-backoffice')
  check(manifest.main === 'out/main/index.js' && shipped.has('/out/main/index.js'), 'app.asar: package.json main → out/main/index.js')
  check(shipped.has('/out/preload/index.cjs'), 'app.asar: the CommonJS preload out/preload/index.cjs')
  check(shipped.has('/out/renderer/index.html'), 'app.asar: the renderer')
  check(!shipped.has('/out/main/web.js') && !shipped.has('/out/main/cli.js'), 'app.asar: no browser-mode or CLI entry')
  check(!files.some((file) => file.endsWith('.map')), 'app.asar: no source map')
  for (const dependency of Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).dependencies)) {
    check(shipped.has(`/node_modules/${dependency}/package.json`), `app.asar: runtime dependency ${dependency}`)
  }
  // Every package the shipped main process imports is in the archive.
  const mainFiles = files.filter((file) => /^\/out\/main\/.*\.js$/.test(file))
  const imported = new Set()
  for (const file of mainFiles) {
    const text = asar.extractFile(path.join(resources, 'app.asar'), file.slice(1)).toString()
    for (const match of text.matchAll(/^import\s[^'"]*?from\s*["']([^"'./][^"']*)["']/gm)) imported.add(match[1])
  }
  const packages = [...imported].filter((name) => !name.startsWith('node:') && name !== 'electron').map((name) => name.split('/').slice(0, name.startsWith('@') ? 2 : 1).join('/'))
  const missing = [...new Set(packages)].filter((name) => !shipped.has(`/node_modules/${name}/package.json`))
  check(packages.length > 0 && missing.length === 0, `app.asar: every package the main process imports (${[...new Set(packages)].join(', ')})${missing.length ? `; missing: ${missing.join(', ')}` : ''}`)
  check(shipped.has('/node_modules/better-sqlite3/lib/index.js'), "app.asar: better-sqlite3's JavaScript")
  check(!files.some((file) => file.startsWith('/node_modules/better-sqlite3/build/') || file.startsWith('/node_modules/better-sqlite3/deps/')), "app.asar: not better-sqlite3's Node build nor its sources")
  check(fs.existsSync(path.join(resources, 'native', 'better_sqlite3.node')), 'resources/native/better_sqlite3.node, where main/shell/app.ts loads it when packaged')
  const wire = fs.readFileSync(path.join(unpacked, 'vitawin-backoffice'))
  const at = wire.indexOf(SENTINEL) + SENTINEL.length + 2
  const fuses = wire.toString('latin1', at, at + defaults.length)
  check(fuses[0] === '0' && fuses[2] === '0' && fuses[3] === '0' && fuses[5] === '1', `fuses flipped (${fuses}): no RunAsNode, NODE_OPTIONS, --inspect; app.asar only`)
} catch (error) {
  failures.push(String(error?.stack ?? error))
  console.error(error)
} finally {
  process.chdir(root)
  fs.rmSync(work, { recursive: true, force: true })
}

if (failures.length > 0) {
  console.error(`\n[vitawin] Packaging dry run FAILED (${failures.length}).`)
  process.exit(1)
}
console.log('\n[vitawin] Packaging dry run passed.')
