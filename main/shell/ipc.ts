import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { z } from 'zod'
import type { ApiHost } from '../api/host'
import type { ApiEnvelope } from '../api/envelope'
import { IPC_CALL, IPC_PROGRESS } from '../../preload/bridge'
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
export function registerApiIpc(ipcMain: IpcMain, host: ApiHost, origins: Set<string>): void {
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
