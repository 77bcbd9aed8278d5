import fs from 'node:fs'
import path from 'node:path'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'
import { beforeAll, describe, expect, it } from 'vitest'
import { electronNativeBindingPath } from '../../main/shell/app'
import { nativeModuleProblem } from '../../scripts/packaging/before-pack.mjs'
import { decodePng, ICO_SIZES, LINUX_SIZES, makeIcons } from '../../scripts/make-icons'
import { tempDir } from '../helpers/temp'

// The packaging configuration, read and validated the way electron-builder reads it (the installers
// themselves cannot be built here: Electron's binary cannot be downloaded on these machines).

const root = path.resolve(__dirname, '../..')
const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string
  version: string
  scripts: Record<string, string>
}

// electron-builder's own types are loose where its schema is strict: read what we check as plain data.
type Loose = Record<string, any>
let config: Loose

beforeAll(async () => {
  config = (await getConfig(root, null, null)) as Loose
})

/** getConfig() turns `files` into file sets: their patterns. */
function filePatterns(files: (string | { filter?: string[] })[]): string[] {
  return files.flatMap((file) => (typeof file === 'string' ? [file] : (file.filter ?? [])))
}

function targets(platform: Loose): string[] {
  return (platform.target as (string | { target: string })[]).map((target) => (typeof target === 'string' ? target : target.target))
}

describe('electron-builder.yml', () => {
  it('is valid for electron-builder (its own schema check)', async () => {
    await expect(validateConfiguration(config as never, new DebugLogger(false))).resolves.toBeUndefined()
    // …which does catch a mistake.
    await expect(validateConfiguration({ ...config, nsis: { ...config.nsis, perUser: true } } as never, new DebugLogger(false))).rejects.toThrow(/configuration.nsis/)
  })

  it('names the app', () => {
    expect(config.appId).toBe('fr.pemb.vitawin.backoffice')
    expect(config.productName).toBe('Vitawin Back-office')
    expect(config.directories.buildResources).toBe('build')
  })

  it('builds a per-user NSIS installer that never asks for administrator rights, and a portable build, for Windows', () => {
    expect(targets(config.win)).toEqual(['nsis', 'portable'])
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: false, deleteAppDataOnUninstall: false })
    expect(config.nsis.selectPerMachineByDefault).not.toBe(true)
    expect(config.portable.requestExecutionLevel).toBe('user')
  })

  it('builds an AppImage and a deb for Linux, a dmg for macOS', () => {
    expect(targets(config.linux)).toEqual(['AppImage', 'deb'])
    expect(config.linux.maintainer).toBeTruthy()
    expect(targets(config.mac)).toEqual(['dmg'])
  })

  it('ships the built app, without source maps nor the browser-mode and CLI entries', () => {
    expect(filePatterns(config.files)).toEqual(expect.arrayContaining(['out/**', 'package.json', '!**/*.map', '!out/main/web.js', '!out/main/cli.js']))
    expect(packageJson.main).toBe('out/main/index.js')
  })

  it('ships better-sqlite3 built for Electron where the app looks for it, and keeps the Node build untouched', () => {
    expect(config.npmRebuild).toBe(false)
    expect(config.beforePack).toBe('./scripts/packaging/before-pack.mjs')
    expect(fs.existsSync(path.join(root, config.beforePack))).toBe(true)
    const [resource] = config.extraResources as { from: string; to: string }[]
    // Where the packaged app loads it from (process.resourcesPath + …).
    const packaged = electronNativeBindingPath({ isPackaged: true, getAppPath: () => '' }, { resourcesPath: '/R', platform: 'linux', arch: 'x64' }, () => true)!
    expect(resource!.to).toBe(path.relative('/R', packaged).split(path.sep).join('/'))
    // Where scripts/prepare-electron.mjs puts it, and `npm start` loads it from.
    const development = electronNativeBindingPath({ isPackaged: false, getAppPath: () => root }, { resourcesPath: '', platform: 'linux', arch: 'x64' }, () => true)!
    expect(resource!.from.replace('${platform}', 'linux').replace('${arch}', 'x64')).toBe(path.relative(root, development).split(path.sep).join('/'))
    expect(fs.readFileSync(path.join(root, 'scripts/prepare-electron.mjs'), 'utf8')).toContain("path.join(root, '.vitawin-electron', `${platform}-${arch}`)")
    // The Node build and sources stay out of the app; any native addon is unpacked from the asar.
    expect(filePatterns(config.files)).toContain('!node_modules/better-sqlite3/{build,deps,src}/**')
    expect(config.asarUnpack).toContain('**/*.node')
  })

  it('turns off the Electron switches that would let the installed app run other code', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    })
  })

  it('is what `npm run dist` runs, after preparing better-sqlite3 for Electron and building', () => {
    const steps = packageJson.scripts.dist!.split('&&').map((step) => step.trim())
    expect(steps).toEqual(['node scripts/prepare-electron.mjs', 'electron-vite build', 'electron-builder --publish never'])
  })
})

