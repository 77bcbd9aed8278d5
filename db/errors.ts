// Errors that reach the user. `message` is always French and readable by a non-technical user;
// `code` is stable so that callers and tests can branch on it.

import { ZodError } from 'zod'

export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'duplicate'
  | 'conflict'
  | 'database_damaged'
  | 'database_too_new'
  | 'database_history_mismatch'
  | 'database_busy'
  | 'database_readonly'
  | 'disk_full'
  | 'io_error'
  | 'file_invalid'
  | 'unknown_command'
  | 'unauthorized'
  | 'server_unreachable'
  | 'tls_refused'
  | 'database_forbidden'
  | 'server_unsupported'
  | 'internal'

/** Input refused by a schema: its French messages, and each one's field (`issues[].path`) for the form. */
export function invalidInput(error: ZodError): AppError {
  const messages = error.issues.slice(0, 5).map((issue) => issue.message)
  return new AppError('invalid_input', `Données invalides — ${messages.join(' ; ')}`, {
    issues: error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })),
  })
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

interface SqliteLikeError {
  code?: unknown
  message?: unknown
}

/** Removes any password written in a connection URL (postgresql://user:password@host). */
export function redact(text: string): string {
  return text.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*):[^@\s]*@/gi, '$1:***@')
}

// PostgreSQL's SQLSTATE codes (5 characters) that are the same kind of failure as SQLite's below.
const SQLSTATE: Record<string, [ErrorCode, string]> = {
  '23505': ['duplicate', 'Un enregistrement identique existe déjà.'],
  '23503': ['conflict', "Cet enregistrement est lié à d'autres données : l'opération est impossible."],
  '23514': ['invalid_input', "Les données ne respectent pas les règles de la base : l'opération a été annulée."],
  '23502': ['invalid_input', "Les données ne respectent pas les règles de la base : l'opération a été annulée."],
  '40001': ['database_busy', 'La base de données est occupée par une autre opération. Réessayez dans un instant.'],
  '40P01': ['database_busy', 'La base de données est occupée par une autre opération. Réessayez dans un instant.'],
  '55P03': ['database_busy', 'La base de données est occupée par une autre opération. Réessayez dans un instant.'],
  '53300': ['database_busy', "Le serveur de la base d'équipe refuse de nouvelles connexions (trop de connexions ouvertes). Réessayez dans un instant."],
  '53100': ['disk_full', "Le disque du serveur de la base d'équipe est plein : l'opération n'a pas été enregistrée."],
  '25006': ['database_readonly', "La base d'équipe est en lecture seule : rien n'a pu être enregistré."],
  '42501': ['database_forbidden', "Le compte utilisé n'a pas les droits nécessaires sur la base d'équipe."],
}

// A team database's server that cannot be reached, or went away: refused connections, network
// errors, the server shutting down (57P0x), connection exceptions (08xxx), a connection cut.
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', '57P01', '57P02', '57P03'])

export function isUnreachable(error: unknown): boolean {
  const code = typeof (error as SqliteLikeError)?.code === 'string' ? ((error as SqliteLikeError).code as string) : ''
  const message = error instanceof Error ? error.message : String(error)
  return UNREACHABLE.has(code) || code.startsWith('08') || /timeout expired|Connection terminated|Connection ended unexpectedly|Client has encountered a connection error/i.test(message)
}

export const UNREACHABLE_MESSAGE = "La base d'équipe ne peut pas être jointe : son serveur ne répond pas. Ce que vous avez saisi est conservé : réessayez dans un instant."

/** Turns any thrown value into an AppError with a French message. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error
  // A data function's own check of its input (the import, the CLI): the same messages as the API's.
  if (error instanceof ZodError) return invalidInput(error)
  const code = typeof (error as SqliteLikeError)?.code === 'string' ? ((error as SqliteLikeError).code as string) : ''
  const raw = redact(error instanceof Error ? error.message : String(error))
  const postgres = SQLSTATE[code]
  if (postgres) return new AppError(postgres[0], postgres[1])
  if (isUnreachable(error)) return new AppError('server_unreachable', UNREACHABLE_MESSAGE)
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || /database or disk is full/i.test(raw)) {
    return new AppError(
      'disk_full',
      "Le disque est plein : l'opération n'a pas été enregistrée. Les données déjà enregistrées sont intactes. Libérez de la place puis réessayez.",
    )
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') {
    return new AppError(
      'io_error',
      "Erreur de lecture ou d'écriture sur le disque : l'opération n'a pas été enregistrée. Les données déjà enregistrées sont intactes.",
    )
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return new AppError('database_damaged', 'Le fichier de données est endommagé. Restaurez une sauvegarde.')
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AppError('database_busy', 'La base de données est occupée par une autre opération. Réessayez dans un instant.')
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new AppError('database_readonly', "Le fichier de données est en lecture seule : rien n'a pu être enregistré.")
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new AppError('duplicate', 'Un enregistrement identique existe déjà.')
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new AppError('conflict', "Cet enregistrement est lié à d'autres données : l'opération est impossible.")
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new AppError('invalid_input', "Les données ne respectent pas les règles de la base : l'opération a été annulée.")
  }
  return new AppError('internal', `Erreur inattendue : ${raw}`)
}
