import { expect } from 'vitest'
import { AppError } from '../../db/errors'

/** The AppError a promise rejects with (the test fails if it resolves or rejects otherwise). */
export async function caught(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}
