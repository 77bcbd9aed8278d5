// What crosses every transport (IPC, HTTP): plain JSON, never a thrown error.

export interface ApiErrorPayload {
  code: string
  message: string
  details?: unknown
}

/**
 * `operation`: the audit trail's operation a write made (none when it changed nothing), so that
 * the window that wrote leaves it out of the change feed (renderer/src/api/changes.tsx).
 */
export type ApiEnvelope<Value = unknown> = { ok: true; value: Value; operation?: number } | { ok: false; error: ApiErrorPayload }

export interface ApiProgressEvent {
  callId: string
  phase: string
  done: number
  total?: number
}
