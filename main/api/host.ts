import { openStore, type OpenOptions, type Store } from '../../db/sqlite/connection'
import { toAppError } from '../../db/errors'
import { APP_VERSION } from '../version'
import type { Progress } from './define'
import { dispatch } from './dispatch'
import { FileRegistry } from './files'
import { ReadWriteLock } from './lock'
import type { ApiEnvelope, ApiErrorPayload } from './envelope'

export interface ApiHost {
  /** The open store, or null when the file could not be opened (see `openError`). */
  store: Store | null
  files: FileRegistry
  openError: ApiErrorPayload | null
  call(name: string, args: unknown, onProgress?: (progress: Progress) => void): Promise<ApiEnvelope>
  close(): Promise<void>
}

/**
 * Opens the database and serves the API over it. When the file cannot be opened (damaged, made by
 * a newer version), the host still starts and answers every call with that error, so the user
 * reads why instead of facing a blank window.
 */
export async function createApiHost(file: string, options: OpenOptions = {}): Promise<ApiHost> {
  let store: Store | null = null
  let openError: ApiErrorPayload | null = null
  try {
    store = await openStore(file, options)
  } catch (error) {
    const appError = toAppError(error)
    openError = { code: appError.code, message: appError.message, details: appError.details }
  }
  const files = new FileRegistry()
  const lock = new ReadWriteLock()
  return {
    store,
    files,
    openError,
    async call(name, args, onProgress) {
      if (!store) return { ok: false, error: openError! }
      return dispatch({ store, appVersion: APP_VERSION, files }, name, args, { onProgress, lock })
    },
    async close() {
      // Waits for the calls under way, then closes.
      await lock.run(true, async () => {
        await store?.close()
        store = null
      })
      files.dispose()
    },
  }
}
