import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, call } from '../../renderer/src/api/client'

// The renderer's HTTP transport (browser mode): the server answers a call with lines of JSON
// (progress, then the result), which the network cuts into pieces anywhere, even inside a
// character; a result can be tens of megabytes.

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk)
      controller.close()
    },
  })
}

/** The bytes cut into pieces of the given sizes, in turn. */
function cut(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const pieces: Uint8Array[] = []
  for (let start = 0, i = 0; start < bytes.length; i++) {
    const size = sizes[i % sizes.length]!
    pieces.push(bytes.subarray(start, start + size))
    start += size
  }
  return pieces
}

function respondWith(chunks: Uint8Array[], status = 200) {
  const fetch = vi.fn(async () => new Response(streamOf(chunks), { status }))
  vi.stubGlobal('fetch', fetch)
  return fetch
}

beforeEach(() => {
  const storage = new Map<string, string>()
  vi.stubGlobal('window', { location: { search: '?token=abc', pathname: '/', hash: '#/acteurs' }, history: { replaceState: vi.fn() } })
  vi.stubGlobal('sessionStorage', { getItem: (key: string) => storage.get(key) ?? null, setItem: (key: string, value: string) => storage.set(key, value) })
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('call over HTTP', () => {
  it('reads progress and a large result however the response is cut', async () => {
    const body = (count: number) => {
      const rows = Array.from({ length: count }, (_, i) => [`o${i}`, `Société Événements n° ${i}`, i % 3 ? null : 'Île-de-France'])
      const lines = [
        JSON.stringify({ type: 'progress', phase: 'Lecture des fiches', done: 0, total: 2 }),
        '',
        JSON.stringify({ type: 'progress', phase: 'Lecture des fiches', done: 2, total: 2 }),
        JSON.stringify({ type: 'result', envelope: { ok: true, value: { rows } } }),
      ]
      return { rows, bytes: new TextEncoder().encode(lines.map((line) => `${line}\n`).join('')) }
    }
    const small = body(30)
    const large = body(20_000)
    const cases: [ReturnType<typeof body>, number[]][] = [
      [small, [1]],
      [small, [2, 5]],
      [large, [7, 3, 4096]],
      [large, [65_536]],
      [large, [large.bytes.length]],
    ]
    for (const [{ rows, bytes }, sizes] of cases) {
      const fetch = respondWith(cut(bytes, sizes))
      const progress: unknown[] = []
      const value = await call('actors.directory', undefined, { onProgress: (event) => progress.push(event) })
      expect((value as unknown as { rows: unknown[] }).rows, `${rows.length} rows in pieces of ${sizes.join(', ')}`).toEqual(rows)
      expect(progress).toEqual([
        { phase: 'Lecture des fiches', done: 0, total: 2 },
        { phase: 'Lecture des fiches', done: 2, total: 2 },
      ])
      expect(fetch).toHaveBeenCalledWith('/api/call', expect.objectContaining({ method: 'POST', headers: expect.objectContaining({ 'X-Vitawin-Token': 'abc' }) }))
    }
  })

  it('turns an error envelope into an ApiError with its French message', async () => {
    respondWith([new TextEncoder().encode(`${JSON.stringify({ type: 'result', envelope: { ok: false, error: { code: 'not_found', message: 'Acteur introuvable.' } } })}\n`)])
    await expect(call('actors.get', { key: 'o1' })).rejects.toEqual(new ApiError({ code: 'not_found', message: 'Acteur introuvable.' }))
  })

  it('says the answer was cut when the result never comes', async () => {
    respondWith(cut(new TextEncoder().encode(`${JSON.stringify({ type: 'progress', phase: 'Import', done: 1 })}\n{"type":"res`), [10]))
    await expect(call('actors.get', { key: 'o1' })).rejects.toThrow('La réponse du serveur local a été interrompue.')
  })
})
