import path from 'node:path'
import { AppError } from '../../db/errors'
import { chooseDatabaseTarget, describeTarget, openStore, parsePostgresUrl, type PostgresTarget } from '../../db/backend'
import { plural } from '../../db/rules/format'
import type { CopyReport } from '../../db/transfer/copy'
import { exportTeamToFile, moveFileToTeam, restoreFileToTeam, type TeamCopyOptions } from '../../db/transfer/files'
import { createProgressReporter, formatBytes, numberFormat } from './terminal'

// Team mode from a terminal: `team move --to <url>` copies the local file into an empty team
// database, `team export --out <file>` writes the team database into a verified SQLite file (its
// backup), `restore --from <file>` with a team database loads a backup into it when it is empty.

export interface TeamCommandContext {
  file: string
  values: Record<string, string | boolean | undefined>
  positionals: string[]
}

/** The team database the command works on (--database-url, else VITAWIN_DATABASE_URL); null for the local file. */
export function teamTargetOf(values: TeamCommandContext['values']): PostgresTarget | null {
  const target = chooseDatabaseTarget({ databaseUrl: typeof values['database-url'] === 'string' ? values['database-url'] : undefined, file: '.' })
  return target.kind === 'postgres' ? target.config : null
}

function requireTeamTarget(values: TeamCommandContext['values'], usage: string): PostgresTarget {
  const target = teamTargetOf(values)
  if (!target) throw new AppError('invalid_input', `Indiquez la base d'équipe : --database-url postgresql://utilisateur@serveur:5432/base (ou VITAWIN_DATABASE_URL). ${usage}`)
  return target
}

const seconds = (ms: number) => `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(ms / 1000)} s`

function printReport(report: CopyReport): void {
  const filled = report.tables.filter((table) => table.rows > 0)
  console.log(
    `Copie vérifiée ligne à ligne : ${plural(report.rows, 'ligne')} dans ${plural(report.tables.length, 'table')}, ` +
      `empreintes identiques des deux côtés ; index de recherche reconstruit (${plural(report.searchRows, 'entrée')}) ; ${seconds(report.durationMs)}.`,
  )
  const width = Math.max(...filled.map((table) => table.table.length))
  for (const table of filled) console.log(`  ${table.table.padEnd(width)}  ${numberFormat.format(table.rows).padStart(10)}  ${table.sha256.slice(0, 16)}`)
}

/** Runs a transfer with its progress on the terminal. */
async function withProgress<T>(values: TeamCommandContext['values'], run: (options: TeamCopyOptions) => Promise<T>): Promise<T> {
  const reporter = createProgressReporter()
  try {
    return await run({ migrate: values.migrate === true, onProgress: (progress) => reporter.update(progress) })
  } finally {
    reporter.done()
  }
}

async function move({ file, values }: TeamCommandContext): Promise<number> {
  const to = values.to
  if (typeof to !== 'string' || !to) throw new AppError('invalid_input', 'Indiquez la base d’équipe vide à remplir : team move --to postgresql://utilisateur@serveur:5432/base.')
  const target = parsePostgresUrl(to)
  const report = await withProgress(values, (options) => moveFileToTeam(file, target, options))
  console.log(`Base locale copiée dans la base d'équipe : ${path.resolve(file)} → ${describeTarget(target)}.`)
  printReport(report)
  console.log(`Le fichier local n'a pas été modifié. Pour travailler sur la base d'équipe : VITAWIN_DATABASE_URL=${describeTarget(target)}.`)
  return 0
}

async function exportToFile({ values }: TeamCommandContext, usage: string): Promise<number> {
  const out = values.out
  if (typeof out !== 'string' || !out) throw new AppError('invalid_input', `Indiquez le fichier à écrire : --out <fichier.sqlite>. ${usage}`)
  const target = requireTeamTarget(values, usage)
  const report = await withProgress(values, (options) => exportTeamToFile(target, out, options))
  console.log(`Base d'équipe copiée dans un fichier local vérifié : ${describeTarget(target)} → ${report.file} (${formatBytes(report.sizeBytes)}).`)
  printReport(report)
  return 0
}

/** `team migrate`: the schema's update by its owner (the application's account is refused, README « Mode équipe »). */
async function migrateTeam({ values }: TeamCommandContext): Promise<number> {
  const target = requireTeamTarget(values, 'Usage : team migrate --database-url postgresql://proprietaire@serveur:5432/base.')
  const store = await openStore({ kind: 'postgres', config: target }, { migrate: true })
  await store.close()
  console.log(`Base d'équipe à jour : ${describeTarget(target)}, schéma ${store.schemaVersion}.`)
  return 0
}

/** `team move --to <url>`, `team export --out <file.sqlite>` and `team migrate`. */
export async function teamCommand(context: TeamCommandContext): Promise<number> {
  const [action] = context.positionals
  if (action === 'move') return move(context)
  if (action === 'export') return exportToFile(context, 'Usage : team export --out <fichier.sqlite> --database-url <adresse>.')
  if (action === 'migrate') return migrateTeam(context)
  throw new AppError(
    'invalid_input',
    'Précisez : « team move --to postgresql://… » (la base locale vers une base d’équipe vide), « team export --out <fichier.sqlite> » (la base d’équipe vers un fichier) ou « team migrate » (la mise à jour du schéma, avec le compte propriétaire).',
  )
}

/** `backup --out <file.sqlite>` on a team database: the same as `team export`. */
export async function teamBackupCommand(context: TeamCommandContext): Promise<number> {
  return exportToFile(context, 'En mode équipe, la sauvegarde est un fichier : backup --out <fichier.sqlite>.')
}

/** `restore --from <file.sqlite>` on a team database: only into an empty one. */
export async function teamRestoreCommand({ values, positionals }: TeamCommandContext): Promise<number> {
  const from = typeof values.from === 'string' && values.from ? values.from : positionals[0]
  if (!from) throw new AppError('invalid_input', 'Indiquez la sauvegarde à restaurer : restore --from <fichier.sqlite>.')
  const target = requireTeamTarget(values, '')
  const report = await withProgress(values, (options) => restoreFileToTeam(from, target, options))
  console.log(`Sauvegarde restaurée dans la base d'équipe : ${path.resolve(from)} → ${describeTarget(target)}.`)
  printReport(report)
  return 0
}
