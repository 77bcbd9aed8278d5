import { AsyncLocalStorage } from 'node:async_hooks'
import crypto from 'node:crypto'

// The audit context of the code running now: which operation its changes belong to, and whether
// they are recorded. It follows the async call chain (AsyncLocalStorage), not a connection, so
// that one engine's per-connection function (SQLite) and another's per-transaction setting
// (PostgreSQL) read the same thing, and two operations under way never see each other's.

export interface AuditOperationInfo {
  /** The API call's name ('actors.import.commit'), or 'cli.backup', 'restore'… */
  kind: string
  /** What the operation is, in French. */
  label: string
  animator: string | null
  /** The screen's key for this write (db/audit/replay.ts), recorded on the operation's row. */
  requestKey?: string
}

export interface AuditOperation extends AuditOperationInfo {
  token: string
  startedAt: string
}

interface AuditScope {
  /** Absent outside any operation: each engine then records the change as made outside the app. */
  operation?: AuditOperation
  enabled: boolean
}

const storage = new AsyncLocalStorage<AuditScope>()

export function newAuditOperation(info: AuditOperationInfo): AuditOperation {
  return { ...info, token: `${Date.now().toString(36)}-${crypto.randomBytes(9).toString('hex')}`, startedAt: new Date().toISOString() }
}

/** The operation under way, if any, and whether its changes are recorded. */
export function currentAudit(): AuditScope {
  return storage.getStore() ?? { enabled: true }
}

/**
 * Runs `run` as one operation of the audit trail: every change it makes (including after its
 * awaits) is recorded under one operation row, created with the first change, with its animator.
 */
export function runAuditOperation<T>(info: AuditOperationInfo, run: () => T): T {
  return storage.run({ operation: newAuditOperation(info), enabled: true }, run)
}

/**
 * Runs `run` without recording its changes: for generated demo data, and for erasures, whose
 * old values are exactly what must not be kept (they record their own summary rows instead).
 */
export function withoutAudit<T>(run: () => T): T {
  return storage.run({ ...currentAudit(), enabled: false }, run)
}
