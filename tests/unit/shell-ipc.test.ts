import { describe, expect, it, vi } from 'vitest'
import type { ApiHost } from '../../main/api/host'
import { isTrustedSender, registerApiIpc, registerFileIpc } from '../../main/shell/ipc'
import { trustedOrigins } from '../../main/shell/security'
import { IPC_CALL, IPC_CHOOSE_FOLDER, IPC_OPEN_FILE, IPC_PROGRESS, IPC_SAVE_FILE } from '../../preload/bridge'
import { createFakeElectron, ipcEvent } from '../helpers/fake-electron'

// The IPC transport: a message from anywhere but the app's own top frame, or a malformed one, is
// answered with a refusal and never reaches the API host.

const origins = trustedOrigins()

function fakeHost() {
  const call = vi.fn(async (_name: string, _args: unknown, onProgress?: (progress: { phase: string; done: number }) => void) => {
    onProgress?.({ phase: 'import', done: 3 })
    return { ok: true as const, value: 42 }
  })
  const register = vi.fn((file: string) => ({ id: 'f'.repeat(32), name: file.split('/').pop()!, size: 10, path: file }))
  const resolve = vi.fn((id: string) => ({ id, name: 'export.xlsx', size: 10, path: '/tmp/export.xlsx' }))
  const host = { store: null, openError: null, call, close: vi.fn(), files: { register, resolve } } as unknown as ApiHost
  return { host, call, register, resolve }
}

function setup() {
  const fake = createFakeElectron()
  const api = fakeHost()
  registerApiIpc(fake.electron.ipcMain, api.host, origins)
  registerFileIpc(fake.electron.ipcMain, api.host, origins, fake.electron.dialog, () => null)
  const invoke = (channel: string, event: ReturnType<typeof ipcEvent>, payload: unknown) => fake.ipcHandlers.get(channel)!(event, payload)
  return { fake, api, invoke }
}

const untrustedSenders: [string, ReturnType<typeof ipcEvent>][] = [
  ['another origin', ipcEvent({ url: 'https://evil.example/' })],
  ['browser mode', ipcEvent({ url: 'http://127.0.0.1:5180/' })],
  ['a file page', ipcEvent({ url: 'file:///tmp/page.html' })],
  ['a look-alike host', ipcEvent({ url: 'app://vitawin.evil/index.html' })],
  ['a sub-frame of the app', ipcEvent({ subFrame: true })],
  ['a missing frame', ipcEvent({ noFrame: true })],
  ['a frame without a URL', ipcEvent({ url: '' })],
]

describe('API calls over IPC', () => {
  it('registers the call, open, save and folder channels', () => {
    const { fake } = setup()
    expect([...fake.ipcHandlers.keys()].sort()).toEqual([IPC_CALL, IPC_OPEN_FILE, IPC_SAVE_FILE, IPC_CHOOSE_FOLDER].sort())
  })

  it('serves a well-formed call from the app window and streams its progress back', async () => {
    const { api, invoke } = setup()
    const event = ipcEvent()
    const requestKey = '5b1f0c2e-8d1a-4c3b-9e7f-0a1b2c3d4e5f'
    const result = await invoke(IPC_CALL, event, { name: 'territory.get', args: { a: 1 }, callId: 'c1', requestKey })
    expect(result).toEqual({ ok: true, value: 42 })
    expect(api.call).toHaveBeenCalledExactlyOnceWith('territory.get', { a: 1 }, expect.any(Function), requestKey)
    expect(event.sender.send).toHaveBeenCalledWith(IPC_PROGRESS, { callId: 'c1', phase: 'import', done: 3 })
  })

  it('sends no progress to a closed window', async () => {
    const { invoke } = setup()
    const event = ipcEvent()
    event.sender.destroyed = true
    await invoke(IPC_CALL, event, { name: 'territory.get', args: {}, callId: 'c1' })
    expect(event.sender.send).not.toHaveBeenCalled()
  })

  it.each(untrustedSenders)('refuses a call from %s without calling the API', async (_label, event) => {
    const { api, invoke } = setup()
    const result = await invoke(IPC_CALL, event, { name: 'actors.delete', args: { id: 1 }, callId: 'c1' })
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    expect(api.call).not.toHaveBeenCalled()
  })

  it.each([
    ['nothing', undefined],
    ['a string', 'actors.list'],
    ['no name', { args: {}, callId: 'c1' }],
    ['an empty name', { name: '', args: {}, callId: 'c1' }],
    ['a name that is not a string', { name: ['actors.list'], args: {}, callId: 'c1' }],
    ['a huge name', { name: 'x'.repeat(5000), args: {}, callId: 'c1' }],
    ['no call id', { name: 'actors.list', args: {} }],
    ['a request key that is not one', { name: 'actors.list', args: {}, callId: 'c1', requestKey: 'x'.repeat(500) }],
  ])('refuses a malformed call (%s) without calling the API', async (_label, payload) => {
    const { api, invoke } = setup()
    const result = await invoke(IPC_CALL, ipcEvent(), payload)
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(api.call).not.toHaveBeenCalled()
  })

  it('trusts only the top frame of the app origin', () => {
    expect(isTrustedSender(ipcEvent() as never, origins)).toBe(true)
    for (const [label, event] of untrustedSenders) expect(isTrustedSender(event as never, origins), label).toBe(false)
  })
})

