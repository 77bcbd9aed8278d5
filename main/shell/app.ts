import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { App, BrowserWindow, Dialog, IpcMain, Menu, Net, Protocol, Session, Shell } from 'electron'
import type { ApiHost } from '../api/host'
import type { Store } from '../../db/backend'
import { toAppError } from '../../db/errors'
import { DATABASE_FILE_NAME, PRODUCT_NAME, userDataDir } from '../paths'
import { CONTENT_SECURITY_POLICY } from '../security/csp'
import { registerApiIpc, registerFileIpc } from './ipc'
import { menuTemplate } from './menu'
import { APP_ORIGIN, APP_SCHEME, denyAllPermissions, hardenWebContents, originOf, trustedOrigins } from './security'
import { createMainWindow } from './window'

// The Electron shell's wiring, kept thin: one window, the API behind IPC, nothing else. Electron's
// objects come in as arguments so that the tests can hand it fakes (tests/unit/shell-*.test.ts);
// index.ts passes the real ones.

/** The part of Electron's main-process API the shell uses. */
export interface ShellElectron {
  app: Pick<
    App,
    'isPackaged' | 'setName' | 'setPath' | 'getPath' | 'getAppPath' | 'requestSingleInstanceLock' | 'quit' | 'on' | 'whenReady' | 'enableSandbox'
  >
  BrowserWindow: typeof BrowserWindow
  dialog: Pick<Dialog, 'showErrorBox' | 'showOpenDialog' | 'showSaveDialog'>
  ipcMain: IpcMain
  Menu: Pick<typeof Menu, 'setApplicationMenu' | 'buildFromTemplate'>
  net: Pick<Net, 'fetch'>
  protocol: Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'>
  session: { defaultSession: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> }
  shell: Pick<Shell, 'openExternal'>
}

export interface ShellOptions {
  /** The folder of the built main bundle (out/main): the preload and the renderer sit beside it. */
  mainDir: string
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  arch: string
  /** Electron's process.resourcesPath: where the packaged app's extra resources are. */
  resourcesPath: string
  createHost(file: string): Promise<ApiHost<Store>>
  setNativeBinding(file: string | undefined): void
}

export interface RunningShell {
  /** False when another instance already runs (this one quits). */
  primary: boolean
  /** Settles once the window is open (or the start was given up with a message). */
  ready: Promise<void>
  mainWindow(): BrowserWindow | null
  host(): ApiHost<Store> | null
}

/**
 * better-sqlite3 compiled for Electron's ABI, apart from the Node build the tests use: shipped as
 * resources/native/ in the installers (electron-builder.yml), prepared by
 * scripts/prepare-electron.mjs in .vitawin-electron/<platform>-<arch>/ for `npm start`.
 */
export function electronNativeBindingPath(
  app: Pick<App, 'isPackaged' | 'getAppPath'>,
  where: { resourcesPath: string; platform: string; arch: string },
  exists: (file: string) => boolean = fs.existsSync,
): string | undefined {
  const candidate = app.isPackaged
    ? path.join(where.resourcesPath, 'native', 'better_sqlite3.node')
    : path.join(app.getAppPath(), '.vitawin-electron', `${where.platform}-${where.arch}`, 'better_sqlite3.node')
  return exists(candidate) ? candidate : undefined
}

export function missingNativeBindingMessage(packaged: boolean): string {
  return packaged
    ? "Un composant de l'application est manquant (module SQLite pour Electron). Réinstallez Vitawin Back-office."
    : 'Le module SQLite pour Electron n’est pas préparé : lancez « npm start » (qui exécute scripts/prepare-electron.mjs).'
}

