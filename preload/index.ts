import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { ApiProgressEvent } from '../main/api/envelope'
import { IPC_CALL, IPC_CHOOSE_FOLDER, IPC_OPEN_FILE, IPC_PROGRESS, IPC_SAVE_FILE, type VitawinBridge } from './bridge'

// The only door between the page and the app: one call, one progress stream.
const bridge: VitawinBridge = {
  kind: 'electron',
  call: (name, args, callId, requestKey) => ipcRenderer.invoke(IPC_CALL, { name, args, callId, requestKey }),
  onProgress(listener) {
    const forward = (_event: IpcRendererEvent, progress: ApiProgressEvent) => listener(progress)
    ipcRenderer.on(IPC_PROGRESS, forward)
    return () => ipcRenderer.removeListener(IPC_PROGRESS, forward)
  },
  openFile: (options) => ipcRenderer.invoke(IPC_OPEN_FILE, options),
  saveFile: (fileId, suggestedName) => ipcRenderer.invoke(IPC_SAVE_FILE, { fileId, suggestedName }),
  chooseFolder: (options) => ipcRenderer.invoke(IPC_CHOOSE_FOLDER, options),
}

contextBridge.exposeInMainWorld('vitawin', bridge)
