import type { BrowserWindow as ElectronBrowserWindow, Shell } from 'electron'
import { hardenWebContents } from './security'

// The app's window. Its webPreferences are written out here as a literal, on the `new
// BrowserWindow` call itself, so that Electronegativity (npm run security) reads them; the tests
// hold them to REQUIRED_WEB_PREFERENCES (security.ts).

export interface WindowElectron {
  BrowserWindow: typeof ElectronBrowserWindow
  shell: Pick<Shell, 'openExternal'>
}

export interface MainWindowOptions {
  title: string
  /** The preload bundle (CommonJS, out/preload/index.cjs). */
  preload: string
  /** The first page: app://vitawin/index.html, or the dev server in development. */
  url: string
  /** Origins the window may navigate within (trustedOrigins()). */
  origins: Set<string>
}

export function createMainWindow(electron: WindowElectron, options: MainWindowOptions): ElectronBrowserWindow {
  const { BrowserWindow } = electron
  const window = new BrowserWindow({
    title: options.title,
    width: 1400,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // Middle-click would otherwise open links in a new window (refused anyway by the handler).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
    },
  })
  hardenWebContents(window.webContents, options.origins, electron.shell)
  window.once('ready-to-show', () => window.show())
  void window.loadURL(options.url)
  return window
}