describe('native file dialogs over IPC', () => {
  const openOptions = { title: 'Importer', extensions: ['xlsx', 'csv'], kindLabel: 'Classeurs' }

  it('opens the dialog for the app window and hands back a handle, never a path', async () => {
    const { fake, api, invoke } = setup()
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/home/camille/acteurs.xlsx'] })
    const choice = await invoke(IPC_OPEN_FILE, ipcEvent(), openOptions)
    expect(choice).toEqual({ fileId: 'f'.repeat(32), name: 'acteurs.xlsx', size: 10 })
    expect(api.register).toHaveBeenCalledWith('/home/camille/acteurs.xlsx')
  })

  it.each(untrustedSenders)('opens no dialog for %s', async (_label, event) => {
    const { fake, invoke } = setup()
    expect(await invoke(IPC_OPEN_FILE, event, openOptions)).toBeNull()
    expect(await invoke(IPC_SAVE_FILE, event, { fileId: 'a'.repeat(32), suggestedName: 'export.xlsx' })).toEqual({ saved: false })
    expect(await invoke(IPC_CHOOSE_FOLDER, event, { title: 'Dossier des sauvegardes' })).toBeNull()
    expect(fake.dialog.showOpenDialog).not.toHaveBeenCalled()
    expect(fake.dialog.showSaveDialog).not.toHaveBeenCalled()
  })

  it('opens no dialog for malformed options', async () => {
    const { fake, api, invoke } = setup()
    for (const payload of [
      undefined,
      { ...openOptions, extensions: [] },
      { ...openOptions, extensions: ['../../x'] },
      { ...openOptions, extensions: ['*'] },
      { ...openOptions, title: 42 },
    ]) {
      expect(await invoke(IPC_OPEN_FILE, ipcEvent(), payload)).toBeNull()
    }
    for (const payload of [undefined, { fileId: '../etc/passwd', suggestedName: 'x' }, { fileId: 'a'.repeat(32), suggestedName: '' }]) {
      expect(await invoke(IPC_SAVE_FILE, ipcEvent(), payload)).toEqual({ saved: false })
    }
    for (const payload of [undefined, { title: 42 }, { title: 'x', defaultPath: 'y'.repeat(5000) }]) {
      expect(await invoke(IPC_CHOOSE_FOLDER, ipcEvent(), payload)).toBeNull()
    }
    expect(fake.dialog.showOpenDialog).not.toHaveBeenCalled()
    expect(fake.dialog.showSaveDialog).not.toHaveBeenCalled()
    expect(api.resolve).not.toHaveBeenCalled()
  })

  it('opens a folder dialog (creating a folder allowed) and gives back the folder, or null when cancelled', async () => {
    const { fake, api, invoke } = setup()
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/media/cle-usb/sauvegardes'] })
    expect(await invoke(IPC_CHOOSE_FOLDER, ipcEvent(), { title: 'Dossier des sauvegardes', defaultPath: '/home/camille' })).toBe('/media/cle-usb/sauvegardes')
    expect(fake.dialog.showOpenDialog).toHaveBeenLastCalledWith({
      title: 'Dossier des sauvegardes',
      properties: ['openDirectory', 'createDirectory'],
      defaultPath: '/home/camille',
    })
    expect(await invoke(IPC_CHOOSE_FOLDER, ipcEvent(), { title: 'Dossier des sauvegardes' })).toBeNull()
    expect(api.register).not.toHaveBeenCalled()
  })
})