/** Serves the built renderer on app://vitawin, with the CSP as a header; nothing outside its folder. */
export function rendererProtocolHandler(
  rendererDir: string,
  fetchFile: (url: string) => Promise<Response>,
): (request: Request) => Promise<Response> {
  const root = path.resolve(rendererDir)
  const isFile = (file: string) => {
    try {
      return fs.statSync(file).isFile()
    } catch {
      return false
    }
  }
  return async (request) => {
    if (originOf(request.url) !== APP_ORIGIN) return new Response('Introuvable', { status: 404 })
    let relative: string
    try {
      relative = decodeURIComponent(new URL(request.url).pathname).replace(/^\/+/, '')
    } catch {
      return new Response('Requête invalide', { status: 400 })
    }
    const file = path.resolve(root, relative || 'index.html')
    if (!file.startsWith(root + path.sep)) return new Response('Interdit', { status: 403 })
    const response = await fetchFile(pathToFileURL(isFile(file) ? file : path.join(root, 'index.html')).toString())
    const headers = new Headers(response.headers)
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    headers.set('X-Content-Type-Options', 'nosniff')
    return new Response(response.body, { status: response.status, headers })
  }
}

export function startShell(electron: ShellElectron, options: ShellOptions): RunningShell {
  const { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, shell } = electron
  const devServerUrl = app.isPackaged ? undefined : options.env.ELECTRON_RENDERER_URL
  const origins = trustedOrigins(devServerUrl)
  const rendererDir = path.resolve(options.mainDir, '../renderer')
  const preload = path.resolve(options.mainDir, '../preload/index.cjs')
  let mainWindow: BrowserWindow | null = null
  let host: ApiHost<Store> | null = null

  // Before 'ready': the app's scheme, and the sandbox for every renderer whatever its options say.
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])
  app.enableSandbox()
  app.setName(PRODUCT_NAME)
  app.setPath('userData', userDataDir(options.env, options.platform))

  const running: RunningShell = {
    primary: true,
    ready: Promise.resolve(),
    mainWindow: () => mainWindow,
    host: () => host,
  }

  if (!app.requestSingleInstanceLock()) {
    // Another instance holds the database: it is focused instead (its 'second-instance').
    app.quit()
    return { ...running, primary: false }
  }

  const openWindow = () =>
    createMainWindow(
      { BrowserWindow, shell },
      { title: PRODUCT_NAME, preload, url: devServerUrl ?? `${APP_ORIGIN}/index.html`, origins },
    )

  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.show()
    mainWindow.focus()
  })

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, origins, shell)
  })

  app.on('window-all-closed', () => {
    if (options.platform !== 'darwin') app.quit()
  })

  app.on('will-quit', () => {
    void host?.close()
  })

  running.ready = app.whenReady().then(async () => {
    denyAllPermissions(session.defaultSession)
    const binding = electronNativeBindingPath(app, options)
    if (!binding) {
      dialog.showErrorBox(PRODUCT_NAME, missingNativeBindingMessage(app.isPackaged))
      app.quit()
      return
    }
    options.setNativeBinding(binding)
    protocol.handle(APP_SCHEME, rendererProtocolHandler(rendererDir, (url) => net.fetch(url)))
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ isMac: options.platform === 'darwin', productName: PRODUCT_NAME })))

    const file = options.env.VITAWIN_DB ?? path.join(app.getPath('userData'), DATABASE_FILE_NAME)
    try {
      host = await options.createHost(file)
    } catch (error) {
      // Nothing to open (a malformed VITAWIN_DATABASE_URL…): said in French, then the app quits.
      dialog.showErrorBox(PRODUCT_NAME, toAppError(error).message)
      app.quit()
      return
    }
    if (host.openError) dialog.showErrorBox(PRODUCT_NAME, host.openError.message)
    registerApiIpc(ipcMain, host, origins)
    registerFileIpc(ipcMain, host, origins, dialog, (event) => BrowserWindow.fromWebContents(event.sender))

    const track = (window: BrowserWindow) => {
      mainWindow = window
      window.on('closed', () => {
        if (mainWindow === window) mainWindow = null
      })
    }
    track(openWindow())
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) track(openWindow())
    })
  })
  return running
}
