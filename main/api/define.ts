import { z } from 'zod'
import type { Store } from '../../db/sqlite/connection'

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
  progress(progress: Progress): void
}

export interface Handler<Input extends z.ZodType, Result> {
  input: Input
  run(context: ApiContext, args: z.output<Input>): Promise<Result>
}

/** Declares one API call: its zod input schema and its implementation. */
export function handler<Input extends z.ZodType, Result>(
  input: Input,
  run: (context: ApiContext, args: z.output<Input>) => Promise<Result> | Result,
): Handler<Input, Result> {
  return { input, run: async (context, args) => run(context, args) }
}

export const noInput = z.object({}).strict().optional()
