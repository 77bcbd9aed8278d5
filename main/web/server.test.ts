import http from 'node:http'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestHost } from '../../tests/helpers/api'
import { startWebServer, type WebServer } from './server'

const rendererDir = path.resolve(__dirname, '../../out/renderer')
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

/** Browser mode's server on a host of the engine under test (closed after the test by the helper). */
async function serve(): Promise<WebServer> {
  const host = await startTestHost()
  const server = await startWebServer({ host, rendererDir })
  cleanups.push(() => server.close())
  return server
}

function request(server: WebServer, options: { path: string; method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: options.path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 only and prints a tokenised URL', async () => {
    const server = await serve()
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/)
  })

  it('serves the API only with the run token', async () => {
    const server = await serve()
    const body = JSON.stringify({ name: 'territory.get' })
    const denied = await request(server, { path: '/api/call', method: 'POST', body })
    expect(denied.status).toBe(401)
    expect(JSON.parse(denied.body).error.message).toMatch(/jeton/)
    const wrong = await request(server, { path: '/api/call', method: 'POST', body, headers: { 'X-Vitawin-Token': 'x'.repeat(32) } })
    expect(wrong.status).toBe(401)
    const allowed = await request(server, { path: '/api/call', method: 'POST', body, headers: { 'X-Vitawin-Token': server.token } })
    expect(allowed.status).toBe(200)
    const last = JSON.parse(allowed.body.trim().split('\n').at(-1)!)
    expect(last.envelope.value.towns).toHaveLength(13)
  })

  it('refuses other host names (DNS rebinding)', async () => {
    const server = await serve()
    const response = await request(server, { path: '/', headers: { Host: 'evil.example:80' } })
    expect(response.status).toBe(421)
  })

  it('serves the renderer with its CSP and never a file outside it', async () => {
    const server = await serve()
    const index = await request(server, { path: '/' })
    expect(index.status).toBe(200)
    expect(index.headers['content-security-policy']).toContain("script-src 'self'")
    expect(index.headers['content-security-policy']).not.toContain('unsafe-eval')
    const traversal = await request(server, { path: '/..%2f..%2fpackage.json' })
    expect(traversal.body).not.toContain('"name": "vitawin-backoffice"')
  })
})
