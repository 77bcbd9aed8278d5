import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { ApiHost } from '../../main/api/host'
import { chooseDatabaseTarget } from '../../db/backend'
import { electronNativeBindingPath, rendererProtocolHandler, startShell, type ShellOptions } from '../../main/shell/app'
import { CONTENT_SECURITY_POLICY } from '../../main/security/csp'
import { webPreferencesProblems } from '../../main/shell/security'
import { IPC_CALL, IPC_CHOOSE_FOLDER, IPC_OPEN_FILE, IPC_SAVE_FILE } from '../../preload/bridge'
import { createFakeElectron, fakeEvent, FakeWebContents } from '../helpers/fake-electron'
import { tempDir } from '../helpers/temp'

// The shell's wiring (main/shell/app.ts) with a fake Electron: the lifecycle, the single instance,
// permissions, the app:// protocol, and that every window it opens is hardened.

function fakeHost(openError: ApiHost['openError'] = null) {
  return { store: null, openError, files: {}, call: vi.fn(), close: vi.fn(async () => undefined) } as unknown as ApiHost
}

function start(
  options: { gotLock?: boolean; isPackaged?: boolean; platform?: NodeJS.Platform; nativeBinding?: boolean; host?: ApiHost; env?: NodeJS.ProcessEnv } = {},
) {
  const root = tempDir('vitawin-shell-')
  const resourcesPath = path.join(root, 'resources')
  const appPath = path.join(root, 'app')
  const binding = options.isPackaged
    ? path.join(resourcesPath, 'native', 'better_sqlite3.node')
    : path.join(appPath, '.vitawin-electron', `${options.platform ?? 'linux'}-x64`, 'better_sqlite3.node')
  if (options.nativeBinding !== false) {
    fs.mkdirSync(path.dirname(binding), { recursive: true })
    fs.writeFileSync(binding, '')
  }
  const fake = createFakeElectron({ gotLock: options.gotLock, isPackaged: options.isPackaged, appPath })
  const host = options.host ?? fakeHost()
  const shellOptions: ShellOptions = {
    mainDir: path.join(root, 'out', 'main'),
    env: { VITAWIN_DATA_DIR: path.join(root, 'data'), ...options.env },
    platform: options.platform ?? 'linux',
    arch: 'x64',
    resourcesPath,
    // The real choice of the database (main/shell/host.ts), a fake host in its place.
    createHost: vi.fn(async (file: string) => {
      chooseDatabaseTarget({ file }, shellOptions.env)
      return host
    }),
    setNativeBinding: vi.fn(),
  }
  const shell = startShell(fake.electron, shellOptions)
  return { fake, shell, shellOptions, root, binding, host }
}

