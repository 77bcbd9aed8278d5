import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, shell } from 'electron'
import { setDefaultNativeBinding } from '../../db/sqlite/connection'
import { createApiHost, type ApiHost } from '../api/host'
import { DATABASE_FILE_NAME, PRODUCT_NAME, userDataDir } from '../paths'
import { CONTENT_SECURITY_POLICY } from '../security/csp'
import { registerApiIpc, registerFileIpc } from './ipc'
import { menuTemplate } from './menu'
import { APP_ORIGIN, APP_SCHEME, denyAllPermissions, hardenWebContents, secureWebPreferences, trustedOrigins } from './security'

// The Electron shell, kept thin: one window, the API behind IPC, nothing else.

const here = path.dirname(fileURLToPath(import.meta.url))
const rendererDir = path.resolve(here, '../renderer')
const devServerUrl = process.env.ELECTRON_RENDERER_URL
const origins = trustedOrigins(app.isPackaged ? undefined : devServerUrl)

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
])

app.setName(PRODUCT_NAME)
app.setPath('userData', userDataDir())

/** better-sqlite3 compiled for Electron's ABI sits apart from the Node build the tests use. */
function electronNativeBinding(): string | undefined {
  const candidates = app.isPackaged
    ? [path.join(process.resourcesPath, 'native', 'better_sqlite3.node')]
    : [path.join(app.getAppPath(), '.vitawin-electron', `${process.platform}-${process.arch}`, 'better_sqlite3.node')]
  return candidates.find((candidate) => fs.existsSync(candidate))
}

let mainWindow: BrowserWindow | null = null
let host: ApiHost | null = null

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    title: PRODUCT_NAME,
    width: 1400,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    webPreferences: secureWebPreferences(path.join(here, '../preload/index.cjs')),
  })
  hardenWebContents(window.webContents, origins, (url) => shell.openExternal(url))
  window.once('ready-to-show', () => window.show())
  void window.loadURL(devServerUrl && !app.isPackaged ? devServerUrl : `${APP_ORIGIN}/index.html`)
  return window
}

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const { pathname } = new URL(request.url)
    const file = path.resolve(rendererDir, decodeURIComponent(pathname).replace(/^\/+/, '') || 'index.html')
    if (!file.startsWith(rendererDir + path.sep)) return new Response('Interdit', { status: 403 })
    const response = await net.fetch(pathToFileURL(fs.existsSync(file) ? file : path.join(rendererDir, 'index.html')).toString())
    const headers = new Headers(response.headers)
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    headers.set('X-Content-Type-Options', 'nosniff')
    return new Response(response.body, { status: response.status, headers })
  })
}

if (!app.requestSingleInstanceLock()) {
  // Another instance holds the database: it is focused instead (see 'second-instance').
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, origins, (url) => shell.openExternal(url))
  })

  app.whenReady().then(async () => {
    setDefaultNativeBinding(electronNativeBinding())
    denyAllPermissions(session.defaultSession)
    serveRenderer()
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ isMac: process.platform === 'darwin', productName: PRODUCT_NAME })))

    const file = process.env.VITAWIN_DB ?? path.join(app.getPath('userData'), DATABASE_FILE_NAME)
    host = await createApiHost(file)
    if (host.openError) dialog.showErrorBox(PRODUCT_NAME, host.openError.message)
    registerApiIpc(ipcMain, host, origins)
    registerFileIpc(ipcMain, host, origins, dialog, (event) => BrowserWindow.fromWebContents(event.sender))

    mainWindow = createWindow()
    mainWindow.on('closed', () => {
      mainWindow = null
    })
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow()
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  app.on('will-quit', () => {
    void host?.close()
  })
}
