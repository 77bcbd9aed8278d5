import type { ApiArgs, ApiName, ApiResult } from '../../../main/api'
import type { ApiEnvelope, ApiErrorPayload, ApiProgressEvent } from '../../../main/api/envelope'
import type { VitawinBridge } from '../../../preload/bridge'

// The renderer's one way to the backend: `call(name, args)`, typed from the API's handler map.
// In the Electron app it goes through the preload bridge; in browser mode, through HTTP.

declare global {
  interface Window {
    vitawin?: VitawinBridge
  }
}

export class ApiError extends Error {
  readonly code: string
  readonly details: unknown
  constructor(payload: ApiErrorPayload) {
    super(payload.message)
    this.name = 'ApiError'
    this.code = payload.code
    this.details = payload.details
  }
}

export type ProgressListener = (progress: Omit<ApiProgressEvent, 'callId'>) => void

const TOKEN_KEY = 'vitawin.token'

function browserToken(): string {
  const params = new URLSearchParams(window.location.search)
  const fromUrl = params.get('token')
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    params.delete('token')
    const query = params.toString()
    window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`)
    return fromUrl
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}

let token: string | null = null
let callCounter = 0

async function callOverHttp(name: string, args: unknown, requestKey: string, onProgress?: ProgressListener): Promise<ApiEnvelope> {
  token ??= browserToken()
  let response: Response
  try {
    response = await fetch('/api/call', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Vitawin-Token': token },
      body: JSON.stringify({ name, args, requestKey }),
    })
  } catch {
    return { ok: false, error: { code: 'io_error', message: "Le serveur local ne répond pas. Vérifiez que l'application est lancée." } }
  }
  if (!response.ok || !response.body) {
    try {
      return (await response.json()) as ApiEnvelope
    } catch {
      return { ok: false, error: { code: 'internal', message: `Erreur du serveur local (${response.status}).` } }
    }
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  // One JSON message a line. The result's line can be tens of megabytes (the whole directory):
  // its pieces are kept apart until its end comes, and only each new piece is searched for it.
  let pieces: string[] = []
  for (;;) {
    const { value, done } = await reader.read()
    const text = value ?? ''
    let start = 0
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
      pieces.push(text.slice(start, newline))
      const line = pieces.join('')
      pieces = []
      start = newline + 1
      if (!line) continue
      const message = JSON.parse(line) as { type: 'progress'; phase: string; done: number; total?: number } | { type: 'result'; envelope: ApiEnvelope }
      if (message.type === 'result') return message.envelope
      onProgress?.({ phase: message.phase, done: message.done, total: message.total })
    }
    if (start < text.length) pieces.push(text.slice(start))
    if (done) break
  }
  return { ok: false, error: { code: 'io_error', message: 'La réponse du serveur local a été interrompue.' } }
}

async function callOverBridge(bridge: VitawinBridge, name: string, args: unknown, requestKey: string, onProgress?: ProgressListener): Promise<ApiEnvelope> {
  const callId = `c${++callCounter}`
  const unsubscribe = onProgress
    ? bridge.onProgress((event) => {
        if (event.callId === callId) onProgress({ phase: event.phase, done: event.done, total: event.total })
      })
    : undefined
  try {
    return await bridge.call(name, args, callId, requestKey)
  } finally {
    unsubscribe?.()
  }
}

/** The audit operations this window's writes made: the change feed leaves them out (their screens refresh themselves). */
export const ownOperations = new Set<number>()

/**
 * The request keys of the calls whose answer did not come (by name and arguments): « Réessayer »
 * sends the same call, which takes the same key again (db/audit/replay.ts).
 */
const unanswered = new Map<string, string>()
/** The server did not answer, or its answer was cut: the write may have been made. */
const ANSWER_LOST = new Set(['server_unreachable', 'io_error'])

/** Calls the API; resolves with the typed result or throws an ApiError with a French message. */
export async function call<Name extends ApiName>(
  name: Name,
  args?: ApiArgs<Name>,
  options: { onProgress?: ProgressListener } = {},
): Promise<ApiResult<Name>> {
  // A save whose answer was lost is sent again with the same key: the host does not write it twice.
  const signature = `${name}\n${JSON.stringify(args ?? null)}`
  const requestKey = unanswered.get(signature) ?? crypto.randomUUID()
  const envelope = window.vitawin
    ? await callOverBridge(window.vitawin, name, args, requestKey, options.onProgress)
    : await callOverHttp(name, args, requestKey, options.onProgress)
  unanswered.delete(signature)
  if (!envelope.ok && ANSWER_LOST.has(envelope.error.code)) {
    unanswered.set(signature, requestKey)
    if (unanswered.size > 100) unanswered.delete(unanswered.keys().next().value!)
  }
  if (!envelope.ok) throw new ApiError(envelope.error)
  if (envelope.operation !== undefined) ownOperations.add(envelope.operation)
  return envelope.value as ApiResult<Name>
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message
  if (error instanceof Error) return `Erreur inattendue : ${error.message}`
  return 'Erreur inattendue.'
}
