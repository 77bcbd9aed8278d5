import type { ApiEnvelope, ApiProgressEvent } from '../main/api/envelope'

/** What the preload exposes as `window.vitawin` in the Electron app. */
export interface VitawinBridge {
  kind: 'electron'
  call(name: string, args: unknown, callId: string): Promise<ApiEnvelope>
  onProgress(listener: (event: ApiProgressEvent) => void): () => void
}

export const IPC_CALL = 'vitawin:call'
export const IPC_PROGRESS = 'vitawin:progress'
