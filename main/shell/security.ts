import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron'

// Every window is hardened here, in one place. Takes Electron's objects as arguments so that it
// can be tested with fakes.

export const APP_SCHEME = 'app'
export const APP_ORIGIN = `${APP_SCHEME}://vitawin`

export function secureWebPreferences(preload: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: true,
  }
}

/** The origins the app's own pages are served from. */
export function trustedOrigins(devServerUrl?: string): Set<string> {
  const origins = new Set([APP_ORIGIN])
  if (devServerUrl) origins.add(new URL(devServerUrl).origin)
  return origins
}

export function originOf(url: string | undefined): string | null {
  if (!url) return null
  try {
    const parsed = new URL(url)
    // WHATWG URL gives 'null' as the origin of non-special schemes: rebuild it.
    return parsed.origin !== 'null' ? parsed.origin : `${parsed.protocol}//${parsed.host}`
  } catch {
    return null
  }
}

export function isExternalLinkAllowed(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:'
  } catch {
    return false
  }
}

/** Navigation to another origin and new windows are refused; https links go to the system browser. */
export function hardenWebContents(
  contents: WebContents,
  origins: Set<string>,
  openExternal: (url: string) => Promise<void> | void,
): void {
  const guard = (event: { preventDefault(): void }, url: string) => {
    const origin = originOf(url)
    if (origin && origins.has(origin)) return
    event.preventDefault()
    if (isExternalLinkAllowed(url)) void openExternal(url)
  }
  contents.on('will-navigate', guard)
  contents.on('will-redirect', guard)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) void openExternal(url)
    return { action: 'deny' }
  })
}

/** No permission (camera, notifications, geolocation…) is ever granted to the page. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler?.(() => false)
}
