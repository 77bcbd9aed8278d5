import { z } from 'zod'
import { AppError, invalidInput, toAppError } from '../../db/errors'
import type { ApiContext, Progress } from './define'
import type { ApiEnvelope } from './envelope'
import { handlers } from './index'
import type { ReadWriteLock } from './lock'

export interface DispatchOptions {
  onProgress?: (progress: Progress) => void
  lock?: ReadWriteLock
}

/**
 * Runs one API call by name. Every transport goes through here: unknown names and invalid
 * arguments are refused, and every failure becomes a French message in an envelope.
 */
export async function dispatch(
  base: Omit<ApiContext, 'progress'>,
  name: string,
  rawArgs: unknown,
  options: DispatchOptions = {},
): Promise<ApiEnvelope> {
  try {
    if (!Object.prototype.hasOwnProperty.call(handlers, name)) {
      throw new AppError('unknown_command', `Opération inconnue : « ${name} ».`)
    }
    const entry = handlers[name as keyof typeof handlers] as {
      input: z.ZodType
      writes: boolean
      run(context: ApiContext, args: unknown): Promise<unknown>
    }
    const parsed = entry.input.safeParse(rawArgs ?? undefined)
    if (!parsed.success) {
      throw invalidInput(parsed.error)
    }
    const context: ApiContext = { ...base, progress: (progress) => options.onProgress?.(progress) }
    const value = options.lock
      ? await options.lock.run(entry.writes, () => entry.run(context, parsed.data))
      : await entry.run(context, parsed.data)
    return { ok: true, value: value === undefined ? null : value }
  } catch (error) {
    const appError = toAppError(error)
    if (appError.code === 'internal') console.error(`[api] ${name}`, error)
    return { ok: false, error: { code: appError.code, message: appError.message, details: appError.details } }
  }
}
