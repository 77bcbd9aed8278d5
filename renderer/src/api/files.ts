import type { FileChoice } from '../../../preload/bridge'
import { ApiError } from './client'

// Files in and out of the app: native dialogs in Electron; an upload and a download in browser mode.
// Either way the API only ever sees a file handle.

function token(): string {
  return sessionStorage.getItem('vitawin.token') ?? ''
}

async function upload(file: File): Promise<FileChoice> {
  const response = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { 'X-Vitawin-Token': token(), 'Content-Type': 'application/octet-stream' },
    body: file,
  })
  const envelope = (await response.json()) as { ok: true; value: FileChoice } | { ok: false; error: { code: string; message: string } }
  if (!envelope.ok) throw new ApiError(envelope.error)
  return envelope.value
}

/** Asks the user for a file; null when they cancel. */
export async function pickFile(options: { title: string; extensions: string[]; kindLabel: string }): Promise<FileChoice | null> {
  if (window.vitawin) return window.vitawin.openFile(options)
  const input = document.createElement('input')
  input.type = 'file'
  input.accept = options.extensions.map((extension) => `.${extension}`).join(',')
  const file = await new Promise<File | null>((resolve) => {
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null), { once: true })
    input.addEventListener('cancel', () => resolve(null), { once: true })
    input.click()
  })
  return file ? upload(file) : null
}

/** Whether a native folder dialog is there (the Electron app; not browser mode). */
export function canChooseFolder(): boolean {
  return typeof window.vitawin?.chooseFolder === 'function'
}

/** Asks the user for a folder in the native dialog; null when they cancel. */
export async function chooseFolder(title: string, defaultPath?: string): Promise<string | null> {
  return window.vitawin?.chooseFolder ? window.vitawin.chooseFolder({ title, defaultPath }) : null
}

/** Saves a file the API produced where the user chooses (Electron) or as a download (browser). */
export async function saveFile(fileId: string, suggestedName: string): Promise<boolean> {
  if (window.vitawin) return (await window.vitawin.saveFile(fileId, suggestedName)).saved
  const response = await fetch(`/api/download?id=${encodeURIComponent(fileId)}`, { method: 'POST', headers: { 'X-Vitawin-Token': token() } })
  if (!response.ok) {
    const envelope = (await response.json()) as { error: { code: string; message: string } }
    throw new ApiError(envelope.error)
  }
  const blob = await response.blob()
  const url = URL.createObjectURL(blob)
  const anchor = document.createElement('a')
  anchor.href = url
  anchor.download = suggestedName
  document.body.appendChild(anchor)
  anchor.click()
  anchor.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return true
}
