import fs from 'node:fs'
import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent } from 'electron'
import { z } from 'zod'
import type { ApiHost } from '../api/host'
import type { Store } from '../../db/backend'
import type { ApiEnvelope } from '../api/envelope'
import { IPC_CALL, IPC_CHOOSE_FOLDER, IPC_OPEN_FILE, IPC_PROGRESS, IPC_SAVE_FILE, type FileChoice } from '../../preload/bridge'
import { originOf } from './security'

const callPayload = z.object({
  name: z.string().min(1).max(100),
  args: z.unknown(),
  callId: z.string().min(1).max(100),
})

export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, origins: Set<string>): boolean {
  const frame = event.senderFrame
  if (!frame || frame.parent) return false
  const origin = originOf(frame.url)
  return origin !== null && origins.has(origin)
}

/** The Electron transport of the API: one invoke channel, progress sent back to the caller. */
export function registerApiIpc(ipcMain: IpcMain, host: ApiHost<Store>, origins: Set<string>): void {
  ipcMain.handle(IPC_CALL, async (event, payload: unknown): Promise<ApiEnvelope> => {
    if (!isTrustedSender(event, origins)) {
      return { ok: false, error: { code: 'unauthorized', message: 'Appel refusé : il ne vient pas de la fenêtre de l’application.' } }
    }
    const parsed = callPayload.safeParse(payload)
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid_input', message: 'Appel refusé : message mal formé.' } }
    }
    const { name, args, callId } = parsed.data
    return host.call(name, args, (progress) => {
      if (!event.sender.isDestroyed()) event.sender.send(IPC_PROGRESS, { callId, ...progress })
    })
  })
}

const openPayload = z.object({
  title: z.string().max(200),
  extensions: z.array(z.string().regex(/^[a-z0-9]{1,8}$/)).min(1).max(10),
  kindLabel: z.string().max(100),
})
const savePayload = z.object({ fileId: z.string().regex(/^[0-9a-f]{32}$/), suggestedName: z.string().min(1).max(200) })
const folderPayload = z.object({ title: z.string().max(200), defaultPath: z.string().max(4096).optional() })

/** Native file dialogs: the page never sees or sends a path. */
export function registerFileIpc(
  ipcMain: IpcMain,
  host: ApiHost<Store>,
  origins: Set<string>,
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>,
  windowOf: (event: IpcMainInvokeEvent) => BrowserWindow | null,
): void {
  ipcMain.handle(IPC_OPEN_FILE, async (event, payload: unknown): Promise<FileChoice | null> => {
    const parsed = openPayload.safeParse(payload)
    if (!isTrustedSender(event, origins) || !parsed.success) return null
    const window = windowOf(event)
    const options = {
      title: parsed.data.title,
      properties: ['openFile' as const],
      filters: [{ name: parsed.data.kindLabel, extensions: parsed.data.extensions }],
    }
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
    const chosen = result.filePaths[0]
    if (result.canceled || !chosen) return null
    const handle = host.files.register(chosen)
    return { fileId: handle.id, name: handle.name, size: handle.size }
  })
  ipcMain.handle(IPC_SAVE_FILE, async (event, payload: unknown) => {
    const parsed = savePayload.safeParse(payload)
    if (!isTrustedSender(event, origins) || !parsed.success) return { saved: false }
    const handle = host.files.resolve(parsed.data.fileId)
    const window = windowOf(event)
    const options = { title: 'Enregistrer sous', defaultPath: parsed.data.suggestedName }
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
    if (result.canceled || !result.filePath) return { saved: false }
    await fs.promises.copyFile(handle.path, result.filePath)
    return { saved: true, path: result.filePath }
  })
  // A folder's path (the backup folder): the page could type it anyway, the dialog only helps.
  ipcMain.handle(IPC_CHOOSE_FOLDER, async (event, payload: unknown): Promise<string | null> => {
    const parsed = folderPayload.safeParse(payload)
    if (!isTrustedSender(event, origins) || !parsed.success) return null
    const window = windowOf(event)
    const options = {
      title: parsed.data.title,
      properties: ['openDirectory' as const, 'createDirectory' as const],
      ...(parsed.data.defaultPath ? { defaultPath: parsed.data.defaultPath } : {}),
    }
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
    return result.canceled ? null : (result.filePaths[0] ?? null)
  })
}
