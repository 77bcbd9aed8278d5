import crypto from 'node:crypto'
import { vi } from 'vitest'
import type { ShellElectron } from '../../main/shell/app'

// Hand-written fakes of the Electron main-process objects the shell uses. Electron itself cannot
// run on these machines (its binary cannot be downloaded), so the shell takes these as arguments
// in the tests (see main/shell/app.ts and window.ts).

type Listener = (...args: any[]) => unknown

export class FakeEmitter {
  private readonly listeners = new Map<string, Listener[]>()

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener])
    return this
  }

  once(event: string, listener: Listener): this {
    const wrapper: Listener = (...args) => {
      this.listeners.set(event, (this.listeners.get(event) ?? []).filter((item) => item !== wrapper))
      return listener(...args)
    }
    return this.on(event, wrapper)
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args)
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0
  }
}

/** An event as Electron passes it to will-navigate and the like. */
export function fakeEvent(): { preventDefault: ReturnType<typeof vi.fn>; defaultPrevented: () => boolean } {
  const preventDefault = vi.fn()
  return { preventDefault, defaultPrevented: () => preventDefault.mock.calls.length > 0 }
}

export class FakeWebContents extends FakeEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null
  readonly send = vi.fn()
  destroyed = false

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler
  }

  isDestroyed(): boolean {
    return this.destroyed
  }

  /** What the page's navigation to `url` would give: true when it is allowed to go on. */
  navigate(url: string, event: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const fake = fakeEvent()
    this.emit(event, fake, url)
    return !fake.defaultPrevented()
  }

  /** What window.open(url) or a target=_blank link would give. */
  openWindow(url: string): 'allow' | 'deny' {
    if (!this.windowOpenHandler) return 'allow'
    return this.windowOpenHandler({ url }).action
  }
}

/**
 * Electron's safeStorage as the system keychain would behave: what it encrypts cannot be read
 * without it (here, a key of its own), and it can be missing (no keychain) or Linux's plain
 * `basic_text` fallback.
 */
export function fakeSafeStorage(options: { available?: boolean; backend?: 'basic_text' | 'gnome_libsecret' } = {}) {
  const key = crypto.randomBytes(32)
  const iv = Buffer.alloc(16, 7)
  return {
    isEncryptionAvailable: vi.fn(() => options.available ?? true),
    getSelectedStorageBackend: vi.fn(() => options.backend ?? 'gnome_libsecret'),
    encryptString: vi.fn((text: string) => {
      const cipher = crypto.createCipheriv('aes-256-cbc', key, iv)
      return Buffer.concat([Buffer.from('v10'), cipher.update(text, 'utf8'), cipher.final()])
    }),
    decryptString: vi.fn((data: Buffer) => {
      if (data.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
      const decipher = crypto.createDecipheriv('aes-256-cbc', key, iv)
      return Buffer.concat([decipher.update(data.subarray(3)), decipher.final()]).toString('utf8')
    }),
  }
}

export function createFakeElectron(options: { isPackaged?: boolean; gotLock?: boolean; appPath?: string } = {}) {
  const calls: string[] = []
  const windows: FakeBrowserWindow[] = []
  const app = Object.assign(new FakeEmitter(), {
    isPackaged: options.isPackaged ?? false,
    paths: new Map<string, string>(),
    name: '',
    setName: vi.fn((name: string) => {
      app.name = name
    }),
    setPath: vi.fn((key: string, value: string) => {
      app.paths.set(key, value)
    }),
    getPath: (key: string) => app.paths.get(key) ?? `/fake/${key}`,
    getAppPath: () => options.appPath ?? '/fake/app',
    requestSingleInstanceLock: vi.fn(() => {
      calls.push('requestSingleInstanceLock')
      return options.gotLock ?? true
    }),
    quit: vi.fn(() => calls.push('quit')),
    enableSandbox: vi.fn(() => calls.push('enableSandbox')),
    whenReady: vi.fn(async () => {
      calls.push('ready')
    }),
  })

  class FakeBrowserWindow extends FakeEmitter {
    static fromWebContents = vi.fn((contents: unknown) => windows.find((window) => window.webContents === contents) ?? null)
    static getAllWindows = vi.fn(() => windows.filter((window) => !window.closed))

    readonly webContents = new FakeWebContents()
    readonly loadURL = vi.fn(async (_url: string) => undefined)
    readonly show = vi.fn()
    readonly focus = vi.fn()
    readonly restore = vi.fn()
    minimized = false
    closed = false

    constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
      super()
      windows.push(this)
      // Electron announces every new webContents, synchronously, while the window is built.
      app.emit('web-contents-created', fakeEvent(), this.webContents)
    }

    isMinimized(): boolean {
      return this.minimized
    }

    close(): void {
      this.closed = true
      this.emit('closed')
    }
  }

  const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>()
  type RequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void
  type CheckHandler = (contents: unknown, permission: string, origin: string, details: unknown) => boolean
  type DeviceHandler = (details: unknown) => boolean
  const session = {
    requestHandler: null as RequestHandler | null,
    checkHandler: null as CheckHandler | null,
    deviceHandler: null as DeviceHandler | null,
    setPermissionRequestHandler(handler: RequestHandler | null) {
      session.requestHandler = handler
    },
    setPermissionCheckHandler(handler: CheckHandler | null) {
      session.checkHandler = handler
    },
    setDevicePermissionHandler(handler: DeviceHandler | null) {
      session.deviceHandler = handler
    },
  }
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>()

  const fake = {
    app,
    BrowserWindow: FakeBrowserWindow,
    dialog: {
      showErrorBox: vi.fn(),
      showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] as string[] })),
      showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })),
    },
    ipcMain: {
      handle: vi.fn((channel: string, handler: (event: unknown, payload: unknown) => Promise<unknown>) => {
        handlers.set(channel, handler)
      }),
    },
    Menu: {
      buildFromTemplate: vi.fn((template: unknown) => ({ template })),
      setApplicationMenu: vi.fn(),
    },
    net: { fetch: vi.fn(async (url: string) => new Response(`contents of ${url}`, { headers: { 'Content-Type': 'text/html' } })) },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => calls.push('registerSchemesAsPrivileged')),
      handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => {
        protocolHandlers.set(scheme, handler)
      }),
    },
    session: { defaultSession: session },
    shell: { openExternal: vi.fn(async (_url: string) => undefined) },
    safeStorage: fakeSafeStorage(),
  }
  return {
    ...fake,
    /** The fake, typed as the shell expects Electron. */
    electron: fake as unknown as ShellElectron,
    calls,
    windows,
    ipcHandlers: handlers,
    protocolHandlers,
  }
}

export type FakeElectron = ReturnType<typeof createFakeElectron>

/** An IPC event as Electron gives it to ipcMain.handle, from a frame at `url`. */
export function ipcEvent(options: { url?: string; subFrame?: boolean; noFrame?: boolean } = {}) {
  const sender = new FakeWebContents()
  const senderFrame = options.noFrame ? null : { url: options.url ?? 'app://vitawin/index.html', parent: options.subFrame ? {} : null }
  return { sender, senderFrame }
}
