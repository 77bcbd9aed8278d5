import { describe, expect, it } from 'vitest'
import {
  APP_ORIGIN,
  hardenWebContents,
  isExternalLinkAllowed,
  REQUIRED_WEB_PREFERENCES,
  trustedOrigins,
  webPreferencesProblems,
} from '../../main/shell/security'
import { createMainWindow } from '../../main/shell/window'
import { createFakeElectron, FakeWebContents } from '../helpers/fake-electron'

// The app's window, built with a fake Electron: its settings, navigation, new windows, links.

const origins = trustedOrigins()

function openWindow() {
  const fake = createFakeElectron()
  const window = createMainWindow(fake.electron, {
    title: 'Vitawin Back-office',
    preload: '/app/out/preload/index.cjs',
    url: `${APP_ORIGIN}/index.html`,
    origins,
  }) as unknown as InstanceType<typeof fake.BrowserWindow>
  return { fake, window, contents: window.webContents }
}

describe('the main window', () => {
  it('has context isolation and the sandbox on, Node integration and webview tags off', () => {
    const { fake, window } = openWindow()
    expect(fake.windows).toHaveLength(1)
    const preferences = window.options.webPreferences!
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      preload: '/app/out/preload/index.cjs',
    })
    expect(webPreferencesProblems(preferences)).toEqual([])
  })

  it('loads the app from its own origin and shows itself when ready', () => {
    const { window } = openWindow()
    expect(window.loadURL).toHaveBeenCalledWith('app://vitawin/index.html')
    expect(window.show).not.toHaveBeenCalled()
    window.emit('ready-to-show')
    expect(window.show).toHaveBeenCalledTimes(1)
  })

  it('stays on its origin: navigation and redirects elsewhere are prevented', () => {
    const { contents } = openWindow()
    expect(contents.navigate('app://vitawin/index.html#/acteurs')).toBe(true)
    for (const url of [
      'https://example.org/',
      'http://127.0.0.1:5180/',
      'file:///etc/passwd',
      'app://other/index.html',
      'app://vitawin:8080/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      'not a url',
    ]) {
      expect(contents.navigate(url), url).toBe(false)
      expect(contents.navigate(url, 'will-redirect'), url).toBe(false)
    }
  })

  it('refuses every new window; only https links go to the system browser', () => {
    const { fake, contents } = openWindow()
    expect(contents.openWindow('https://www.pemb.fr/')).toBe('deny')
    expect(fake.shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://www.pemb.fr/')
    fake.shell.openExternal.mockClear()
    for (const url of [
      'http://example.org/',
      'file:///C:/Windows/System32/calc.exe',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      'smb://server/share',
      'vbscript:msgbox(1)',
      'app://vitawin/index.html',
      'mailto:contact@example.org',
      '',
    ]) {
      expect(contents.openWindow(url), url).toBe('deny')
    }
    expect(fake.shell.openExternal).not.toHaveBeenCalled()
  })

  it('sends an https link clicked in the page to the browser once, and leaves the page where it is', () => {
    const { fake, contents } = openWindow()
    // The window hardens its contents, and so does the app for every webContents: no double open.
    hardenWebContents(contents as never, origins, fake.shell)
    expect(contents.navigate('https://www.pemb.fr/vitawin')).toBe(false)
    expect(fake.shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://www.pemb.fr/vitawin')
    expect(contents.listenerCount('will-navigate')).toBe(1)
  })

  it('refuses webviews', () => {
    const { contents } = openWindow()
    const event = { preventDefault: () => (prevented = true) }
    let prevented = false
    contents.emit('will-attach-webview', event, {}, {})
    expect(prevented).toBe(true)
  })
})

describe('hardening of any webContents', () => {
  it('applies to contents that are not the main window too', () => {
    const fake = createFakeElectron()
    const contents = new FakeWebContents()
    hardenWebContents(contents as never, origins, fake.shell)
    expect(contents.navigate('https://evil.example/')).toBe(false)
    expect(contents.openWindow('https://evil.example/')).toBe('deny')
  })

  it('trusts the dev server origin only when given one', () => {
    expect([...trustedOrigins()]).toEqual(['app://vitawin'])
    expect([...trustedOrigins('http://localhost:5173/')]).toEqual(['app://vitawin', 'http://localhost:5173'])
  })
})

describe('external links', () => {
  it('lets only https URLs out', () => {
    expect(isExternalLinkAllowed('https://example.org/a?b=c')).toBe(true)
    expect(isExternalLinkAllowed('HTTPS://EXAMPLE.ORG/')).toBe(true)
    for (const url of ['http://example.org/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,x', 'ms-settings:', 'vitawin://x', '//example.org', 'example.org', '']) {
      expect(isExternalLinkAllowed(url), url).toBe(false)
    }
  })
})

describe('the window settings check (what CI holds every window to)', () => {
  const good = { preload: '/app/out/preload/index.cjs', ...REQUIRED_WEB_PREFERENCES }

  it('accepts the required settings', () => {
    expect(webPreferencesProblems(good)).toEqual([])
  })

  it('fails on a deliberately broken setting', () => {
    expect(webPreferencesProblems({ ...good, sandbox: false })).toEqual(['webPreferences.sandbox must be true (is false)'])
    expect(webPreferencesProblems({ ...good, contextIsolation: false })).toEqual(['webPreferences.contextIsolation must be true (is false)'])
    expect(webPreferencesProblems({ ...good, nodeIntegration: true })).toEqual(['webPreferences.nodeIntegration must be false (is true)'])
    expect(webPreferencesProblems({ ...good, webviewTag: true })).toEqual(['webPreferences.webviewTag must be false (is true)'])
    expect(webPreferencesProblems({ ...good, webSecurity: false })).toHaveLength(1)
    expect(webPreferencesProblems({ ...good, preload: '/app/out/preload/index.mjs' })).toHaveLength(1)
  })

  it('does not rely on Electron defaults: a missing setting is a problem', () => {
    const { sandbox: _sandbox, ...withoutSandbox } = good
    expect(webPreferencesProblems(withoutSandbox)).toEqual(['webPreferences.sandbox must be true (is undefined)'])
    expect(webPreferencesProblems(undefined).length).toBe(Object.keys(REQUIRED_WEB_PREFERENCES).length)
  })
})
