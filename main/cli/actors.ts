import fs from 'node:fs'
import path from 'node:path'
import { openStore, type DatabaseTarget, type Store } from '../../db/backend'
import { AppError } from '../../db/errors'
import { DIRECTORY_COLUMNS } from '../../db/rules/actor-columns'
import type { ApiArgs, ApiName, ApiResult } from '../api'
import { createApiHost, type ApiHost } from '../api/host'
import { createProgressReporter, numberFormat } from './terminal'

// The CRM's commands: the same API the app calls, through an in-process host.

export interface ActorCommandContext {
  file: string
  /** The file, or the team database (--database-url, VITAWIN_DATABASE_URL). */
  target: DatabaseTarget
  values: Record<string, string | boolean | undefined>
  /** Options given several times (--column, --value). */
  lists?: Record<string, string[]>
  positionals: string[]
}

/** Runs a command over the database, opened as the app opens it. */
export async function withStore<T>(target: DatabaseTarget, run: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(target)
  try {
    return await run(store)
  } finally {
    await store.close()
  }
}

/**
 * Runs a command through the API the app calls, in-process. `allowOpenError`: the command deals
 * with a database that cannot be opened (restore).
 */
export async function withHost<T>(
  target: DatabaseTarget,
  run: (host: ApiHost<Store>, call: <N extends ApiName>(name: N, args: ApiArgs<N>) => Promise<ApiResult<N>>) => Promise<T>,
  allowOpenError = false,
): Promise<T> {
  const host = await createApiHost(target)
  if (host.openError && !allowOpenError) {
    await host.close()
    throw new AppError(host.openError.code as never, host.openError.message)
  }
  const reporter = createProgressReporter()
  try {
    return await run(host, async (name, args) => {
      const envelope = await host.call(name, args, (progress) => reporter.update(progress))
      reporter.done()
      if (!envelope.ok) throw new AppError(envelope.error.code as never, envelope.error.message, envelope.error.details)
      return envelope.value as never
    })
  } finally {
    reporter.done()
    await host.close()
  }
}

export function inputFile(positionals: string[], usage: string): string {
  const given = positionals[0]
  if (!given) throw new AppError('invalid_input', `Indiquez le fichier : ${usage}`)
  if (!fs.existsSync(given)) throw new AppError('not_found', `Fichier introuvable : ${path.resolve(given)}`)
  return given
}

export async function importSireneCommand({ target, positionals }: ActorCommandContext): Promise<number> {
  const source = inputFile(positionals, 'npm run cli -- import sirene <StockEtablissement.csv>')
  return withHost(target, async (host, call) => {
    const handle = host.files.register(source)
    const started = Date.now()
    const report = await call('actors.import.sirene', { fileId: handle.id })
    console.log(
      `Import SIRENE terminé en ${numberFormat.format(Math.round((Date.now() - started) / 100) / 10)} s : ${numberFormat.format(report.linesRead)} lignes lues, ` +
        `${numberFormat.format(report.inTerritory)} établissements du territoire, ${numberFormat.format(report.created)} ajoutés, ` +
        `${numberFormat.format(report.updated)} mis à jour, ${numberFormat.format(report.closed)} fermetures.`,
    )
    return 0
  })
}

export async function exportActorsCommand({ target, values }: ActorCommandContext): Promise<number> {
  const out = values.out
  if (typeof out !== 'string' || !out) throw new AppError('invalid_input', 'Indiquez le fichier à écrire : --out <fichier.xlsx>.')
  return withHost(target, async (host, call) => {
    const directory = await call('actors.directory', undefined)
    if (directory.rows.length === 0) throw new AppError('not_found', "L'annuaire est vide : rien à exporter.")
    const keys = [...directory.rows].sort((a, b) => String(a[2]).localeCompare(String(b[2]), 'fr')).map((row) => String(row[0]))
    const columns = DIRECTORY_COLUMNS.filter((column) => column.visible || values.all).map((column) => column.id)
    const result = await call('actors.export', { keys: keys as never, columns })
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true })
    fs.copyFileSync(host.files.resolve(result.fileId).path, out)
    console.log(`${numberFormat.format(result.rows)} acteurs exportés dans ${path.resolve(out)}.`)
    return 0
  })
}
