import fs from 'node:fs'
import path from 'node:path'
import { ANIMATORS } from '../../../db/sqlite/demo/actors'
import { createApiHost, type ApiHost } from '../../../main/api/host'
import { updateMachineConfig } from '../../../main/machine-config'
import type { Store } from '../../../db/backend'
import type { BenchContext } from '../types'

// The API as the app serves it (in-process host over the territory database: the file, or its copy
// on the PostgreSQL server), on a machine of its own in the run's folder: the demo's first animator works there, and nothing the screens remember
// (the directory's columns) reaches the user's own configuration.

/** The animator of the benchmark's machine: « À relancer » opens on their follow-ups. */
export const BENCH_ANIMATOR = ANIMATORS[0]!

export function machineDir(context: BenchContext): string {
  const folder = path.join(context.work, 'machine')
  if (!fs.existsSync(folder)) updateMachineConfig(folder, { animator: BENCH_ANIMATOR })
  return folder
}

export async function withHost<T>(context: BenchContext, run: (host: ApiHost<Store>) => Promise<T>): Promise<T> {
  const host = await createApiHost(context.target, { dataDir: machineDir(context) })
  try {
    if (host.openError) throw new Error(`the database could not be opened: ${host.openError.message}`)
    return await run(host)
  } finally {
    await host.close()
  }
}

/** Calls the API; throws on an error envelope. */
export async function call<T = unknown>(host: ApiHost<Store>, name: string, args: unknown): Promise<T> {
  const envelope = await host.call(name, args)
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.message}`)
  return envelope.value as T
}
