import { beforeAll, describe, expect, it, vi } from 'vitest'
import { IPC_CALL, IPC_CHOOSE_FOLDER, IPC_OPEN_FILE, IPC_PROGRESS, IPC_SAVE_FILE, type VitawinBridge } from '../../preload/bridge'

// The preload with a fake `electron` module: it exposes exactly one object, window.vitawin, with
// the documented methods, each bound to its fixed IPC channel; ipcRenderer itself never leaks.

const electron = vi.hoisted(() => {
  const listeners = new Map<string, ((...args: unknown[]) => void)[]>()
  return {
    listeners,
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: {
      invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: null })),
      on: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
        listeners.set(channel, [...(listeners.get(channel) ?? []), listener])
      }),
      removeListener: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
        listeners.set(channel, (listeners.get(channel) ?? []).filter((item) => item !== listener))
      }),
      send: vi.fn(),
      sendSync: vi.fn(),
    },
  }
})
vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }))

let bridge: VitawinBridge

beforeAll(async () => {
  await import('../../preload/index')
  bridge = electron.contextBridge.exposeInMainWorld.mock.calls[0]![1] as VitawinBridge
})

describe('the preload bridge', () => {
  it('exposes one object, window.vitawin, and nothing else', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1)
    expect(electron.contextBridge.exposeInMainWorld.mock.calls[0]![0]).toBe('vitawin')
  })

  it('has exactly the documented members: kind, call, onProgress, openFile, saveFile, chooseFolder', () => {
    expect(Object.keys(bridge).sort()).toEqual(['call', 'chooseFolder', 'kind', 'onProgress', 'openFile', 'saveFile'])
    expect(bridge.kind).toBe('electron')
    for (const [key, value] of Object.entries(bridge)) {
      if (key !== 'kind') expect(typeof value, key).toBe('function')
    }
    expect(Object.values(bridge)).not.toContain(electron.ipcRenderer)
  })

  it('sends calls on the one API channel, as plain data', async () => {
    await bridge.call('actors.list', { query: 'x' }, 'call-1')
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_CALL, { name: 'actors.list', args: { query: 'x' }, callId: 'call-1' })
  })

  it('opens and saves files through their own channels', async () => {
    await bridge.openFile({ title: 'Importer', extensions: ['xlsx'], kindLabel: 'Classeurs' })
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_OPEN_FILE, { title: 'Importer', extensions: ['xlsx'], kindLabel: 'Classeurs' })
    await bridge.saveFile('a'.repeat(32), 'export.xlsx')
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_SAVE_FILE, { fileId: 'a'.repeat(32), suggestedName: 'export.xlsx' })
    await bridge.chooseFolder({ title: 'Dossier des sauvegardes' })
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_CHOOSE_FOLDER, { title: 'Dossier des sauvegardes' })
  })

  it('passes progress to the page without the IPC event, and unsubscribes', () => {
    const received: unknown[] = []
    const unsubscribe = bridge.onProgress((progress) => received.push(progress))
    const [forward] = electron.listeners.get(IPC_PROGRESS)!
    const event = { sender: electron.ipcRenderer, ports: [] }
    forward!(event, { callId: 'c', phase: 'import', done: 1 })
    expect(received).toEqual([{ callId: 'c', phase: 'import', done: 1 }])
    unsubscribe()
    expect(electron.listeners.get(IPC_PROGRESS)).toEqual([])
  })

  it('never uses the other IPC primitives', () => {
    expect(electron.ipcRenderer.send).not.toHaveBeenCalled()
    expect(electron.ipcRenderer.sendSync).not.toHaveBeenCalled()
  })
})
