import { createApiHost, type ApiHost } from '../../../main/api/host'
import type { BenchContext } from '../types'

// The API as the app serves it (in-process host over the territory database).

export async function withHost<T>(context: BenchContext, run: (host: ApiHost) => Promise<T>): Promise<T> {
  const host = await createApiHost(context.databaseFile)
  try {
    if (host.openError) throw new Error(`the database could not be opened: ${host.openError.message}`)
    return await run(host)
  } finally {
    await host.close()
  }
}

/** Calls the API; throws on an error envelope. */
export async function call<T = unknown>(host: ApiHost, name: string, args: unknown): Promise<T> {
  const envelope = await host.call(name, args)
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.message}`)
  return envelope.value as T
}