describe('app lifecycle', () => {
  it('registers the app scheme and turns the sandbox on for every renderer before the app is ready', async () => {
    const { fake, shell } = start()
    await shell.ready
    expect(fake.calls.indexOf('registerSchemesAsPrivileged')).toBeLessThan(fake.calls.indexOf('ready'))
    expect(fake.calls.indexOf('enableSandbox')).toBeLessThan(fake.calls.indexOf('ready'))
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
  })

  it('keeps its data in the user data folder, under the product name', async () => {
    const { fake, shell, root } = start()
    await shell.ready
    expect(fake.app.setName).toHaveBeenCalledWith('Vitawin Back-office')
    expect(fake.app.setPath).toHaveBeenCalledWith('userData', path.join(root, 'data'))
  })

  it('opens one window, hardened, on the app origin, with the IPC channels and the French menu', async () => {
    const { fake, shell, shellOptions, root, binding } = start()
    await shell.ready
    expect(shellOptions.setNativeBinding).toHaveBeenCalledWith(binding)
    expect(shellOptions.createHost).toHaveBeenCalledWith(path.join(root, 'data', 'vitawin.sqlite'))
    expect(fake.windows).toHaveLength(1)
    const [window] = fake.windows
    expect(webPreferencesProblems(window!.options.webPreferences)).toEqual([])
    expect(window!.options.webPreferences!.preload).toBe(path.join(root, 'out', 'preload', 'index.cjs'))
    expect(window!.loadURL).toHaveBeenCalledWith('app://vitawin/index.html')
    expect(shell.mainWindow()).toBe(window)
    expect([...fake.ipcHandlers.keys()].sort()).toEqual([IPC_CALL, IPC_OPEN_FILE, IPC_SAVE_FILE, IPC_CHOOSE_FOLDER].sort())
    const menu = fake.Menu.buildFromTemplate.mock.calls[0]![0] as { label?: string }[]
    expect(menu.map((item) => item.label)).toEqual(['Fichier', 'Édition', 'Affichage', 'Fenêtre'])
  })

  it('loads the dev server in development only, and trusts its origin only then', async () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173/' }
    const dev = start({ env })
    await dev.shell.ready
    expect(dev.fake.windows[0]!.loadURL).toHaveBeenCalledWith('http://localhost:5173/')
    expect(dev.fake.windows[0]!.webContents.navigate('http://localhost:5173/#/acteurs')).toBe(true)
    const packaged = start({ env, isPackaged: true })
    await packaged.shell.ready
    expect(packaged.fake.windows[0]!.loadURL).toHaveBeenCalledWith('app://vitawin/index.html')
    expect(packaged.fake.windows[0]!.webContents.navigate('http://localhost:5173/')).toBe(false)
  })

  it('shows the database error in French and still opens the window', async () => {
    const host = fakeHost({ code: 'database_damaged', message: 'Le fichier de données est endommagé.' })
    const { fake, shell } = start({ host })
    await shell.ready
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith('Vitawin Back-office', 'Le fichier de données est endommagé.')
    expect(fake.windows).toHaveLength(1)
  })

  it('says in French why there is nothing to open (a malformed team address) and quits', async () => {
    const { fake, shell, shellOptions } = start({ env: { VITAWIN_DATABASE_URL: 'mysql://db/vitawin' } })
    await shell.ready
    expect(shellOptions.createHost).toHaveBeenCalled()
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith('Vitawin Back-office', "L'adresse de la base d'équipe doit commencer par postgresql:// (VITAWIN_DATABASE_URL).")
    expect(fake.app.quit).toHaveBeenCalled()
    expect(fake.windows).toHaveLength(0)
  })

  it('refuses to start without better-sqlite3 built for Electron, with a French message', async () => {
    const { fake, shell, shellOptions } = start({ isPackaged: true, nativeBinding: false })
    await shell.ready
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith('Vitawin Back-office', expect.stringContaining('Réinstallez'))
    expect(fake.app.quit).toHaveBeenCalled()
    expect(shellOptions.createHost).not.toHaveBeenCalled()
    expect(fake.windows).toHaveLength(0)
  })

  it('quits when the last window closes, except on macOS', async () => {
    const linux = start()
    await linux.shell.ready
    linux.fake.app.emit('window-all-closed')
    expect(linux.fake.app.quit).toHaveBeenCalled()
    const mac = start({ platform: 'darwin' })
    await mac.shell.ready
    mac.fake.app.emit('window-all-closed')
    expect(mac.fake.app.quit).not.toHaveBeenCalled()
  })

  it('closes the database when the app quits', async () => {
    const { fake, shell, host } = start()
    await shell.ready
    fake.app.emit('will-quit')
    expect(host.close).toHaveBeenCalled()
  })
})

describe('single instance', () => {
  it('quits at once when another instance holds the lock, without opening anything', async () => {
    const { fake, shell, shellOptions } = start({ gotLock: false })
    await shell.ready
    expect(shell.primary).toBe(false)
    expect(fake.app.quit).toHaveBeenCalled()
    expect(shellOptions.createHost).not.toHaveBeenCalled()
    expect(fake.windows).toHaveLength(0)
    expect(fake.app.listenerCount('second-instance')).toBe(0)
  })

  it('focuses (and restores) the window when a second instance starts', async () => {
    const { fake, shell } = start()
    await shell.ready
    const [window] = fake.windows
    window!.minimized = true
    fake.app.emit('second-instance', fakeEvent(), ['vitawin'], '/')
    expect(window!.restore).toHaveBeenCalled()
    expect(window!.focus).toHaveBeenCalled()
    expect(fake.windows).toHaveLength(1)
  })
})

