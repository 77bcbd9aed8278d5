import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import type { Store } from '../../db/backend'
import type { ApiHost } from '../api/host'
import type { ApiEnvelope } from '../api/envelope'
import { CONTENT_SECURITY_POLICY } from '../security/csp'
import { toAppError } from '../../db/errors'

// Browser mode: the built renderer and the same API, on 127.0.0.1 only, behind a per-run token.

const MAX_BODY_BYTES = 64 * 1024 * 1024 // API calls; uploads have their own limit

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
}

export interface WebServerOptions {
  host: ApiHost<Store>
  rendererDir: string
  port?: number
  token?: string
}

export interface WebServer {
  url: string
  origin: string
  token: string
  port: number
  close(): Promise<void>
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && crypto.timingSafeEqual(a, b)
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(new Error('too_large'))
        request.destroy()
        return
      }
      chunks.push(chunk)
    })
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  response.end(JSON.stringify(body))
}

function refuse(response: http.ServerResponse, status: number, code: string, message: string): void {
  const envelope: ApiEnvelope = { ok: false, error: { code, message } }
  sendJson(response, status, envelope)
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url')
  const rendererDir = path.resolve(options.rendererDir)
  let allowedHosts: Set<string> = new Set()

  async function handleApi(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    if (request.method !== 'POST') return refuse(response, 405, 'invalid_input', 'Méthode non autorisée.')
    if (!sameToken(request.headers['x-vitawin-token'] as string | undefined, token)) {
      return refuse(response, 401, 'unauthorized', "Accès refusé : jeton de session absent ou invalide. Rouvrez l'adresse affichée au démarrage.")
    }
    let payload: { name?: unknown; args?: unknown; callId?: unknown; requestKey?: unknown }
    try {
      payload = JSON.parse(await readBody(request)) as typeof payload
    } catch {
      return refuse(response, 400, 'invalid_input', 'Requête illisible.')
    }
    if (typeof payload.name !== 'string') return refuse(response, 400, 'invalid_input', "Nom d'opération manquant.")
    // One line per progress event, then the envelope: the client reads them as they come.
    response.writeHead(200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store' })
    const requestKey = typeof payload.requestKey === 'string' ? payload.requestKey : undefined
    const envelope = await options.host.call(
      payload.name,
      payload.args,
      (progress) => {
        response.write(`${JSON.stringify({ type: 'progress', ...progress })}\n`)
      },
      requestKey,
    )
    response.end(`${JSON.stringify({ type: 'result', envelope })}\n`)
  }

  /** Browser mode's file doors: an upload becomes a handle; a handle is downloaded. */
  async function handleFiles(request: http.IncomingMessage, response: http.ServerResponse, pathname: string): Promise<void> {
    if (request.method !== 'POST') return refuse(response, 405, 'invalid_input', 'Méthode non autorisée.')
    if (!sameToken(request.headers['x-vitawin-token'] as string | undefined, token)) {
      return refuse(response, 401, 'unauthorized', 'Accès refusé : jeton de session absent ou invalide.')
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    try {
      if (pathname === '/api/upload') {
        const name = url.searchParams.get('name') ?? 'fichier'
        const handle = await options.host.files.saveUpload(request, name)
        return sendJson(response, 200, { ok: true, value: { fileId: handle.id, name: handle.name, size: handle.size } })
      }
      const fileId = url.searchParams.get('id') ?? ''
      const handle = options.host.files.resolve(fileId)
      response.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(handle.size),
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(handle.name)}`,
        'Cache-Control': 'no-store',
      })
      fs.createReadStream(handle.path).pipe(response)
    } catch (error) {
      const appError = toAppError(error)
      refuse(response, appError.code === 'not_found' ? 404 : 400, appError.code, appError.message)
    }
  }

  function serveStatic(request: http.IncomingMessage, response: http.ServerResponse, pathname: string): void {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end()
      return
    }
    const relative = decodeURIComponent(pathname).replace(/^\/+/, '')
    let file = path.resolve(rendererDir, relative || 'index.html')
    if (file !== rendererDir && !file.startsWith(rendererDir + path.sep)) {
      response.writeHead(403).end()
      return
    }
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(rendererDir, 'index.html')
    if (!fs.existsSync(file)) {
      response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
      response.end("L'interface n'est pas construite : lancez « npm run build ».")
      return
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream'
    response.writeHead(200, {
      'Content-Type': type,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'max-age=3600',
    })
    if (request.method === 'HEAD') response.end()
    else fs.createReadStream(file).pipe(response)
  }

  const server = http.createServer((request, response) => {
    // A page on another site could reach 127.0.0.1 through DNS rebinding: only our own host names pass.
    if (!allowedHosts.has(String(request.headers.host ?? ''))) {
      response.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Hôte non autorisé.')
      return
    }
    const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    const work =
      pathname === '/api/call'
        ? handleApi(request, response)
        : pathname === '/api/upload' || pathname === '/api/download'
          ? handleFiles(request, response, pathname)
          : Promise.resolve(serveStatic(request, response, pathname))
    work.catch((error: unknown) => {
      if (response.headersSent) response.destroy()
      else refuse(response, error instanceof Error && error.message === 'too_large' ? 413 : 500, 'internal', 'Erreur du serveur local.')
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  const origin = `http://127.0.0.1:${port}`
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
