// What crosses every transport (IPC, HTTP): plain JSON, never a thrown error.

export interface ApiErrorPayload {
  code: string
  message: string
  details?: unknown
}

export type ApiEnvelope<Value = unknown> = { ok: true; value: Value } | { ok: false; error: ApiErrorPayload }

export interface ApiProgressEvent {
  callId: string
  phase: string
  done: number
  total?: number
}
