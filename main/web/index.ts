import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createApiHost } from '../api/host'
import { defaultDatabaseFile, userDataDir } from '../paths'
import { startWebServer } from './server'

// `npm run web`: serves the built renderer and the API on 127.0.0.1. PORT and VITAWIN_DB choose
// the port and the database file.

const here = path.dirname(fileURLToPath(import.meta.url))

async function main(): Promise<void> {
  const file = defaultDatabaseFile()
  const host = await createApiHost(file, { dataDir: userDataDir(), autoBackup: true, reopenDemo: true })
  const port = process.env.PORT ? Number(process.env.PORT) : 0
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT invalide : ${process.env.PORT}`)
    process.exit(2)
  }
  const server = await startWebServer({
    host,
    port,
    rendererDir: process.env.VITAWIN_RENDERER_DIR ?? path.resolve(here, '../renderer'),
  })
  console.log(`Vitawin Back-office (mode navigateur)`)
  console.log(`Données : ${file}`)
  if (host.openError) console.error(`Attention : ${host.openError.message}`)
  console.log(`Ouvrez : ${server.url}`)
  const stop = async () => {
    await server.close()
    await host.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