describe('runtime dependencies', () => {
  it('are all the packaged main process and preload need: nothing from devDependencies', () => {
    const dependencies = Object.keys((packageJson as unknown as { dependencies: Record<string, string> }).dependencies)
    const sources = ['main', 'db', 'preload'].flatMap((folder) =>
      (fs.readdirSync(path.join(root, folder), { recursive: true }) as string[])
        .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts') && !/test-helpers/.test(file))
        .map((file) => path.join(root, folder, file)),
    )
    const needed = new Map<string, string>()
    for (const file of sources) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^'.][^']*)'/gm)) {
        const name = match[1]!
        if (name.startsWith('node:') || name === 'electron') continue
        needed.set(name.split('/').slice(0, name.startsWith('@') ? 2 : 1).join('/'), path.relative(root, file))
      }
    }
    expect(needed.size).toBeGreaterThan(3)
    const missing = [...needed].filter(([name]) => !dependencies.includes(name)).map(([name, file]) => `${name} (${file})`)
    expect(missing, 'imported at run time but not in "dependencies": electron-builder would not ship it').toEqual([])
  })
})

describe('icons', () => {
  it('has one for each system, derived from build/icon.png and up to date (npm run icons)', () => {
    expect(config.win.icon).toBe('build/icon.ico')
    expect(config.mac.icon).toBe('build/icon.icns')
    expect(config.linux.icon).toBe('build/icons')
    const expected = makeIcons(fs.readFileSync(path.join(root, 'build/icon.png')))
    for (const [name, data] of expected) {
      const file = path.join(root, 'build', name)
      expect(fs.existsSync(file), name).toBe(true)
      expect(fs.readFileSync(file).equals(data), `${name} is out of date: run npm run icons`).toBe(true)
    }
  })

  it('writes a Windows icon up to 256 px and a macOS icon up to 512 px', () => {
    const ico = fs.readFileSync(path.join(root, 'build/icon.ico'))
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, ICO_SIZES.length])
    const sizes = ICO_SIZES.map((_, index) => ico[6 + 16 * index] || 256)
    expect(sizes).toEqual(ICO_SIZES)
    const icns = fs.readFileSync(path.join(root, 'build/icon.icns'))
    expect(icns.toString('latin1', 0, 4)).toBe('icns')
    expect(icns.readUInt32BE(4)).toBe(icns.length)
    expect(icns.includes(Buffer.from('ic09'))).toBe(true)
    for (const size of LINUX_SIZES) {
      const image = decodePng(fs.readFileSync(path.join(root, 'build/icons', `${size}x${size}.png`)))
      expect([image.width, image.height]).toEqual([size, size])
    }
  })
})

describe('the beforePack check of the native module', () => {
  const versions = { electronVersion: '45.4.1', sqliteVersion: '12.11.1' }

  function project(stamp?: string) {
    const dir = tempDir('vitawin-pack-')
    if (stamp !== undefined) {
      fs.mkdirSync(path.join(dir, '.vitawin-electron', 'linux-x64'), { recursive: true })
      fs.writeFileSync(path.join(dir, '.vitawin-electron', 'linux-x64', 'better_sqlite3.node'), '')
      fs.writeFileSync(path.join(dir, '.vitawin-electron', 'linux-x64', 'versions.txt'), stamp)
    }
    return dir
  }

  it('lets the build go on when the Electron build is there and current', () => {
    const projectDir = project('electron 45.4.1, better-sqlite3 12.11.1')
    expect(nativeModuleProblem({ projectDir, platform: 'linux', arch: 'x64', hostPlatform: 'linux', ...versions })).toBeNull()
  })

  it('stops it when the file is missing, stale, or for another system', () => {
    expect(nativeModuleProblem({ projectDir: project(), platform: 'linux', arch: 'x64', hostPlatform: 'linux', ...versions })).toMatch(/missing/)
    const stale = project('electron 44.0.0, better-sqlite3 12.11.1')
    expect(nativeModuleProblem({ projectDir: stale, platform: 'linux', arch: 'x64', hostPlatform: 'linux', ...versions })).toMatch(/prepare-electron/)
    const current = project('electron 45.4.1, better-sqlite3 12.11.1')
    expect(nativeModuleProblem({ projectDir: current, platform: 'win32', arch: 'x64', hostPlatform: 'linux', ...versions })).toMatch(/build the win32 installers on win32/)
  })
})