describe('every webContents', () => {
  it('is hardened as soon as it is created, whoever creates it', async () => {
    const { fake, shell } = start()
    await shell.ready
    const contents = new FakeWebContents()
    fake.app.emit('web-contents-created', fakeEvent(), contents)
    expect(contents.navigate('https://evil.example/')).toBe(false)
    expect(contents.openWindow('https://evil.example/')).toBe('deny')
  })

  it('gets the same hardened settings when the window is reopened (macOS dock)', async () => {
    const { fake, shell } = start({ platform: 'darwin' })
    await shell.ready
    fake.windows[0]!.close()
    expect(shell.mainWindow()).toBeNull()
    fake.app.emit('activate')
    expect(fake.windows).toHaveLength(2)
    expect(webPreferencesProblems(fake.windows[1]!.options.webPreferences)).toEqual([])
    expect(shell.mainWindow()).toBe(fake.windows[1])
  })
})

describe('permissions', () => {
  it('denies every permission request and check, and every device', async () => {
    const { fake, shell } = start()
    await shell.ready
    const session = fake.session.defaultSession
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial']) {
      const callback = vi.fn()
      session.requestHandler!(null, permission, callback, {})
      expect(callback, permission).toHaveBeenCalledExactlyOnceWith(false)
      expect(session.checkHandler!(null, permission, 'app://vitawin', {}), permission).toBe(false)
    }
    expect(session.deviceHandler!({ deviceType: 'usb', origin: 'app://vitawin' })).toBe(false)
  })
})

describe('the app:// protocol', () => {
  function serve() {
    const dir = tempDir('vitawin-renderer-')
    fs.writeFileSync(path.join(dir, 'index.html'), '<html></html>')
    fs.mkdirSync(path.join(dir, 'assets'))
    fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'export {}')
    fs.writeFileSync(path.join(path.dirname(dir), 'secret.txt'), 'secret')
    const fetchFile = vi.fn(async (url: string) => new Response(`file ${url}`))
    return { dir, fetchFile, handle: rendererProtocolHandler(dir, fetchFile) }
  }

  it('serves the renderer files with the CSP header', async () => {
    const { dir, fetchFile, handle } = serve()
    const response = await handle(new Request('app://vitawin/assets/app.js'))
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(fetchFile).toHaveBeenCalledWith(expect.stringMatching(/^file:\/\//))
    expect(decodeURIComponent(fetchFile.mock.calls[0]![0])).toContain(path.join(dir, 'assets', 'app.js').split(path.sep).join('/'))
  })

  it('falls back to index.html for routes and folders', async () => {
    const { fetchFile, handle } = serve()
    await handle(new Request('app://vitawin/acteurs/o12'))
    await handle(new Request('app://vitawin/assets'))
    for (const [url] of fetchFile.mock.calls) expect(url).toMatch(/index\.html$/)
  })

  it('never serves a file outside the renderer folder, nor another host', async () => {
    const { fetchFile, handle } = serve()
    expect((await handle(new Request('app://vitawin/..%2Fsecret.txt'))).status).toBe(403)
    expect((await handle(new Request('app://vitawin/%2e%2e%2f%2e%2e%2fetc%2fpasswd'))).status).toBe(403)
    expect((await handle(new Request('app://vitawin/%E0%A4%A'))).status).toBe(400)
    expect((await handle(new Request('app://other/index.html'))).status).toBe(404)
    expect(fetchFile).not.toHaveBeenCalled()
  })

  it('is what the shell registers for the app scheme', async () => {
    const { fake, shell } = start()
    await shell.ready
    const handler = fake.protocolHandlers.get('app')!
    expect((await handler(new Request('app://vitawin/..%2F..%2Fpackage.json'))).status).toBe(403)
  })
})

describe('native module location', () => {
  it('uses the resources folder when packaged, the prepared copy in development', () => {
    const exists = () => true
    const where = { resourcesPath: '/opt/Vitawin/resources', platform: 'linux', arch: 'x64' }
    expect(electronNativeBindingPath({ isPackaged: true, getAppPath: () => '/x' }, where, exists)).toBe(
      path.join('/opt/Vitawin/resources', 'native', 'better_sqlite3.node'),
    )
    expect(electronNativeBindingPath({ isPackaged: false, getAppPath: () => '/src/vitawin' }, where, exists)).toBe(
      path.join('/src/vitawin', '.vitawin-electron', 'linux-x64', 'better_sqlite3.node'),
    )
    expect(electronNativeBindingPath({ isPackaged: true, getAppPath: () => '/x' }, where, () => false)).toBeUndefined()
  })
})
