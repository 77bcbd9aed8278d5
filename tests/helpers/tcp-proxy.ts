import net from 'node:net'

// A TCP relay in front of the test server, to make a team database's server go away and come
// back while the app runs: `stop()` cuts every connection and refuses new ones, `start()` relays
// again on the same port; `cutAfterNextCommit()` cuts a connection at the worst moment, right
// after the server has committed a transaction and before its client hears so (the server's
// CommandComplete "COMMIT" is lost with the connection).

export interface TcpProxy {
  port: number
  /** Cuts the connections under way and closes the port (connections are refused). */
  stop(): Promise<void>
  start(): Promise<void>
  close(): Promise<void>
  /** Cuts the next connection whose transaction commits, once, before the server's answer reaches its client. */
  cutAfterNextCommit(): void
  /** How many connections were cut after a commit. */
  readonly commitsCut: number
}

/** In the server's messages from a connection's start: where the complete ones end, and where the first CommandComplete "COMMIT" starts (-1: none). */
function scanMessages(buffer: Buffer): { end: number; commit: number } {
  let at = 0
  let commit = -1
  while (at + 5 <= buffer.length) {
    const length = buffer.readInt32BE(at + 1)
    if (at + 1 + length > buffer.length) break
    if (commit < 0 && buffer[at] === 0x43 && buffer.toString('latin1', at + 5, at + 1 + length).startsWith('COMMIT\0')) commit = at
    at += 1 + length
  }
  return { end: at, commit }
}

export async function tcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>()
  let server: net.Server | null = null
  let port = 0
  let cutArmed = false
  let commitsCut = 0
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host)
        for (const socket of [client, upstream]) {
          sockets.add(socket)
          socket.on('close', () => sockets.delete(socket))
          socket.on('error', () => undefined)
        }
        // The server's messages are followed (from the start of the connection) to find a COMMIT's
        // answer; the one-byte answer to an SSLRequest ('N': no TLS) is no message.
        let sslAnswer = false
        client.once('data', (chunk: Buffer) => {
          sslAnswer = chunk.length >= 8 && chunk.readInt32BE(0) === 8 && chunk.readInt32BE(4) === 80877103
        })
        client.pipe(upstream)
        let unread = Buffer.alloc(0)
        upstream.on('data', (chunk: Buffer) => {
          const sent = unread.length
          unread = Buffer.concat([unread, chunk])
          if (sslAnswer && unread.length > 0) {
            sslAnswer = false
            unread = unread.subarray(1)
          }
          const { end, commit } = scanMessages(unread)
          if (commit >= 0 && cutArmed) {
            cutArmed = false
            commitsCut++
            // What came before the COMMIT's answer goes through; the answer and the connection are lost.
            client.write(unread.subarray(sent, Math.max(sent, commit)), () => {
              client.destroy()
              upstream.destroy()
            })
            return
          }
          unread = unread.subarray(end)
          client.write(chunk)
        })
        client.on('close', () => upstream.destroy())
        upstream.on('close', () => client.destroy())
      })
      next.once('error', reject)
      next.listen(port, '127.0.0.1', () => {
        port = (next.address() as net.AddressInfo).port
        server = next
        resolve()
      })
    })
  const stop = async () => {
    for (const socket of sockets) socket.destroy()
    sockets.clear()
    const closing = server
    server = null
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()))
  }
  await listen()
  return {
    get port() {
      return port
    },
    stop,
    start: listen,
    close: stop,
    cutAfterNextCommit: () => {
      cutArmed = true
    },
    get commitsCut() {
      return commitsCut
    },
  }
}
