import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { connect } from '../../db/sqlite/connection'
import { chooseDatabaseTarget } from '../../db/backend'
import { toAppError } from '../../db/errors'
import { createAppHost } from '../api/host'
import { defaultDatabaseFile, userDataDir, writableFolderProblem } from '../paths'
import { claimInstance, runningInstance, type RunningInstance } from './instance'
import { startWebServer, type WebServer } from './server'

// Browser mode (`npm run web`, and `npm start` where the desktop app cannot open): serves the built
// renderer and the API on 127.0.0.1. PORT and VITAWIN_DB choose the port and the database file.
// Every way it cannot start is told in French, and Ctrl+C closes the database cleanly.

const here = path.dirname(fileURLToPath(import.meta.url))

/** Why browser mode cannot start, in French, or null. */
function startProblem(file: string, dataDir: string): string | null {
  for (const folder of new Set([dataDir, path.dirname(file)])) {
    const problem = writableFolderProblem(folder)
    if (problem) {
      return `Le dossier des données n'est pas accessible en écriture : ${folder} (${problem}). Vérifiez ses droits, ou indiquez un autre dossier avec VITAWIN_DATA_DIR.`
    }
  }
  try {
    connect(':memory:', {}).close()
  } catch (error) {
    return (
      `better-sqlite3 ne se charge pas dans Node.js ${process.version} (${(error as Error).message.split('\n')[0]}). ` +
      'Lancez « npm rebuild better-sqlite3 » (ou « npm ci »), puis relancez.'
    )
  }
  return null
}

function alreadyOpen(running: RunningInstance): number {
  console.log(`Vitawin Back-office est déjà ouvert en mode navigateur sur ce dossier de données (processus ${running.pid}).`)
  console.log(`Ouvrez : ${running.url}`)
  return 0
}

function listenProblem(error: NodeJS.ErrnoException, port: number): string {
  if (error.code === 'EADDRINUSE') {
    return `Le port ${port} est déjà utilisé (peut-être par Vitawin Back-office ouvert ailleurs). Fermez ce programme, ou choisissez un autre port : PORT=${port + 1} npm start (ou laissez PORT vide pour un port libre).`
  }
  if (error.code === 'EACCES') return `Le port ${port} est réservé sur ce poste. Choisissez un port au-dessus de 1024, ou laissez PORT vide pour un port libre.`
  return `Le serveur local n'a pas pu démarrer sur le port ${port} : ${error.message}`
}

async function main(): Promise<number> {
  const port = process.env.PORT ? Number(process.env.PORT) : 0
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT invalide : « ${process.env.PORT} ». Indiquez un nombre entre 1024 et 65535, ou rien pour un port libre.`)
    return 2
  }
  const file = defaultDatabaseFile()
  const dataDir = userDataDir()
  const problem = startProblem(file, dataDir)
  if (problem) {
    console.error(problem)
    return 1
  }
  const running = runningInstance(dataDir)
  if (running) return alreadyOpen(running)
  // VITAWIN_DATABASE_URL: a team database instead of the file.
  let target
  try {
    target = chooseDatabaseTarget({ file })
  } catch (error) {
    console.error(toAppError(error).message)
    return 2
  }
  const host = await createAppHost(target, file, { dataDir })
  let server: WebServer
  try {
    server = await startWebServer({ host, port, rendererDir: process.env.VITAWIN_RENDERER_DIR ?? path.resolve(here, '../renderer') })
  } catch (error) {
    await host.close()
    console.error(listenProblem(error as NodeJS.ErrnoException, port))
    return 1
  }
  const claim = claimInstance(dataDir, server.url)
  if (!claim.claimed) {
    await server.close()
    await host.close()
    return alreadyOpen(claim.running)
  }
  const database = host.services.database()
  console.log(`Vitawin Back-office (mode navigateur)`)
  console.log(`Données : ${target.kind === 'sqlite' ? file : host.store?.location ?? database.realFile}${database.kind === 'demo' ? ` (la démonstration est ouverte : ${database.file})` : ''}`)
  if (host.openError) console.error(`Attention : ${host.openError.message}`)
  console.log(`Ouvrez : ${server.url}`)
  console.log('Pour arrêter : Ctrl+C dans ce terminal.')

  return new Promise((resolve) => {
    let stopping = false
    const stop = async () => {
      // A Ctrl+C arrives twice when `npm start` passes it on too: one stop.
      if (stopping) return
      stopping = true
      console.log('Arrêt de Vitawin Back-office…')
      await server.close()
      await host.close()
      claim.release()
      console.log('Vitawin Back-office est arrêté ; les données sont enregistrées.')
      resolve(0)
    }
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop())
  })
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
