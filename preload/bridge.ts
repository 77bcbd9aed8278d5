import type { ApiEnvelope, ApiProgressEvent } from '../main/api/envelope'

/** What the preload exposes as `window.vitawin` in the Electron app. */
export interface VitawinBridge {
  kind: 'electron'
  /** `requestKey`: the same for a write sent again after its answer was lost (db/audit/replay.ts). */
  call(name: string, args: unknown, callId: string, requestKey?: string): Promise<ApiEnvelope>
  onProgress(listener: (event: ApiProgressEvent) => void): () => void
  /** Native open dialog; the chosen file becomes a handle the API accepts. */
  openFile(options: { title: string; extensions: string[]; kindLabel: string }): Promise<FileChoice | null>
  /** Native save dialog for a file the API produced. */
  saveFile(fileId: string, suggestedName: string): Promise<{ saved: boolean; path?: string }>
  /** Native folder dialog (the backup folder): the chosen folder's path, null when cancelled. */
  chooseFolder(options: { title: string; defaultPath?: string }): Promise<string | null>
}

export interface FileChoice {
  fileId: string
  name: string
  size: number
}

export const IPC_CALL = 'vitawin:call'
export const IPC_PROGRESS = 'vitawin:progress'
export const IPC_OPEN_FILE = 'vitawin:open-file'
export const IPC_SAVE_FILE = 'vitawin:save-file'
export const IPC_CHOOSE_FOLDER = 'vitawin:choose-folder'
