import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { webPreferencesProblems } from '../../main/shell/security'
import { createFakeElectron, fakeEvent, FakeWebContents } from '../helpers/fake-electron'

// The real entry point, main/shell/index.ts, imported with `electron` replaced by the fakes: it
// hands Electron's objects to the shell, which sets everything up and opens a hardened window.

const setup = vi.hoisted(() => ({ current: null as ReturnType<typeof createFakeElectron> | null, root: '', previousDataDir: '' }))

vi.mock('electron', async () => {
  const { createFakeElectron: create } = await import('../helpers/fake-electron')
  setup.current = create({ appPath: path.join(setup.root, 'app') })
  const { electron: _typed, calls: _calls, windows: _windows, ipcHandlers: _ipc, protocolHandlers: _protocols, ...modules } = setup.current
  return modules
})

beforeAll(async () => {
  // A data folder of its own, and a stand-in for the Electron build of better-sqlite3 (it cannot
  // load, so the database reports an error, which the window shows).
  setup.root = fs.mkdtempSync(path.join(os.tmpdir(), 'vitawin-entry-'))
  setup.previousDataDir = process.env.VITAWIN_DATA_DIR ?? ''
  process.env.VITAWIN_DATA_DIR = path.join(setup.root, 'data')
  const binding = path.join(setup.root, 'app', '.vitawin-electron', `${process.platform}-${process.arch}`, 'better_sqlite3.node')
  fs.mkdirSync(path.dirname(binding), { recursive: true })
  fs.writeFileSync(binding, '')
  await import('../../main/shell/index')
  await vi.waitFor(() => expect(setup.current!.windows).toHaveLength(1), { timeout: 10_000 })
})

afterAll(() => {
  if (setup.previousDataDir) process.env.VITAWIN_DATA_DIR = setup.previousDataDir
  else delete process.env.VITAWIN_DATA_DIR
  fs.rmSync(setup.root, { recursive: true, force: true })
})

describe('main/shell/index.ts', () => {
  it('registers the app scheme, the sandbox and the single-instance lock with the real module', () => {
    const electron = setup.current!
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledTimes(1)
    expect(electron.app.enableSandbox).toHaveBeenCalledTimes(1)
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalledTimes(1)
    expect(electron.app.listenerCount('second-instance')).toBe(1)
  })

  it('opens its window with the secure settings and the CommonJS preload', () => {
    const [window] = setup.current!.windows
    expect(webPreferencesProblems(window!.options.webPreferences)).toEqual([])
    expect(window!.options.webPreferences!.preload).toMatch(/preload[\\/]index\.cjs$/)
    expect(window!.loadURL).toHaveBeenCalledWith('app://vitawin/index.html')
  })

  it('reports a database it cannot open in French, in a dialog', () => {
    expect(setup.current!.dialog.showErrorBox).toHaveBeenCalledWith('Vitawin Back-office', expect.any(String))
  })

  it('hardens every webContents the app creates', () => {
    const contents = new FakeWebContents()
    setup.current!.app.emit('web-contents-created', fakeEvent(), contents)
    expect(contents.navigate('https://evil.example/')).toBe(false)
    expect(contents.openWindow('https://evil.example/')).toBe('deny')
  })
})
