import { z } from 'zod'
import type { Store } from '../../db/sqlite/connection'
import type { FileRegistry } from './files'
import type { HostServices } from './host-services'

z.config(z.locales.fr())

export interface Progress {
  /** What is being done, in French ("Lecture du fichier"). */
  phase: string
  done: number
  total?: number
}

export interface ApiContext {
  store: Store
  appVersion: string
  files: FileRegistry
  progress(progress: Progress): void
  /** The API host's services (backups, restore, machine configuration); absent outside a host. */
  host?: HostServices
}

export interface Handler<Input extends z.ZodType, Result> {
  input: Input
  /** Writes take the database alone; reads run side by side. */
  writes: boolean
  run(context: ApiContext, args: z.output<Input>): Promise<Result>
}

/** Declares one API call that only reads: its zod input schema and its implementation. */
export function handler<Input extends z.ZodType, Result>(
  input: Input,
  run: (context: ApiContext, args: z.output<Input>) => Promise<Result> | Result,
): Handler<Input, Result> {
  return { input, writes: false, run: async (context, args) => run(context, args) }
}

/** Declares one API call that writes. */
export function mutation<Input extends z.ZodType, Result>(
  input: Input,
  run: (context: ApiContext, args: z.output<Input>) => Promise<Result> | Result,
): Handler<Input, Result> {
  return { input, writes: true, run: async (context, args) => run(context, args) }
}

export const noInput = z.object({}).strict().optional()
