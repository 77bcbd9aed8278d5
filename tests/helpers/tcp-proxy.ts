import net from 'node:net'

// A TCP relay in front of the test server, to make a team database's server go away and come
// back while the app runs: `stop()` cuts every connection and refuses new ones, `start()` relays
// again on the same port.

export interface TcpProxy {
  port: number
  /** Cuts the connections under way and closes the port (connections are refused). */
  stop(): Promise<void>
  start(): Promise<void>
  close(): Promise<void>
}

export async function tcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>()
  let server: net.Server | null = null
  let port = 0
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host)
        for (const socket of [client, upstream]) {
          sockets.add(socket)
          socket.on('close', () => sockets.delete(socket))
          socket.on('error', () => undefined)
        }
        client.pipe(upstream)
        upstream.pipe(client)
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
  }
}
