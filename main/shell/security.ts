import type { BrowserWindowConstructorOptions, Session, Shell, WebContents } from 'electron'

// Every window is hardened here, in one place. Takes Electron's objects as arguments so that it
// can be tested with fakes.

export const APP_SCHEME = 'app'
export const APP_ORIGIN = `${APP_SCHEME}://vitawin`

type WebPreferences = NonNullable<BrowserWindowConstructorOptions['webPreferences']>

/**
 * The settings every window must have. The window spells them out as a literal (window.ts) so
 * that Electronegativity can read them (npm run security); the shell tests hold every window the
 * shell opens to this list (tests/unit/shell-*.test.ts).
 */
export const REQUIRED_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
} as const satisfies Partial<WebPreferences>

/** What is wrong with a window's settings: empty when every required setting is there. */
export function webPreferencesProblems(preferences: WebPreferences | undefined): string[] {
  const problems: string[] = []
  for (const [key, required] of Object.entries(REQUIRED_WEB_PREFERENCES)) {
    const actual = preferences?.[key as keyof WebPreferences]
    if (actual !== required) problems.push(`webPreferences.${key} must be ${String(required)} (is ${String(actual)})`)
  }
  if (preferences?.preload !== undefined && !/\.cjs$/.test(preferences.preload)) {
    problems.push('webPreferences.preload must be the CommonJS bundle (a sandboxed preload cannot load ES modules)')
  }
  return problems
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

const hardened = new WeakSet<object>()

/**
 * Navigation to another origin and new windows are refused; https links go to the system browser
 * (the one place the app calls shell.openExternal).
 */
export function hardenWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  origins: Set<string>,
  shell: Pick<Shell, 'openExternal'>,
): void {
  // Every webContents is hardened on creation (app 'web-contents-created') and the window hardens
  // its own too: once is enough, or an https link would open twice.
  if (hardened.has(contents)) return
  hardened.add(contents)
  const openIfAllowed = (url: string) => {
    if (isExternalLinkAllowed(url)) void shell.openExternal(url).catch(() => undefined)
  }
  const guard = (event: { preventDefault(): void }, url: string) => {
    const origin = originOf(url)
    if (origin && origins.has(origin)) return
    event.preventDefault()
    openIfAllowed(url)
  }
  contents.on('will-navigate', guard)
  contents.on('will-redirect', guard)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(url)
    return { action: 'deny' }
  })
}

/** No permission (camera, notifications, geolocation…) is ever granted to the page. */
export function denyAllPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>,
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}
